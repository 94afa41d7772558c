#include "qa_gen/grounding_task.h"

#include <fmt/format.h>

namespace spatialgen {

std::string FormatBox(const Eigen::AlignedBox2d& box) {
  return fmt::format("[{:.3f}, {:.3f}, {:.3f}, {:.3f}]", box.min().x(), box.min().y(),
                     box.max().x(), box.max().y());
}

std::vector<PendingItem> GroundingCandidates(const ViewContext& context, const TemplateLibrary& library) {
  const TaskTemplates& task = library.Task("grounding");
  const Eigen::Vector2d image_size(context.view->width, context.view->height);
  std::vector<PendingItem> pending;
  for (const VisibleObject* visible : context.Nameable()) {
    PendingItem item;
    item.candidate = {"grounding", std::nullopt};
    item.item.task = task.task;
    item.item.answer_kind = AnswerKind::kBox;
    item.item.box_normalized = Eigen::AlignedBox2d(
        visible->visible_box.min().cwiseQuotient(image_size),
        visible->visible_box.max().cwiseQuotient(image_size));
    item.item.answer = FormatBox(item.item.box_normalized);
    item.item.object_ids = {visible->object->id};
    item.item.object_labels = {visible->object->label};
    item.placeholders = {{"a", visible->object->NameInQuestions()}};
    pending.push_back(std::move(item));
  }
  return pending;
}

}  // namespace spatialgen
