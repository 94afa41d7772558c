#include "qa_gen/configuration_task.h"

namespace spatialgen {

std::vector<PendingItem> ConfigurationCandidates(const ViewContext& context,
                                                 const TemplateLibrary& library,
                                                 const std::vector<Frame>& frames,
                                                 const std::vector<const RelationEntry*>& relations,
                                                 const RelationOptions& options,
                                                 Counters& counters) {
  const TaskTemplates& task = library.Task("configuration");
  const std::vector<const VisibleObject*> nameable = context.Nameable();
  const RelationWorld world = context.Relations(options);
  std::vector<PendingItem> pending;
  for (const VisibleObject* a : nameable) {
    for (const VisibleObject* b : nameable) {
      if (a == b) continue;
      for (const RelationEntry* relation : relations) {
        // A second anchor C for relations that have two (between B and C is between C and B:
        // each unordered pair once); none for the others.
        std::vector<const VisibleObject*> second_anchors = {nullptr};
        if (NeedsSecondAnchor(relation->test)) {
          second_anchors.clear();
          for (const VisibleObject* c : nameable) {
            if (c != a && c > b) second_anchors.push_back(c);
          }
        }
        for (const VisibleObject* c : second_anchors) {
          const RelationQuery query{a->object, b->object, a->InImage(), b->InImage(), c ? c->object : nullptr};
          for (Frame frame : FramesToAsk(relation->test, frames, *b->object, world)) {
            const std::optional<Truth> truth = EvaluatePredicate(relation->test, frame, query, world);
            if (!truth) continue;  // the frame does not exist for this pair
            if (*truth == Truth::kAmbiguous) {
              counters.Add("configuration.ambiguous");
              continue;
            }
            const bool yes = *truth == Truth::kTrue;
            PendingItem item;
            item.candidate = {"configuration/" + std::string(FrameName(frame)) + "/" + relation->name, yes};
            item.item.task = task.task;
            item.item.frame = FrameName(frame);
            item.item.relation = relation->name;
            item.item.answer_kind = AnswerKind::kYesNo;
            item.item.answer_yes = yes;
            item.item.answer = yes ? "yes" : "no";
            item.item.object_ids = {a->object->id, b->object->id};
            item.item.object_labels = {a->object->label, b->object->label};
            item.placeholders = {{"a", a->object->NameInQuestions()}, {"b", b->object->NameInQuestions()}};
            if (c) {
              item.item.object_ids.push_back(c->object->id);
              item.item.object_labels.push_back(c->object->label);
              item.placeholders["c"] = c->object->NameInQuestions();
            }
            item.relation = relation;
            item.frame = frame;
            pending.push_back(std::move(item));
          }
        }
      }
    }
  }
  return pending;
}

}  // namespace spatialgen
