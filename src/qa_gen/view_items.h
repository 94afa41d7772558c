#pragma once
// All items of one view: candidates of every requested task, balanced and capped
// (SPEC section 8), deduplicated by question, worded from the templates with the view's
// seeded stream, and given ids.
#include <map>
#include <string>
#include <vector>

#include "core/counters.h"
#include "core/json_reader.h"
#include "core/rng.h"
#include "qa_gen/compatibility_task.h"
#include "qa_gen/free_space.h"
#include "qa_gen/image_marking.h"
#include "qa_gen/item.h"
#include "qa_gen/task_table.h"
#include "qa_gen/templates.h"
#include "qa_gen/view_context.h"
#include "reframe/relations.h"

namespace spatialgen {

struct GenerationOptions {
  std::vector<std::string> tasks = TaskNames();                    // tasks to generate, in this order
  std::vector<std::string> frames = {"ego", "world", "object"};     // frames to ask in
  // The relations of templates/relations.json to ask about (key "relations"); empty: all.
  std::vector<std::string> relation_names;
  int max_items_per_view = 40;                                       // cap over all tasks
  std::map<std::string, int> max_items_per_task = DefaultTaskCaps();  // cap per task and view
  bool balance_yes_no = true;  // equal yes and no per (task, frame, relation) in a view
  RelationOptions relations;   // margins of the relation bands
  PointOptions points;         // point answers: counts, spacing, erosion (key "points")
  MarkingOptions marking;      // the red box of RoboPoint items (key "marking")
  FreeSpaceOptions free_space; // free space beside anchors (key "free_space")
  CompatibilityOptions compatibility;  // virtual placements (key "compatibility")

  void Check() const;
  std::vector<Frame> ParsedFrames() const;
};
void ReadOptions(JsonReader& reader, GenerationOptions& options);

// Throws InputError naming `config_file` and generation.relations when the options select a
// relation the library does not have.
void CheckRelationNames(const GenerationOptions& options, const TemplateLibrary& library,
                        const std::string& config_file);

std::vector<QaItem> GenerateViewItems(const ViewContext& context, const TemplateLibrary& library,
                                      const GenerationOptions& options, Rng& rng,
                                      Counters& counters);

}  // namespace spatialgen
