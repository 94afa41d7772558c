#include "qa_gen/configuration_task.h"

namespace spatialgen {

std::vector<PendingItem> ConfigurationCandidates(const ViewContext& context,
                                                 const TemplateLibrary& library,
                                                 const std::vector<Frame>& frames,
                                                 const RelationOptions& options,
                                                 Counters& counters) {
  const TaskTemplates& task = library.Task("configuration");
  const std::vector<const VisibleObject*> nameable = context.Nameable();
  std::vector<PendingItem> pending;
  for (const VisibleObject* a : nameable) {
    for (const VisibleObject* b : nameable) {
      if (a == b) continue;
      const RelationQuery query{a->object, b->object, a->InImage(), b->InImage()};
      for (Frame frame : frames) {
        for (const RelationEntry& relation : library.relations) {
          const std::optional<Truth> truth = EvaluateRelation(
              frame, relation.axis, relation.sign, query, *context.scene, *context.view, options);
          if (!truth) continue;  // the frame does not exist for this pair
          if (*truth == Truth::kAmbiguous) {
            counters.Add("configuration.ambiguous");
            continue;
          }
          const bool yes = *truth == Truth::kTrue;
          PendingItem item;
          item.candidate = {"configuration/" + std::string(FrameName(frame)) + "/" + relation.name, yes};
          item.item.task = task.task;
          item.item.frame = FrameName(frame);
          item.item.relation = relation.name;
          item.item.answer_kind = AnswerKind::kYesNo;
          item.item.answer_yes = yes;
          item.item.answer = yes ? "yes" : "no";
          item.item.object_ids = {a->object->id, b->object->id};
          item.item.object_labels = {a->object->label, b->object->label};
          item.placeholders = {{"a", a->object->NameInQuestions()}, {"b", b->object->NameInQuestions()}};
          item.relation = &relation;
          item.frame = frame;
          pending.push_back(std::move(item));
        }
      }
    }
  }
  return pending;
}

}  // namespace spatialgen
