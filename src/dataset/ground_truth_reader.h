#pragma once
// The ground truth of a spatialgen folder (gt/<scene>.jsonl): joined into the items of the QA
// files by id, a scene at a time, and checked against them (the answer text must say what the
// ground truth says).
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include "dataset/dataset.h"
#include "dataset/hash_set64.h"

namespace spatialgen {

// gt/<scene>.jsonl under `root`.
std::filesystem::path GroundTruthPath(const std::filesystem::path& root, const std::string& scene);

// One scene's ground truth, read to join that scene's items.
class SceneGroundTruth {
 public:
  // Reads gt/<scene>.jsonl when there is one (lines that do not parse are left to
  // CheckGroundTruthFiles, which reports them once).
  SceneGroundTruth(const std::filesystem::path& root, const std::string& scene);

  // Copies each item's record (the first of its id) into it and compares the two; items
  // without one are "missing_ground_truth". `first_item` is the dataset position of items[0].
  void Join(std::vector<DatasetItem>& items, int64_t first_item, std::vector<DatasetFinding>& findings) const;

 private:
  struct Record {
    nlohmann::json json;
    int line = 0;
  };
  std::filesystem::path root_;
  std::string scene_;
  std::string file_name_;
  std::unordered_map<std::string, Record> records_;
};

// Reads every gt/*.jsonl of `root` in name order for what no scene's join sees: lines that are
// not JSON, records for an id no item has (`item_ids`: StableHash of every item id), and
// records given twice for one id.
void CheckGroundTruthFiles(const std::filesystem::path& root, const HashSet64& item_ids,
                           std::vector<DatasetFinding>& findings);

}  // namespace spatialgen
