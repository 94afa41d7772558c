#pragma once
// Reading a QA dataset back, for audit, score and predict, in any of the layouts users bring:
//  - a spatialgen output folder: qa/robospatial.jsonl, qa/robopoint.json, gt/<scene>.jsonl,
//    images/, masks/, manifest.json (the ground truth comes from gt/);
//  - a RoboPoint-format JSON file: a list of LLaVA conversation items;
//  - a RoboSpatial-style QA file, JSON list or JSONL: image_path or image, question, answer,
//    qa_type (frame and relation when present).
// For the foreign layouts the expected answer is parsed from the answer text.
// Problems met while reading (a missing field, a wrong type, an answer that does not parse, an
// id used twice) are collected as findings rather than thrown, so that audit can report them
// all; score and predict call RequireSound() and stop at the first error.
#include <Eigen/Core>
#include <Eigen/Geometry>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "qa_gen/templates.h"  // AnswerKind

namespace spatialgen {

enum class DatasetLayout { kSpatialgen, kRoboPoint, kRoboSpatial };
std::string_view LayoutName(DatasetLayout layout);  // "spatialgen", "robopoint", "robospatial"

struct DatasetItem {
  std::string id;
  std::string source;                  // where it was read: "qa/robospatial.jsonl:12", "x.json[3]"
  std::string format;                  // the file style it came from: "robospatial" or "robopoint"
  std::string image;                   // the image path as written
  std::filesystem::path image_path;    // resolved against the image root
  std::string question;                // the question text, without the "<image>\n" token
  std::string answer;                  // the answer text as written
  std::string task;                    // qa_type or the ground truth's task; "" when unknown
  std::string frame;                   // "ego", "world", "object"; "" when none
  std::string relation;                // "left", ...; "" when none
  std::string scene;                   // "" when unknown
  std::string template_id;             // spatialgen ground truth only: "configuration#2"
  std::vector<int> object_ids;         // spatialgen ground truth only: target first, then anchor
  std::vector<std::string> object_labels;  // the "objects" field, when present

  // The expected answer. From gt/ for spatialgen folders; else parsed from the answer text.
  // Unset when neither tells.
  std::optional<AnswerKind> answer_kind;
  bool answer_yes = false;                      // yes/no items
  std::vector<Eigen::Vector2d> points;          // point items, normalized to [0, 1]
  std::vector<Eigen::Vector3d> points_in_world; // point items, when the ground truth has them
  Eigen::AlignedBox2d box;                      // box items, normalized [x1, y1] - [x2, y2]
  std::string mask;                             // point items: region mask as written ("" if none)
  std::filesystem::path mask_path;              // ... resolved against the dataset root
  int marked_anchor = -1;                       // object id boxed in red on the image; -1: none
};

// Where a finding sorts among a dataset's findings: first what reading the QA files met
// (stage 0, by record), then the answers (stage 1: parsed from the text of a QA file, by item;
// or checked against the ground truth, by gt file and line), the items without ground truth
// (stage 2, by item) and the ids used twice (stage 3, by item).
struct FindingOrder {
  int stage = 0;
  std::string file;      // the gt file, for the ground truth's findings
  int64_t position = 0;  // record, item or line number
  auto operator<=>(const FindingOrder&) const = default;
};

// One problem found while reading. `check` names the rule ("missing_field", "bad_answer"...),
// `item_id` the item ("" when the problem is not an item's), `where` the file and position.
struct DatasetFinding {
  std::string check;
  std::string item_id;
  std::string where;
  std::string message;
  bool error = true;  // false: a warning (the item is still usable)
  FindingOrder order;
};

struct Dataset {
  DatasetLayout layout = DatasetLayout::kSpatialgen;
  std::filesystem::path root;        // the folder, or the file that was read
  std::filesystem::path image_root;  // image and mask paths resolve against it
  std::vector<DatasetItem> items;    // in file order (robospatial.jsonl first, then robopoint.json)
  std::vector<DatasetFinding> findings;  // sorted by their FindingOrder

  // The item with this id, or nullptr. The first one when an id is used twice.
  // Uses the index built by IndexItems(), which ReadDataset calls; call it again after
  // changing `items` (tests that build a Dataset by hand too).
  const DatasetItem* Find(const std::string& id) const;
  void IndexItems();

 private:
  std::map<std::string, size_t> index_;
};

struct DatasetReadOptions {
  // Where relative image paths resolve; empty: the dataset folder, or the QA file's folder.
  std::filesystem::path image_root;
};

// Reads `path` (a spatialgen folder, a RoboPoint JSON file or a RoboSpatial JSON/JSONL file)
// whole. Throws InputError only when nothing can be read: the path is missing, the file is not
// JSON, or the layout cannot be recognized. Everything else becomes a finding. Tools that must
// not hold every item read it a piece at a time instead (dataset/dataset_stream.h).
Dataset ReadDataset(const std::filesystem::path& path, const DatasetReadOptions& options = {});

// Throws InputError naming the file, the item and the field of the first error finding.
void RequireSound(const Dataset& dataset);
// The same for one finding, in a dataset read from `root`.
[[noreturn]] void ThrowFinding(const std::filesystem::path& root, const DatasetFinding& finding);

}  // namespace spatialgen
