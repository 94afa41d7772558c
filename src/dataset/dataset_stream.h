#pragma once
// A dataset read a piece at a time, for the tools that must not hold every item of a dataset of
// millions (audit, score). The pieces come in the order ReadDataset lists the items:
//  - a spatialgen folder: qa/robospatial.jsonl, then qa/robopoint.json, each a scene at a time
//    (spatialgen writes a scene's items together), every piece joined with its scene's
//    gt/<scene>.jsonl;
//  - a single QA file: a block of items at a time (a JSON list is parsed element by element).
// A last piece without items brings the findings that need the whole dataset (ids used twice,
// ground truth that no item has). Every finding carries its FindingOrder, so a consumer that
// keeps, say, the first five of a check keeps those ReadDataset would list first.
// Held at once: one piece, one scene's ground truth, and a 64-bit hash of every item id (16 bytes
// an item, for the ids used twice).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <vector>

#include "dataset/dataset.h"

namespace spatialgen {

struct DatasetPiece {
  std::vector<DatasetItem> items;        // in dataset order
  std::vector<DatasetFinding> findings;  // those met reading them, in reading order
  int64_t first_item = 0;                // the dataset position of items[0]
};

class DatasetStream {
 public:
  // Recognises the layout. Throws InputError where ReadDataset does: the path is missing, a
  // single file is not JSON or not a list, or its layout cannot be told.
  explicit DatasetStream(std::filesystem::path path, DatasetReadOptions options = {});

  DatasetLayout layout() const { return layout_; }
  const std::filesystem::path& root() const { return root_; }
  const std::filesystem::path& image_root() const { return image_root_; }

  // Reads the dataset from the start, handing each piece to `consume` in order. Call it again
  // for another pass.
  void Read(const std::function<void(DatasetPiece&)>& consume) const;

  // Reads a spatialgen folder a scene at a time with both QA files' items of the scene in one
  // piece (qa/robospatial.jsonl's, then qa/robopoint.json's, each in file order), for work done
  // once per scene (the audit's scene re-check). Items only, no findings; the pieces come in
  // the manifest's scene order. Needs the manifest and qa/robopoint.json written one item a
  // line, as spatialgen writes them: returns false, having read nothing, otherwise.
  bool ReadScenes(const std::function<void(DatasetPiece&)>& consume) const;

 private:
  void ReadPass(const std::function<void(DatasetPiece&)>& consume, bool whole_dataset_checks) const;

  std::filesystem::path root_;
  std::filesystem::path image_root_;
  DatasetLayout layout_ = DatasetLayout::kSpatialgen;
};

}  // namespace spatialgen
