#include "qa_gen/object_reference_task.h"

#include <fmt/format.h>

#include <map>

namespace spatialgen {
namespace {

// The one object among `same_label` that is `relation` the anchor in the ego frame, when
// exactly one is true and none is ambiguous.
const VisibleObject* UniqueTarget(const std::vector<const VisibleObject*>& same_label,
                                  const VisibleObject& anchor, const RelationEntry& relation,
                                  const RelationWorld& world) {
  const VisibleObject* target = nullptr;
  for (const VisibleObject* candidate : same_label) {
    if (candidate == &anchor) continue;
    const RelationQuery query{candidate->object, anchor.object, candidate->InImage(), anchor.InImage()};
    const std::optional<Truth> truth = EvaluatePredicate(relation.test, Frame::kEgo, query, world);
    if (!truth || *truth == Truth::kAmbiguous) return nullptr;
    if (*truth == Truth::kFalse) continue;
    if (target) return nullptr;  // two of that label qualify: the question would not be unique
    target = candidate;
  }
  return target;
}

}  // namespace

std::vector<PendingItem> ObjectReferenceCandidates(const ViewContext& context,
                                                   const TemplateLibrary& library,
                                                   const std::vector<const RelationEntry*>& relations,
                                                   const RelationOptions& relation_options,
                                                   const PointOptions& points, Counters& counters) {
  const TaskTemplates& task = library.Task("object_reference");
  std::map<std::string, std::vector<const VisibleObject*>> by_label;
  for (const VisibleObject& visible : context.referable) by_label[visible.object->NameInQuestions()].push_back(&visible);

  // Per target, its visible mask (the ground-truth region) and the eroded mask points are
  // drawn from, computed once and shared by its items.
  struct TargetMasks {
    std::shared_ptr<const RegionMask> visible;
    std::shared_ptr<const PointPool> eroded;  // the pixels of the eroded mask
  };
  std::map<int, TargetMasks> masks;
  auto masks_of = [&](int target_id) -> const TargetMasks& {
    auto it = masks.find(target_id);
    if (it != masks.end()) return it->second;
    auto visible = std::make_shared<const RegionMask>(context.VisibleMask(target_id));
    auto eroded = std::make_shared<const PointPool>(ErodedPool(*visible, points.object_erosion_px));
    return masks.emplace(target_id, TargetMasks{std::move(visible), std::move(eroded)}).first->second;
  };
  const RelationWorld world = context.Relations(relation_options);
  std::vector<PendingItem> pending;
  for (const VisibleObject& anchor : context.referable) {
    for (const RelationEntry* relation : relations) {
      for (const auto& [name, same_label] : by_label) {
        const VisibleObject* target = UniqueTarget(same_label, anchor, *relation, world);
        if (!target) continue;
        const int target_id = target->object->id;
        const TargetMasks& target_masks = masks_of(target_id);
        if (int(target_masks.eroded->pixels.size()) < points.min_points) {
          counters.Add("object_reference.too_few_pixels");
          continue;
        }
        PendingItem item;
        item.candidate = {"object_reference/ego/" + relation->name, std::nullopt};
        item.item.task = task.task;
        item.item.frame = "ego";
        item.item.relation = relation->name;
        item.item.answer_kind = AnswerKind::kPoints;
        item.item.object_ids = {target_id, anchor.object->id};
        item.item.object_labels = {target->object->label, anchor.object->label};
        item.item.marked_anchor = anchor.object->id;
        item.item.region = target_masks.visible;
        item.item.mask = fmt::format("masks/{}/{}_obj{}.png", context.scene->id, context.view->id, target_id);
        item.placeholders = {{"a", name}};
        item.relation = relation;
        item.point_pool = target_masks.eroded;
        pending.push_back(std::move(item));
      }
    }
  }
  return pending;
}

}  // namespace spatialgen
