#include "qa_gen/task_table.h"

#include <algorithm>

#include "qa_gen/compatibility_task.h"
#include "qa_gen/configuration_task.h"
#include "qa_gen/free_space_tasks.h"
#include "qa_gen/grounding_task.h"
#include "qa_gen/object_reference_task.h"
#include "qa_gen/view_items.h"

namespace spatialgen {

const std::vector<TaskInfo>& TaskTable() {
  using K = PredicateKind;
  static const std::vector<TaskInfo> table = {
      // Yes/no on named objects: every test but the superlative (named objects have labels
      // unique in the view, so "the nearest cup" would always be the one cup).
      {"configuration", AnswerKind::kYesNo, {"a", "b", "rel", "frame", "Frame"}, {"a", "b", "rel"}, true, 30,
       [](const TaskInputs& in) {
         return ConfigurationCandidates(in.context, in.library, in.options.ParsedFrames(), in.relations,
                                        in.options.relations, in.counters);
       },
       {K::kBeyond, K::kSector, K::kGap, K::kSupportedBy, K::kInside, K::kBetween, K::kAllOf}},
      {"grounding", AnswerKind::kBox, {"a"}, {"a"}, false, 10,
       [](const TaskInputs& in) { return GroundingCandidates(in.context, in.library); }},
      // Points on the one object of a label that is rel the red-boxed anchor: one anchor only
      // (no between: the second would have to be named).
      {"object_reference", AnswerKind::kPoints, {"a", "rel"}, {"a", "rel"}, false, 10,
       [](const TaskInputs& in) {
         return ObjectReferenceCandidates(in.context, in.library, in.relations, in.options.relations,
                                          in.options.points, in.counters);
       },
       {K::kBeyond, K::kSector, K::kGap, K::kSupportedBy, K::kInside, K::kNearest, K::kAllOf}},
      // Free-space points: tests with a point form (no free space is on, inside or the
      // nearest of anything); between with the second anchor named.
      {"context", AnswerKind::kPoints, {"b", "rel", "frame", "Frame"}, {"b", "rel"}, true, 10,
       [](const TaskInputs& in) {
         return ContextCandidates(in.context, in.library, in.options.ParsedFrames(), in.relations,
                                  in.options.relations, in.options.points, in.free_space, in.counters);
       },
       {K::kBeyond, K::kSector, K::kGap, K::kBetween, K::kAllOf}},
      {"free_space_reference", AnswerKind::kPoints, {"rel"}, {"rel"}, false, 10,
       [](const TaskInputs& in) {
         return FreeSpaceReferenceCandidates(in.context, in.library, in.relations, in.options.relations,
                                             in.options.points, in.free_space, in.counters);
       },
       {K::kBeyond, K::kSector, K::kGap, K::kAllOf}},
      // A placement of A on B's surface that satisfies the test: horizontal tests only (on top
      // of is its own task; a gap with `min` is skipped, placements are searched near B).
      {"compatibility", AnswerKind::kYesNo, {"a", "b", "rel", "frame", "Frame"}, {"a", "b", "rel"}, true, 8,
       [](const TaskInputs& in) {
         return CompatibilityCandidates(in.context, in.options.ParsedFrames(), in.relations,
                                        in.options.relations, in.options.compatibility, /*on_top=*/false, in.rng,
                                        in.counters);
       },
       {K::kBeyond, K::kSector, K::kGap, K::kAllOf}},
      {"compatibility_on_top", AnswerKind::kYesNo, {"a", "b"}, {"a", "b"}, false, 4,
       [](const TaskInputs& in) {
         return CompatibilityCandidates(in.context, in.options.ParsedFrames(), in.relations,
                                        in.options.relations, in.options.compatibility, /*on_top=*/true, in.rng,
                                        in.counters);
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

std::vector<const RelationEntry*> TaskRelations(const TaskInfo& task, const TemplateLibrary& library,
                                                const std::vector<std::string>& selected) {
  std::vector<const RelationEntry*> relations;
  for (const RelationEntry& relation : library.relations) {
    if (!selected.empty() && std::find(selected.begin(), selected.end(), relation.name) == selected.end()) continue;
    const std::set<PredicateKind> kinds = KindsOf(relation.test);
    if (std::includes(task.relation_kinds.begin(), task.relation_kinds.end(), kinds.begin(), kinds.end())) {
      relations.push_back(&relation);
    }
  }
  return relations;
}

}  // namespace spatialgen
