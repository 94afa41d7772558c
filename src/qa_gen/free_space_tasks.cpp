#include "qa_gen/free_space_tasks.h"

#include <fmt/format.h>

namespace spatialgen {
namespace {

// A candidate for the free region `relation` of `anchor` in `frame`, or nullopt when the frame
// does not exist for the anchor or too few free pixels are visible there.
std::optional<PendingItem> FreeSpaceCandidate(const ViewContext& context, const std::string& task,
                                              const VisibleObject& anchor, Frame frame,
                                              const RelationEntry& relation, const RelationOptions& relations,
                                              const PointOptions& points, FreeSpaceView& free_space,
                                              Counters& counters) {
  const std::optional<PointSideTest> side = PointSideTest::Make(
      frame, relation.axis, relation.sign, *anchor.object, anchor.InImage(), *context.scene, *context.view, relations);
  if (!side) return std::nullopt;
  std::shared_ptr<const FreeRegion> region = free_space.RegionBeside(*anchor.object, *side);
  if (!region || region->pixel_count() < points.min_points) {
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
  item.item.mask = fmt::format("masks/{}/{}_free{}_{}_{}.png", context.scene->id, context.view->id,
                               anchor.object->id, frame_name, relation.name);
  item.relation = &relation;
  item.free_region = std::move(region);  // its mask and pool are made if it is selected
  return item;
}

}  // namespace

std::vector<PendingItem> ContextCandidates(const ViewContext& context, const TemplateLibrary& library,
                                           const std::vector<Frame>& frames, const RelationOptions& relations,
                                           const PointOptions& points, FreeSpaceView& free_space,
                                           Counters& counters) {
  const TaskTemplates& task = library.Task("context");
  std::vector<PendingItem> pending;
  for (const VisibleObject* anchor : context.Nameable()) {
    for (Frame frame : frames) {
      for (const RelationEntry& relation : library.relations) {
        std::optional<PendingItem> item = FreeSpaceCandidate(context, task.task, *anchor, frame, relation,
                                                             relations, points, free_space, counters);
        if (!item) continue;
        item->placeholders = {{"b", anchor->object->NameInQuestions()}};
        item->frame = frame;
        pending.push_back(std::move(*item));
      }
    }
  }
  return pending;
}

std::vector<PendingItem> FreeSpaceReferenceCandidates(const ViewContext& context,
                                                      const TemplateLibrary& library,
                                                      const RelationOptions& relations,
                                                      const PointOptions& points, FreeSpaceView& free_space,
                                                      Counters& counters) {
  const TaskTemplates& task = library.Task("free_space_reference");
  std::vector<PendingItem> pending;
  for (const VisibleObject& anchor : context.referable) {
    for (const RelationEntry& relation : library.relations) {
      std::optional<PendingItem> item = FreeSpaceCandidate(context, task.task, anchor, Frame::kEgo, relation,
                                                           relations, points, free_space, counters);
      if (!item) continue;
      item->item.marked_anchor = anchor.object->id;
      pending.push_back(std::move(*item));
    }
  }
  return pending;
}

}  // namespace spatialgen
