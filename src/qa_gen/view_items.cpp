#include "qa_gen/view_items.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

#include "core/check.h"
#include "qa_gen/task_table.h"

namespace spatialgen {
namespace {

// Keeps the points whose camera ray is clear (an Embree occlusion test, SPEC section 5).
void DropOccludedPoints(const ViewContext& context, std::vector<Eigen::Vector2d>& pixels,
                        std::vector<Eigen::Vector3d>& points_in_world) {
  const Eigen::Vector3f camera = context.view->CenterInWorld().cast<float>();
  std::vector<Eigen::Vector3f> origins(points_in_world.size(), camera), targets;
  for (const Eigen::Vector3d& point : points_in_world) targets.push_back(point.cast<float>());
  std::vector<uint8_t> occluded(points_in_world.size());
  context.caster->Occluded(origins, targets, occluded);
  size_t kept = 0;
  for (size_t k = 0; k < points_in_world.size(); ++k) {
    if (occluded[k]) continue;
    pixels[kept] = pixels[k];
    points_in_world[kept++] = points_in_world[k];
  }
  pixels.resize(kept);
  points_in_world.resize(kept);
}

// Samples a selected point item's answer from its pool; false when too few points fit.
bool SampleAnswerPoints(PendingItem& pending, const ViewContext& context, const PointOptions& options, Rng& rng) {
  const PointPool& pool = *pending.point_pool;
  const int count = int(rng.UniformInt(options.min_points_sampled, options.max_points));
  std::vector<Eigen::Vector2d> pixels;
  for (size_t k : SampleSpaced(pool.pixels, count, options.min_spacing_px, rng)) {
    pixels.push_back(pool.pixels[k]);
    if (!pool.points_in_world.empty()) pending.item.points_in_world.push_back(pool.points_in_world[k]);
  }
  if (!pending.item.points_in_world.empty()) DropOccludedPoints(context, pixels, pending.item.points_in_world);
  if (int(pixels.size()) < options.min_points) return false;
  pending.item.points_normalized = Normalized(pixels, context.view->width, context.view->height);
  pending.item.answer = FormatPoints(pending.item.points_normalized);
  return true;
}

// Picks the phrasing and the relation and frame phrases, and fills the placeholders.
void Word(PendingItem& pending, const TaskTemplates& task, const TemplateLibrary& library, const ViewContext& context,
          Rng& rng) {
  size_t phrasing_index = 0;
  const std::string& phrasing = Pick(task.phrasings, rng, &phrasing_index);
  std::map<std::string, std::string> values = pending.placeholders;
  // A relation phrase may name the second anchor ("between the {c} and").
  if (pending.relation) values["rel"] = FillPlaceholders(Pick(pending.relation->phrases, rng), values);
  if (pending.frame) {
    const WorldFront::Mode world_mode = WorldFrontOf(*context.scene).mode;
    values["frame"] = FillPlaceholders(Pick(library.FramePhrases(*pending.frame, world_mode), rng), values);
  }
  pending.item.question = FillPlaceholders(phrasing, values);
  pending.item.template_id = task.task + "#" + std::to_string(phrasing_index);
  pending.item.formats = task.formats;
}

}  // namespace

void GenerationOptions::Check() const {
  // Settings that can only give an empty dataset are errors, not a run that writes nothing.
  SG_CHECK_OPTION(!tasks.empty(), tasks, "must name at least one task");
  for (const std::string& task : tasks) {
    CheckOption(FindTask(task) != nullptr, "tasks",
                fmt::format("unknown task \"{}\" (known: {})", task, fmt::join(TaskNames(), ", ")));
  }
  ParsedFrames();
  SG_CHECK_OPTION_GE(max_items_per_view, 1);
  bool any_cap = false;
  for (const auto& [task, cap] : max_items_per_task) {
    CheckOption(FindTask(task) != nullptr, "max_items_per_task." + task, "unknown task");
    CheckOption(cap >= 0, "max_items_per_task." + task, fmt::format("must be >= 0, got {}", cap));
    if (cap > 0 && std::find(tasks.begin(), tasks.end(), task) != tasks.end()) any_cap = true;
  }
  SG_CHECK_OPTION(any_cap, max_items_per_task, "every task to generate has a cap of 0");
  relations.Check();  // its keys sit in this section
  CheckNested(points, "points");
  CheckNested(marking, "marking");
  CheckNested(free_space, "free_space");
  CheckNested(compatibility, "compatibility");
}

std::vector<Frame> GenerationOptions::ParsedFrames() const {
  std::vector<Frame> parsed;
  for (const std::string& name : frames) {
    const std::optional<Frame> frame = ParseFrame(name);
    if (!frame) throw FieldError("frames", "unknown frame \"" + name + "\" (ego, world, object)");
    parsed.push_back(*frame);
  }
  return parsed;
}

void ReadOptions(JsonReader& reader, GenerationOptions& options) {
  reader.Read("tasks", options.tasks);
  reader.Read("frames", options.frames);
  reader.Read("relations", options.relation_names);
  reader.Read("max_items_per_view", options.max_items_per_view);
  JsonReader caps = reader.OptionalChild("max_items_per_task");
  for (const TaskInfo& task : TaskTable()) caps.Read(task.name, options.max_items_per_task[task.name]);
  caps.Finish();
  reader.Read("balance_yes_no", options.balance_yes_no);
  ReadOptions(reader, options.relations);
  ReadSection(reader, "points", options.points);
  ReadSection(reader, "marking", options.marking);
  ReadSection(reader, "free_space", options.free_space);
  ReadSection(reader, "compatibility", options.compatibility);
}

void CheckRelationNames(const GenerationOptions& options, const TemplateLibrary& library,
                        const std::string& config_file) {
  std::vector<std::string> known;
  for (const RelationEntry& relation : library.relations) known.push_back(relation.name);
  for (const std::string& name : options.relation_names) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      throw InputError({config_file, "", "generation.relations"},
                       fmt::format("unknown relation \"{}\" (the templates have: {})", name, fmt::join(known, ", ")));
    }
  }
}

std::vector<QaItem> GenerateViewItems(const ViewContext& context, const TemplateLibrary& library,
                                      const GenerationOptions& options, Rng& rng,
                                      Counters& counters) {
  std::vector<QaItem> items;
  std::set<std::string> questions;
  FreeSpaceView free_space(context, options.free_space);
  int budget = options.max_items_per_view;
  for (const std::string& task_name : options.tasks) {
    const TaskTemplates& task = library.Task(task_name);
    const TaskInfo& row = *FindTask(task_name);
    const std::vector<const RelationEntry*> relations = TaskRelations(row, library, options.relation_names);
    std::vector<PendingItem> pending = row.candidates({context, library, options, free_space, rng, counters, relations});
    counters.Add(task_name + ".candidates", int64_t(pending.size()));
    std::vector<Candidate> candidates;
    candidates.reserve(pending.size());
    for (const PendingItem& p : pending) candidates.push_back(p.candidate);
    const auto cap_it = options.max_items_per_task.find(task_name);
    const int cap = std::min(budget, cap_it == options.max_items_per_task.end() ? budget : cap_it->second);
    for (size_t index : SelectCandidates(candidates, cap, options.balance_yes_no, rng)) {
      PendingItem& chosen = pending[index];
      if (chosen.free_region) {
        FreeRegion::Parts region = chosen.free_region->Make();
        chosen.item.region = std::move(region.mask);
        chosen.point_pool = std::move(region.pool);
      }
      if (chosen.point_pool && !SampleAnswerPoints(chosen, context, options.points, rng)) {
        counters.Add(task_name + ".too_few_points");
        continue;
      }
      Word(chosen, task, library, context, rng);
      // Unnamed anchors share wording ("the object in the red box"), so a question is a
      // duplicate only on the same image.
      if (!questions.insert(chosen.item.question + "\n" + std::to_string(chosen.item.marked_anchor)).second) {
        counters.Add(task_name + ".duplicate_question");
        continue;
      }
      QaItem& item = chosen.item;
      item.scene_id = context.scene->id;
      item.view_id = context.view->id;
      item.image = item.marked_anchor >= 0 ? context.MarkedImage(item.marked_anchor) : context.image;
      item.id = fmt::format("{}_{}_{}_{:03d}", item.scene_id, item.view_id, task_name, items.size());
      counters.Add("items." + item.template_id);
      items.push_back(std::move(item));
      --budget;
    }
  }
  return items;
}

}  // namespace spatialgen
