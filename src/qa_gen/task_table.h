#pragma once
// The one task table: every task spatialgen can generate, with what its templates may say,
// the answer kind it gives, its default cap per view and the function that builds its
// candidates. Options, the template checks and the view's item loop all read it.
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "qa_gen/templates.h"

namespace spatialgen {

class Counters;
class FreeSpaceView;
class Rng;
struct GenerationOptions;
struct PendingItem;
struct ViewContext;

// What a task's candidate builder gets.
struct TaskInputs {
  const ViewContext& context;
  const TemplateLibrary& library;
  const GenerationOptions& options;
  FreeSpaceView& free_space;  // free space shared by the view's tasks
  Rng& rng;
  Counters& counters;
  const std::vector<const RelationEntry*>& relations;  // the relations it asks about (TaskRelations)
};

struct TaskInfo {
  const char* name;                             // as in configs and templates/tasks/*.json
  AnswerKind answer;                            // the kind its template must declare
  std::set<std::string> placeholders;           // what its phrasings may use
  std::vector<std::string> required;            // what each phrasing must use
  bool names_frame = false;                     // each phrasing must say {frame} or {Frame}
  int default_cap = 0;                          // items per view
  std::vector<PendingItem> (*candidates)(const TaskInputs&);
  // The kinds of relation test it can ask about (docs/templates.md has the table and why);
  // a relation is asked when every kind its test uses is here. Empty: it names no relation.
  std::set<PredicateKind> relation_kinds = {};
};

// Every task, in the default generation order.
const std::vector<TaskInfo>& TaskTable();
// The row of `name`; nullptr when no task has that name.
const TaskInfo* FindTask(std::string_view name);
std::vector<std::string> TaskNames();
std::map<std::string, int> DefaultTaskCaps();

// The relations `task` asks about: those of the vocabulary that the run selects (`selected`,
// the generation's "relations"; empty: all) whose tests the task can ask, in vocabulary order.
std::vector<const RelationEntry*> TaskRelations(const TaskInfo& task, const TemplateLibrary& library,
                                                const std::vector<std::string>& selected);

}  // namespace spatialgen
