#pragma once
// One generated question-answer item, with everything the writers and the ground truth need.
#include <Eigen/Geometry>

#include <memory>
#include <string>
#include <vector>

#include "qa_gen/points.h"
#include "qa_gen/templates.h"

namespace spatialgen {

struct QaItem {
  std::string id;           // unique in the dataset: scene_view_task_index
  std::string scene_id;
  std::string view_id;
  std::string image;        // path relative to the dataset root
  std::string task;         // "configuration", "grounding"
  std::string frame;        // "ego", "world", "object"; empty when the task has none
  std::string relation;     // relation name; empty when the task has none
  std::string question;
  std::string answer;       // the answer text as written: "yes", "[0.1, 0.2, 0.3, 0.4]"
  AnswerKind answer_kind = AnswerKind::kYesNo;
  bool answer_yes = false;                // for yes/no items
  Eigen::AlignedBox2d box_normalized;     // for box items: [x1, y1] - [x2, y2] in [0, 1]
  std::vector<int> object_ids;            // target first, then anchor
  std::vector<std::string> object_labels; // in the same order
  std::string template_id;                // "configuration#2": task and phrasing index
  std::vector<std::string> formats;       // the datasets it is written to

  // Point items (SPEC sections 5 and 6).
  std::vector<Eigen::Vector2d> points_normalized;  // the answer points, in [0, 1]
  std::vector<Eigen::Vector3d> points_in_world;    // their 3D points, when they have them
  std::string mask;                                // region mask path, relative to the dataset root
  std::shared_ptr<const RegionMask> region;        // the mask's pixels, written by the pipeline
  int marked_anchor = -1;  // the object boxed in red on this item's image; -1: plain image
};

}  // namespace spatialgen
