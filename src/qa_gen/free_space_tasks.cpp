#include "qa_gen/free_space_tasks.h"

#include <fmt/format.h>

namespace spatialgen {
namespace {

// A candidate for the free region where `relation` holds for `anchor` (and `second`, for
// relations with two anchors) in `frame`, or nullopt when the relation has no point form
// there or too few free pixels are visible there.
std::optional<PendingItem> FreeSpaceCandidate(const ViewContext& context, const std::string& task,
                                              const VisibleObject& anchor, const VisibleObject* second, Frame frame,
                                              const RelationEntry& relation, const RelationWorld& world,
                                              const PointOptions& points, FreeSpaceView& free_space,
                                              Counters& counters) {
  const std::optional<PointTest> test = PointTest::Make(relation.test, frame, *anchor.object, anchor.InImage(),
                                                        second ? second->object : nullptr, world);
  if (!test) return std::nullopt;
  const RegionKey key{anchor.object->id, second ? second->object->id : -1, &relation, frame};
  std::shared_ptr<const FreeRegion> region = free_space.RegionBeside(key, *anchor.object, *test);
  if (!region || !region->HasAtLeast(points.min_points)) {
    counters.Add(task + ".no_free_space");
    return std::nullopt;
  }
  const std::string frame_name(FrameName(frame));
  PendingItem item;
  item.candidate = {task + "/" + frame_name + "/" + relation.name, std::nullopt};
  item.item.task = task;
  item.item.frame = frame_name;
  item.item.relation = relation.name;
  item.item.answer_kind = AnswerKind::kPoints;
  item.item.object_ids = {anchor.object->id};
  item.item.object_labels = {anchor.object->label};
  const std::string anchors =
      second ? fmt::format("{}_{}", anchor.object->id, second->object->id) : std::to_string(anchor.object->id);
  item.item.mask = fmt::format("masks/{}/{}_free{}_{}_{}.png", context.scene->id, context.view->id, anchors,
                               frame_name, relation.name);
  if (second) {
    item.item.object_ids.push_back(second->object->id);
    item.item.object_labels.push_back(second->object->label);
    item.placeholders["c"] = second->object->NameInQuestions();
  }
  item.relation = &relation;
  item.free_region = std::move(region);  // its mask and pool are made if it is selected
  return item;
}

}  // namespace

std::vector<PendingItem> ContextCandidates(const ViewContext& context, const TemplateLibrary& library,
                                           const std::vector<Frame>& frames,
                                           const std::vector<const RelationEntry*>& relations,
                                           const RelationOptions& relation_options, const PointOptions& points,
                                           FreeSpaceView& free_space, Counters& counters) {
  const TaskTemplates& task = library.Task("context");
  const RelationWorld world = context.Relations(relation_options);
  const std::vector<const VisibleObject*> nameable = context.Nameable();
  std::vector<PendingItem> pending;
  for (const VisibleObject* anchor : nameable) {
    for (const RelationEntry* relation : relations) {
      // Between B and C is between C and B: each unordered pair of anchors once.
      std::vector<const VisibleObject*> second_anchors = {nullptr};
      if (NeedsSecondAnchor(relation->test)) {
        second_anchors.clear();
        for (const VisibleObject* c : nameable) {
          if (c > anchor) second_anchors.push_back(c);
        }
      }
      for (const VisibleObject* second : second_anchors) {
        for (Frame frame : FramesToAsk(relation->test, frames, *anchor->object, world)) {
          std::optional<PendingItem> item = FreeSpaceCandidate(context, task.task, *anchor, second, frame, *relation,
                                                               world, points, free_space, counters);
          if (!item) continue;
          item->placeholders["b"] = anchor->object->NameInQuestions();
          item->frame = frame;
          pending.push_back(std::move(*item));
        }
      }
    }
  }
  return pending;
}

std::vector<PendingItem> FreeSpaceReferenceCandidates(const ViewContext& context,
                                                      const TemplateLibrary& library,
                                                      const std::vector<const RelationEntry*>& relations,
                                                      const RelationOptions& relation_options,
                                                      const PointOptions& points, FreeSpaceView& free_space,
                                                      Counters& counters) {
  const TaskTemplates& task = library.Task("free_space_reference");
  const RelationWorld world = context.Relations(relation_options);
  std::vector<PendingItem> pending;
  for (const VisibleObject& anchor : context.referable) {
    for (const RelationEntry* relation : relations) {
      std::optional<PendingItem> item = FreeSpaceCandidate(context, task.task, anchor, nullptr, Frame::kEgo, *relation,
                                                           world, points, free_space, counters);
      if (!item) continue;
      item->item.marked_anchor = anchor.object->id;
      pending.push_back(std::move(*item));
    }
  }
  return pending;
}

}  // namespace spatialgen
