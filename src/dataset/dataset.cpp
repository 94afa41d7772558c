#include "dataset/dataset.h"

#include <fmt/format.h>

#include <fstream>

#include "core/error.h"
#include "core/json_reader.h"
#include "dataset/ground_truth_reader.h"
#include "dataset/item_readers.h"

namespace spatialgen {
namespace {

using nlohmann::json;

// One RoboSpatial-style record a line. Blank lines are skipped; a line that is not JSON is a
// finding and the others are still read.
void ReadRoboSpatialLines(const std::filesystem::path& path, const std::string& shown_name,
                          const std::filesystem::path& image_root, Dataset& dataset) {
  std::ifstream in(path);
  if (!in) throw InputError({path.string(), "", ""}, "cannot open the file");
  std::string line;
  for (int line_number = 1; std::getline(in, line); ++line_number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = fmt::format("{}:{}", shown_name, line_number);
    const std::string fallback_id = fmt::format("line{}", line_number);
    json record;
    try {
      record = json::parse(line);
    } catch (const json::parse_error& e) {
      AddFinding(dataset, "bad_json", fallback_id, where, e.what());
      continue;
    }
    DatasetItem item;
    if (ReadRoboSpatialRecord(record, where, fallback_id, image_root, dataset, item)) dataset.items.push_back(std::move(item));
  }
}

void ReadRoboSpatialList(const json& list, const std::string& shown_name, const std::filesystem::path& image_root,
                         Dataset& dataset) {
  for (size_t i = 0; i < list.size(); ++i) {
    DatasetItem item;
    if (ReadRoboSpatialRecord(list[i], fmt::format("{}[{}]", shown_name, i), fmt::format("item{}", i), image_root,
                              dataset, item)) {
      dataset.items.push_back(std::move(item));
    }
  }
}

void ReadRoboPointList(const json& list, const std::string& shown_name, const std::filesystem::path& image_root,
                       Dataset& dataset) {
  for (size_t i = 0; i < list.size(); ++i) {
    for (DatasetItem& item : ReadRoboPointRecord(list[i], fmt::format("{}[{}]", shown_name, i),
                                                 fmt::format("item{}", i), image_root, dataset)) {
      dataset.items.push_back(std::move(item));
    }
  }
}

void RecordDuplicateIds(Dataset& dataset) {
  std::map<std::string, const DatasetItem*> first_by_id;
  for (const DatasetItem& item : dataset.items) {
    const auto [first, inserted] = first_by_id.emplace(item.id, &item);
    if (!inserted) {
      AddFinding(dataset, "duplicate_id", item.id, item.source, "id already used at " + first->second->source);
    }
  }
}

void ReadSpatialgenFolder(const std::filesystem::path& root, Dataset& dataset) {
  const std::filesystem::path robospatial = root / "qa" / "robospatial.jsonl";
  const std::filesystem::path robopoint = root / "qa" / "robopoint.json";
  if (std::filesystem::exists(robospatial)) {
    ReadRoboSpatialLines(robospatial, "qa/robospatial.jsonl", dataset.image_root, dataset);
  } else {
    AddFinding(dataset, "missing_file", "", "qa/robospatial.jsonl", "the file is missing");
  }
  if (std::filesystem::exists(robopoint)) {
    try {
      const json list = ReadJsonFile(robopoint);
      if (list.is_array()) {
        ReadRoboPointList(list, "qa/robopoint.json", dataset.image_root, dataset);
      } else {
        AddFinding(dataset, "wrong_type", "", "qa/robopoint.json", "the file should hold a JSON list of items");
      }
    } catch (const InputError& e) {
      AddFinding(dataset, "bad_json", "", "qa/robopoint.json", e.reason());
    }
  } else {
    AddFinding(dataset, "missing_file", "", "qa/robopoint.json", "the file is missing");
  }
  ApplyGroundTruth(root, dataset);
}

// A single QA file: RoboSpatial-style JSONL or JSON list, or a RoboPoint JSON list.
void ReadQaFile(const std::filesystem::path& path, Dataset& dataset) {
  const std::string shown_name = path.filename().string();
  if (path.extension() == ".jsonl") {
    dataset.layout = DatasetLayout::kRoboSpatial;
    ReadRoboSpatialLines(path, shown_name, dataset.image_root, dataset);
    if (dataset.items.empty() && dataset.findings.empty()) {
      throw InputError({path.string(), "", ""}, "no QA items: the file has no line that is not blank");
    }
  } else {
    const json list = ReadJsonFile(path);
    if (!list.is_array()) throw InputError({path.string(), "", ""}, "expected a JSON list of QA items");
    if (list.empty()) throw InputError({path.string(), "", ""}, "an empty list: no QA items");
    const bool robopoint = !list.empty() && list[0].is_object() && list[0].contains("conversations");
    const bool robospatial = !list.empty() && list[0].is_object() && list[0].contains("question");
    if (!robopoint && !robospatial) {
      throw InputError({path.string(), "", "[0]"},
                       "cannot tell the layout: the first item has neither \"conversations\" (RoboPoint) nor "
                       "\"question\" (RoboSpatial)");
    }
    dataset.layout = robopoint ? DatasetLayout::kRoboPoint : DatasetLayout::kRoboSpatial;
    if (robopoint) {
      ReadRoboPointList(list, shown_name, dataset.image_root, dataset);
    } else {
      ReadRoboSpatialList(list, shown_name, dataset.image_root, dataset);
    }
  }
  for (DatasetItem& item : dataset.items) ReadAnswerFromText(item, dataset);
}

}  // namespace

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
  if (!std::filesystem::exists(path)) throw InputError({path.string(), "", ""}, "no such file or folder");
  Dataset dataset;
  dataset.root = path;
  if (std::filesystem::is_directory(path)) {
    if (!std::filesystem::exists(path / "qa") && !std::filesystem::exists(path / "manifest.json")) {
      throw InputError({path.string(), "", ""},
                       "not a spatialgen dataset folder (no qa/ or manifest.json); give a QA file instead");
    }
    dataset.layout = DatasetLayout::kSpatialgen;
    dataset.image_root = options.image_root.empty() ? path : options.image_root;
    ReadSpatialgenFolder(path, dataset);
  } else {
    dataset.image_root = options.image_root.empty() ? path.parent_path() : options.image_root;
    ReadQaFile(path, dataset);
  }
  RecordDuplicateIds(dataset);
  dataset.IndexItems();
  return dataset;
}

void RequireSound(const Dataset& dataset) {
  for (const DatasetFinding& finding : dataset.findings) {
    if (!finding.error) continue;
    const std::string item = finding.item_id.empty() ? "" : "item " + finding.item_id + ": ";
    const std::filesystem::path base =
        std::filesystem::is_directory(dataset.root) ? dataset.root : dataset.root.parent_path();
    throw InputError({(base / finding.where).string(), "", finding.check}, item + finding.message);
  }
}

}  // namespace spatialgen
