#pragma once
// Dataset writers (SPEC section 9): qa/robospatial.jsonl (one item a line), qa/robopoint.json
// (a JSON list of LLaVA conversation items, one a line) and gt/<scene>.jsonl (the ground
// truth of each item). Scenes are appended in the order the driver gives, and nothing
// appears under its final name before Commit().
#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/atomic_file.h"
#include "qa_gen/item.h"

namespace spatialgen {

// The serialized forms, one item each (no trailing newline).
std::string RoboSpatialLine(const QaItem& item);
std::string RoboPointLine(const QaItem& item);
std::string GroundTruthLine(const QaItem& item);

class DatasetWriter {
 public:
  explicit DatasetWriter(const std::filesystem::path& root);
  // Writes gt/<scene>.jsonl and appends the scene's items to the QA files.
  void AddScene(const std::string& scene_id, const std::vector<QaItem>& items);
  // Closes the JSON list and moves every file into place.
  void Commit();

  int64_t robospatial_items() const { return robospatial_items_; }
  int64_t robopoint_items() const { return robopoint_items_; }

 private:
  std::filesystem::path root_;
  AtomicOutputFile robospatial_;
  AtomicOutputFile robopoint_;
  int64_t robospatial_items_ = 0;
  int64_t robopoint_items_ = 0;
};

}  // namespace spatialgen
