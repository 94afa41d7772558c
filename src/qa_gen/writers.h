#pragma once
// Dataset writers (SPEC section 9): qa/robospatial.jsonl (one item a line), qa/robopoint.json
// (a JSON list of LLaVA conversation items, one a line) and gt/<scene>.jsonl (the ground
// truth of each item).
// A run never holds all its items: each scene writes its own parts (its ground truth and its
// lines of each QA file) as soon as it is done, and the QA files are assembled from the parts
// in scene order at the end, one line at a time (QaFileWriter). Nothing appears under its
// final name before it is complete.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/atomic_file.h"
#include "qa_gen/item.h"

namespace spatialgen {

// The serialized forms, one item each (no trailing newline).
std::string RoboSpatialLine(const QaItem& item);
std::string RoboPointLine(const QaItem& item);
std::string GroundTruthLine(const QaItem& item);

// The paths of a dataset folder that the writers fill, relative to its root.
inline constexpr const char* kRoboSpatialFile = "qa/robospatial.jsonl";
inline constexpr const char* kRoboPointFile = "qa/robopoint.json";
// A scene's part of qa/robopoint.json: its items, one a line, without the list's brackets.
inline constexpr const char* kRoboPointPartFile = "qa/robopoint.part.jsonl";
std::filesystem::path GroundTruthFile(const std::string& scene_id);  // gt/<scene>.jsonl

// How many lines a scene (or a dataset) has in each QA file.
struct QaLineCounts {
  int64_t robospatial = 0;
  int64_t robopoint = 0;
};

// Writes one scene's parts under `root`, each atomically: gt/<scene>.jsonl, its lines of
// qa/robospatial.jsonl (kRoboSpatialFile) and of qa/robopoint.json (kRoboPointPartFile).
QaLineCounts WriteSceneParts(const std::filesystem::path& root, const std::string& scene_id,
                             const std::vector<QaItem>& items);

// The two QA files of a dataset, written from lines given in dataset order (a scene's parts,
// or another dataset's files); they appear under `root` only on Commit().
class QaFileWriter {
 public:
  explicit QaFileWriter(const std::filesystem::path& root);
  void AddRoboSpatialLine(std::string_view line);
  void AddRoboPointLine(std::string_view line);
  // Closes the JSON list and moves both files into place.
  void Commit();
  const QaLineCounts& counts() const { return counts_; }

 private:
  AtomicOutputFile robospatial_;
  AtomicOutputFile robopoint_;
  QaLineCounts counts_;
};

}  // namespace spatialgen
