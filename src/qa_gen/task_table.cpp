#include "qa_gen/task_table.h"

#include "qa_gen/compatibility_task.h"
#include "qa_gen/configuration_task.h"
#include "qa_gen/free_space_tasks.h"
#include "qa_gen/grounding_task.h"
#include "qa_gen/object_reference_task.h"
#include "qa_gen/view_items.h"

namespace spatialgen {

const std::vector<TaskInfo>& TaskTable() {
  static const std::vector<TaskInfo> table = {
      {"configuration", AnswerKind::kYesNo, {"a", "b", "rel", "frame", "Frame"}, {"a", "b", "rel"}, true, 30,
       [](const TaskInputs& in) {
         return ConfigurationCandidates(in.context, in.library, in.options.ParsedFrames(), in.options.relations,
                                        in.counters);
       }},
      {"grounding", AnswerKind::kBox, {"a"}, {"a"}, false, 10,
       [](const TaskInputs& in) { return GroundingCandidates(in.context, in.library); }},
      {"object_reference", AnswerKind::kPoints, {"a", "rel"}, {"a", "rel"}, false, 10,
       [](const TaskInputs& in) {
         return ObjectReferenceCandidates(in.context, in.library, in.options.relations, in.options.points, in.counters);
       }},
      {"context", AnswerKind::kPoints, {"b", "rel", "frame", "Frame"}, {"b", "rel"}, true, 10,
       [](const TaskInputs& in) {
         return ContextCandidates(in.context, in.library, in.options.ParsedFrames(), in.options.relations,
                                  in.options.points, in.free_space, in.counters);
       }},
      {"free_space_reference", AnswerKind::kPoints, {"rel"}, {"rel"}, false, 10,
       [](const TaskInputs& in) {
         return FreeSpaceReferenceCandidates(in.context, in.library, in.options.relations, in.options.points,
                                             in.free_space, in.counters);
       }},
      {"compatibility", AnswerKind::kYesNo, {"a", "b", "rel", "frame", "Frame"}, {"a", "b", "rel"}, true, 8,
       [](const TaskInputs& in) {
         return CompatibilityCandidates(in.context, in.library, in.options.ParsedFrames(), in.options.relations,
                                        in.options.compatibility, /*on_top=*/false, in.rng, in.counters);
       }},
      {"compatibility_on_top", AnswerKind::kYesNo, {"a", "b"}, {"a", "b"}, false, 4,
       [](const TaskInputs& in) {
         return CompatibilityCandidates(in.context, in.library, in.options.ParsedFrames(), in.options.relations,
                                        in.options.compatibility, /*on_top=*/true, in.rng, in.counters);
       }},
  };
  return table;
}

const TaskInfo* FindTask(std::string_view name) {
  for (const TaskInfo& task : TaskTable()) {
    if (name == task.name) return &task;
  }
  return nullptr;
}

std::vector<std::string> TaskNames() {
  std::vector<std::string> names;
  for (const TaskInfo& task : TaskTable()) names.emplace_back(task.name);
  return names;
}

std::map<std::string, int> DefaultTaskCaps() {
  std::map<std::string, int> caps;
  for (const TaskInfo& task : TaskTable()) caps[task.name] = task.default_cap;
  return caps;
}

}  // namespace spatialgen
