#include "qa_gen/view_items.h"

#include <fmt/format.h>

#include <set>

#include "qa_gen/configuration_task.h"
#include "qa_gen/grounding_task.h"

namespace spatialgen {
namespace {

const std::set<std::string> kKnownTasks = {"configuration", "grounding"};

std::vector<PendingItem> TaskCandidates(const std::string& task, const ViewContext& context,
                                        const TemplateLibrary& library,
                                        const GenerationOptions& options, Counters& counters) {
  if (task == "configuration") {
    return ConfigurationCandidates(context, library, options.ParsedFrames(), options.relations, counters);
  }
  return GroundingCandidates(context, library);
}

// Picks the phrasing and the relation and frame phrases, and fills the placeholders.
void Word(PendingItem& pending, const TaskTemplates& task, const TemplateLibrary& library, Rng& rng) {
  size_t phrasing_index = 0;
  const std::string& phrasing = Pick(task.phrasings, rng, &phrasing_index);
  std::map<std::string, std::string> values = pending.placeholders;
  if (pending.relation) values["rel"] = Pick(pending.relation->phrases, rng);
  if (pending.frame) values["frame"] = FillPlaceholders(Pick(library.frame_phrases.at(*pending.frame), rng), values);
  pending.item.question = FillPlaceholders(phrasing, values);
  pending.item.template_id = task.task + "#" + std::to_string(phrasing_index);
  pending.item.formats = task.formats;
}

}  // namespace

void GenerationOptions::Check() const {
  for (const std::string& task : tasks) {
    if (!kKnownTasks.count(task)) throw InputError({"", "", "generation.tasks"}, "unknown task \"" + task + "\"");
  }
  ParsedFrames();
  if (max_items_per_view < 0) throw InputError({"", "", "generation.max_items_per_view"}, "must be >= 0");
  for (const auto& [task, cap] : max_items_per_task) {
    if (!kKnownTasks.count(task)) {
      throw InputError({"", "", "generation.max_items_per_task." + task}, "unknown task");
    }
    if (cap < 0) throw InputError({"", "", "generation.max_items_per_task." + task}, "must be >= 0");
  }
  relations.Check();
}

std::vector<Frame> GenerationOptions::ParsedFrames() const {
  std::vector<Frame> parsed;
  for (const std::string& name : frames) {
    const std::optional<Frame> frame = ParseFrame(name);
    if (!frame) throw InputError({"", "", "generation.frames"}, "unknown frame \"" + name + "\" (ego, world, object)");
    parsed.push_back(*frame);
  }
  return parsed;
}

void ReadOptions(JsonReader& reader, GenerationOptions& options) {
  reader.Read("tasks", options.tasks);
  reader.Read("frames", options.frames);
  reader.Read("max_items_per_view", options.max_items_per_view);
  if (reader.Has("max_items_per_task")) {
    JsonReader caps = reader.Child("max_items_per_task");
    for (const std::string& task : kKnownTasks) caps.Read(task, options.max_items_per_task[task]);
    caps.Finish();
  }
  reader.Read("balance_yes_no", options.balance_yes_no);
  ReadOptions(reader, options.relations);
}

std::vector<QaItem> GenerateViewItems(const ViewContext& context, const TemplateLibrary& library,
                                      const GenerationOptions& options, Rng& rng,
                                      Counters& counters) {
  std::vector<QaItem> items;
  std::set<std::string> questions;
  int budget = options.max_items_per_view;
  for (const std::string& task_name : options.tasks) {
    const TaskTemplates& task = library.Task(task_name);
    std::vector<PendingItem> pending = TaskCandidates(task_name, context, library, options, counters);
    counters.Add(task_name + ".candidates", int64_t(pending.size()));
    std::vector<Candidate> candidates;
    candidates.reserve(pending.size());
    for (const PendingItem& p : pending) candidates.push_back(p.candidate);
    const auto cap_it = options.max_items_per_task.find(task_name);
    const int cap = std::min(budget, cap_it == options.max_items_per_task.end() ? budget : cap_it->second);
    for (size_t index : SelectCandidates(candidates, cap, options.balance_yes_no, rng)) {
      PendingItem& chosen = pending[index];
      Word(chosen, task, library, rng);
      if (!questions.insert(chosen.item.question).second) {
        counters.Add(task_name + ".duplicate_question");
        continue;
      }
      QaItem& item = chosen.item;
      item.scene_id = context.scene->id;
      item.view_id = context.view->id;
      item.image = context.image;
      item.id = fmt::format("{}_{}_{}_{:03d}", item.scene_id, item.view_id, task_name, items.size());
      counters.Add("items." + item.template_id);
      items.push_back(std::move(item));
      --budget;
    }
  }
  return items;
}

}  // namespace spatialgen
