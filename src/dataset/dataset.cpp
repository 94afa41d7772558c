#include "dataset/dataset.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "core/error.h"
#include "core/json_reader.h"
#include "dataset/dataset_stream.h"

namespace spatialgen {

std::string_view LayoutName(DatasetLayout layout) {
  switch (layout) {
    case DatasetLayout::kSpatialgen: return "spatialgen";
    case DatasetLayout::kRoboPoint: return "robopoint";
    case DatasetLayout::kRoboSpatial: return "robospatial";
  }
  return "";
}

const DatasetItem* Dataset::Find(const std::string& id) const {
  const auto found = index_.find(id);
  return found == index_.end() ? nullptr : &items[found->second];
}

void Dataset::IndexItems() {
  index_.clear();
  for (size_t i = 0; i < items.size(); ++i) index_.emplace(items[i].id, i);
}

Dataset ReadDataset(const std::filesystem::path& path, const DatasetReadOptions& options) {
  const DatasetStream stream(path, options);
  Dataset dataset;
  dataset.root = path;
  dataset.layout = stream.layout();
  dataset.image_root = stream.image_root();
  stream.Read([&](DatasetPiece& piece) {
    std::move(piece.items.begin(), piece.items.end(), std::back_inserter(dataset.items));
    std::move(piece.findings.begin(), piece.findings.end(), std::back_inserter(dataset.findings));
  });
  std::stable_sort(dataset.findings.begin(), dataset.findings.end(),
                   [](const DatasetFinding& a, const DatasetFinding& b) { return a.order < b.order; });
  dataset.IndexItems();
  return dataset;
}

void ThrowFinding(const std::filesystem::path& root, const DatasetFinding& finding) {
  const std::string item = finding.item_id.empty() ? "" : "item " + finding.item_id + ": ";
  const std::filesystem::path base = std::filesystem::is_directory(root) ? root : root.parent_path();
  throw InputError({(base / finding.where).string(), "", finding.check}, item + finding.message);
}

void RequireSound(const Dataset& dataset) {
  for (const DatasetFinding& finding : dataset.findings) {
    if (finding.error) ThrowFinding(dataset.root, finding);
  }
}

}  // namespace spatialgen
