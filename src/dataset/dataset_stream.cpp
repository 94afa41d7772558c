#include "dataset/dataset_stream.h"

#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <string_view>

#include "core/error.h"
#include "core/json_reader.h"
#include "core/rng.h"
#include "dataset/ground_truth_reader.h"
#include "dataset/hash_set64.h"
#include "dataset/item_readers.h"

namespace spatialgen {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr size_t kItemsPerPiece = 4096;  // pieces of single QA files

// Calls `element(index, value)` for each element of the JSON list in `file` (comments allowed)
// without holding the list. Returns false (calling nothing) when the top level is no list.
// Throws json::parse_error.
bool ForEachListElement(const fs::path& file, const std::function<void(size_t, const json&)>& element) {
  std::ifstream in(file, std::ios::binary);
  bool is_list = false;
  size_t index = 0;
  const json::parser_callback_t callback = [&](int depth, json::parse_event_t event, json& parsed) {
    if (depth == 0 && event == json::parse_event_t::object_start) return false;  // not a list: not kept
    if (depth == 0 && event == json::parse_event_t::array_start) is_list = true;
    if (depth == 1 && is_list &&
        (event == json::parse_event_t::object_end || event == json::parse_event_t::array_end ||
         event == json::parse_event_t::value)) {
      element(index++, parsed);
      return false;  // handled: not kept in the list
    }
    return true;
  };
  const json kept = json::parse(in, callback, true, true);  // the list's shell, its elements dropped
  return is_list;
}

// Whether the file parses as JSON (comments allowed); else the reader's error, naming it.
std::optional<InputError> JsonError(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (json::accept(in, true)) return std::nullopt;
  try {
    ReadJsonFile(file);
  } catch (const InputError& e) {
    return e;
  }
  return InputError({file.string(), "", ""}, "not JSON");
}

// The scene of a spatialgen folder's item: its "scene" field, else the folder of its image
// (images/<scene>/...); "" when neither tells.
std::string SceneOf(const DatasetItem& item) {
  if (!item.scene.empty()) return item.scene;
  const fs::path image(item.image);
  auto part = image.begin();
  if (part == image.end() || *part != "images") return "";
  if (++part == image.end() || std::next(part) == image.end()) return "";
  return part->string();
}

// An item whose id an earlier item has.
struct Duplicate {
  int64_t position;
  std::string id;
  std::string source;
};

void Stamp(std::vector<DatasetFinding>& findings, size_t first, const FindingOrder& order) {
  for (size_t i = first; i < findings.size(); ++i) findings[i].order = order;
}

// Builds the pieces of one pass: numbers the records and items, cuts pieces at scene changes
// (spatialgen folders, joined with their scene's ground truth) or every kItemsPerPiece items.
class PieceBuilder {
 public:
  PieceBuilder(const std::function<void(DatasetPiece&)>& consume, const fs::path* ground_truth_root,
               HashSet64* ids, std::vector<Duplicate>* duplicates)
      : consume_(consume), ground_truth_root_(ground_truth_root), ids_(ids), duplicates_(duplicates) {}

  std::vector<DatasetFinding>& findings() { return piece_.findings; }

  // Reads one record with `read`, which appends its usable items; its findings sort by record.
  template <typename Read>
  void Record(Read read) {
    const size_t first_finding = piece_.findings.size();
    std::vector<DatasetItem> items = read(piece_.findings);
    Stamp(piece_.findings, first_finding, {0, "", records_++});
    for (DatasetItem& item : items) Add(std::move(item));
  }

  // Foreign files: the expected answer from the text, its findings sorted by item.
  void ReadAnswersFromText() {
    for (size_t i = answered_; i < piece_.items.size(); ++i) {
      const size_t first_finding = piece_.findings.size();
      ReadAnswerFromText(piece_.items[i], piece_.findings);
      Stamp(piece_.findings, first_finding, {1, "", piece_.first_item + static_cast<int64_t>(i)});
    }
    answered_ = piece_.items.size();
  }

  void Flush() {
    if (ground_truth_root_ != nullptr && !piece_.items.empty()) {
      SceneGroundTruth(*ground_truth_root_, scene_).Join(piece_.items, piece_.first_item, piece_.findings);
    }
    if (!piece_.items.empty() || !piece_.findings.empty()) consume_(piece_);
    piece_ = DatasetPiece();
    piece_.first_item = next_item_;
    answered_ = 0;
  }

 private:
  void Add(DatasetItem item) {
    if (ground_truth_root_ != nullptr) {
      const std::string scene = SceneOf(item);
      if (scene != scene_ && !piece_.items.empty()) Flush();
      scene_ = scene;
    } else if (piece_.items.size() >= kItemsPerPiece) {
      ReadAnswersFromText();
      Flush();
    }
    const int64_t position = next_item_++;
    if (ids_ != nullptr && !ids_->Insert(StableHash(item.id))) duplicates_->push_back({position, item.id, item.source});
    piece_.items.push_back(std::move(item));
  }

  const std::function<void(DatasetPiece&)>& consume_;
  const fs::path* ground_truth_root_;  // spatialgen folders: join each scene's ground truth
  HashSet64* ids_;
  std::vector<Duplicate>* duplicates_;
  DatasetPiece piece_;
  std::string scene_;
  int64_t records_ = 0;
  int64_t next_item_ = 0;
  size_t answered_ = 0;
};

// One RoboSpatial-style record a line. Blank lines are skipped; a line that is not JSON is a
// finding and the others are still read.
void ReadRoboSpatialLines(const fs::path& path, const std::string& shown_name, const fs::path& image_root,
                          PieceBuilder& builder) {
  std::ifstream in(path);
  if (!in) throw InputError({path.string(), "", ""}, "cannot open the file");
  std::string line;
  for (int line_number = 1; std::getline(in, line); ++line_number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    builder.Record([&](std::vector<DatasetFinding>& findings) {
      std::vector<DatasetItem> items;
      const std::string where = fmt::format("{}:{}", shown_name, line_number);
      const std::string fallback_id = fmt::format("line{}", line_number);
      json record;
      try {
        record = json::parse(line);
      } catch (const json::parse_error& e) {
        AddFinding(findings, "bad_json", fallback_id, where, e.what());
        return items;
      }
      DatasetItem item;
      if (ReadRoboSpatialRecord(record, where, fallback_id, image_root, findings, item)) items.push_back(std::move(item));
      return items;
    });
  }
}

// A JSON list of records, element by element. A file that is no list is a "wrong_type" finding
// (single files were checked when opened).
void ReadList(const fs::path& path, const std::string& shown_name, bool robopoint, const fs::path& image_root,
              PieceBuilder& builder) {
  const bool is_list = ForEachListElement(path, [&](size_t i, const json& element) {
    builder.Record([&](std::vector<DatasetFinding>& findings) {
      const std::string where = fmt::format("{}[{}]", shown_name, i);
      const std::string fallback_id = fmt::format("item{}", i);
      if (robopoint) return ReadRoboPointRecord(element, where, fallback_id, image_root, findings);
      std::vector<DatasetItem> items(1);
      if (!ReadRoboSpatialRecord(element, where, fallback_id, image_root, findings, items[0])) items.clear();
      return items;
    });
  });
  if (!is_list) {
    builder.Record([&](std::vector<DatasetFinding>& findings) {
      AddFinding(findings, "wrong_type", "", shown_name, "the file should hold a JSON list of items");
      return std::vector<DatasetItem>();
    });
  }
}

void ReadSpatialgenFolder(const fs::path& root, const fs::path& image_root, PieceBuilder& builder) {
  const fs::path robospatial = root / "qa" / "robospatial.jsonl";
  const fs::path robopoint = root / "qa" / "robopoint.json";
  const auto problem = [&](const char* check, const char* where, const std::string& message) {
    builder.Record([&](std::vector<DatasetFinding>& findings) {
      AddFinding(findings, check, "", where, message);
      return std::vector<DatasetItem>();
    });
  };
  if (fs::exists(robospatial)) {
    ReadRoboSpatialLines(robospatial, "qa/robospatial.jsonl", image_root, builder);
  } else {
    problem("missing_file", "qa/robospatial.jsonl", "the file is missing");
  }
  builder.Flush();
  if (!fs::exists(robopoint)) {
    problem("missing_file", "qa/robopoint.json", "the file is missing");
  } else if (const std::optional<InputError> error = JsonError(robopoint)) {
    problem("bad_json", "qa/robopoint.json", error->reason());
  } else {
    ReadList(robopoint, "qa/robopoint.json", true, image_root, builder);
  }
  builder.Flush();
}

// The items of qa/robopoint.json written one a line ("[", one item a line with a comma after
// all but the last, "]"), read one line at a time; nullopt when the file is not laid out so.
class RoboPointLines {
 public:
  static std::optional<RoboPointLines> Open(const fs::path& path, const fs::path& image_root) {
    RoboPointLines lines(path, image_root);
    std::ifstream check(path, std::ios::binary);
    std::string line;
    if (!std::getline(check, line) || line != "[") return std::nullopt;
    bool closed = false;
    while (std::getline(check, line)) {
      if (closed) return std::nullopt;
      if (line == "]") {
        closed = true;
      } else if (!json::accept(Element(line))) {
        return std::nullopt;
      }
    }
    if (!closed) return std::nullopt;
    std::getline(lines.in_, line);  // "["
    return lines;
  }

  // The items of the next element; false at the end.
  bool Next(std::vector<DatasetItem>& items) {
    std::string line;
    if (!std::getline(in_, line) || line == "]") return false;
    std::vector<DatasetFinding> ignored;
    items = ReadRoboPointRecord(json::parse(Element(line)), fmt::format("qa/robopoint.json[{}]", index_),
                                fmt::format("item{}", index_), image_root_, ignored);
    ++index_;
    return true;
  }

 private:
  RoboPointLines(const fs::path& path, const fs::path& image_root) : in_(path, std::ios::binary), image_root_(image_root) {}
  static std::string_view Element(std::string_view line) {
    return line.ends_with(',') ? line.substr(0, line.size() - 1) : line;
  }

  std::ifstream in_;
  fs::path image_root_;
  size_t index_ = 0;
};

// The next run of items of one scene from `next_item`, which yields items in file order (or
// nothing at the end); `pending` holds the item read past the run.
template <typename NextItem>
std::vector<DatasetItem> NextSceneRun(NextItem next_item, std::optional<DatasetItem>& pending) {
  std::vector<DatasetItem> run;
  if (!pending) pending = next_item();
  while (pending && (run.empty() || SceneOf(*pending) == SceneOf(run.front()))) {
    run.push_back(std::move(*pending));
    pending = next_item();
  }
  return run;
}

}  // namespace

DatasetStream::DatasetStream(fs::path path, DatasetReadOptions options) : root_(std::move(path)) {
  if (!fs::exists(root_)) throw InputError({root_.string(), "", ""}, "no such file or folder");
  if (fs::is_directory(root_)) {
    if (!fs::exists(root_ / "qa") && !fs::exists(root_ / "manifest.json")) {
      throw InputError({root_.string(), "", ""},
                       "not a spatialgen dataset folder (no qa/ or manifest.json); give a QA file instead");
    }
    layout_ = DatasetLayout::kSpatialgen;
    image_root_ = options.image_root.empty() ? root_ : options.image_root;
    return;
  }
  image_root_ = options.image_root.empty() ? root_.parent_path() : options.image_root;
  if (root_.extension() == ".jsonl") {
    layout_ = DatasetLayout::kRoboSpatial;
    return;
  }
  if (const std::optional<InputError> error = JsonError(root_)) throw *error;
  // The layout is the first item's: parsed up to it only.
  struct FirstElement {};
  json first;
  bool is_list = false;
  try {
    is_list = ForEachListElement(root_, [&](size_t, const json& element) {
      first = element;
      throw FirstElement();
    });
  } catch (const FirstElement&) {
    is_list = true;
  }
  if (!is_list) throw InputError({root_.string(), "", ""}, "expected a JSON list of QA items");
  const bool robopoint = first.is_object() && first.contains("conversations");
  const bool robospatial = first.is_object() && first.contains("question");
  if (!robopoint && !robospatial) {
    throw InputError({root_.string(), "", "[0]"},
                     "cannot tell the layout: the first item has neither \"conversations\" (RoboPoint) nor "
                     "\"question\" (RoboSpatial)");
  }
  layout_ = robopoint ? DatasetLayout::kRoboPoint : DatasetLayout::kRoboSpatial;
}

void DatasetStream::Read(const std::function<void(DatasetPiece&)>& consume) const { ReadPass(consume, true); }

void DatasetStream::ReadPass(const std::function<void(DatasetPiece&)>& consume, bool whole_dataset_checks) const {
  HashSet64 ids;
  std::vector<Duplicate> duplicates;
  const bool spatialgen = layout_ == DatasetLayout::kSpatialgen;
  PieceBuilder builder(consume, spatialgen ? &root_ : nullptr, whole_dataset_checks ? &ids : nullptr, &duplicates);
  if (spatialgen) {
    ReadSpatialgenFolder(root_, image_root_, builder);
  } else {
    const std::string shown_name = root_.filename().string();
    if (root_.extension() == ".jsonl") {
      ReadRoboSpatialLines(root_, shown_name, image_root_, builder);
    } else {
      ReadList(root_, shown_name, layout_ == DatasetLayout::kRoboPoint, image_root_, builder);
    }
    builder.ReadAnswersFromText();
    builder.Flush();
  }
  if (!whole_dataset_checks) return;

  DatasetPiece last;
  if (spatialgen) CheckGroundTruthFiles(root_, ids, last.findings);
  if (!duplicates.empty()) {
    // Where each id was first used: a second pass, only when some id was used twice.
    std::map<std::string, std::string> first_source;
    for (const Duplicate& duplicate : duplicates) first_source.emplace(duplicate.id, "");
    ReadPass(
        [&](DatasetPiece& piece) {
          for (const DatasetItem& item : piece.items) {
            const auto found = first_source.find(item.id);
            if (found != first_source.end() && found->second.empty()) found->second = item.source;
          }
        },
        false);
    for (const Duplicate& duplicate : duplicates) {
      last.findings.push_back({"duplicate_id", duplicate.id, duplicate.source,
                               "id already used at " + first_source.at(duplicate.id), true, {3, "", duplicate.position}});
    }
  }
  if (!last.findings.empty()) consume(last);
}

bool DatasetStream::ReadScenes(const std::function<void(DatasetPiece&)>& consume) const {
  const fs::path manifest = root_ / "manifest.json";
  if (layout_ != DatasetLayout::kSpatialgen || !fs::exists(manifest) || !fs::exists(root_ / "qa" / "robospatial.jsonl")) {
    return false;
  }
  std::map<std::string, size_t> position;  // the manifest's scene order
  try {
    for (const json& scene : ReadJsonFile(manifest).value("scenes", json::array())) {
      position.emplace(scene.value("id", ""), position.size());
    }
  } catch (const std::exception&) {
    return false;
  }
  std::optional<RoboPointLines> robopoint;
  if (fs::exists(root_ / "qa" / "robopoint.json")) {
    robopoint = RoboPointLines::Open(root_ / "qa" / "robopoint.json", image_root_);
    if (!robopoint) return false;
  }
  const auto order_of = [&](const std::vector<DatasetItem>& run) {
    const auto found = position.find(SceneOf(run.front()));
    return found == position.end() ? position.size() : found->second;
  };

  std::ifstream robospatial(root_ / "qa" / "robospatial.jsonl");
  int line_number = 0;
  const auto next_robospatial = [&]() -> std::optional<DatasetItem> {
    std::vector<DatasetFinding> ignored;
    for (std::string line; std::getline(robospatial, line);) {
      ++line_number;
      const json record = json::parse(line, nullptr, false);
      DatasetItem item;
      if (!record.is_discarded() &&
          ReadRoboSpatialRecord(record, fmt::format("qa/robospatial.jsonl:{}", line_number),
                                fmt::format("line{}", line_number), image_root_, ignored, item)) {
        return item;
      }
    }
    return std::nullopt;
  };
  std::vector<DatasetItem> robopoint_items;  // of the element being read
  size_t robopoint_next = 0;
  const auto next_robopoint = [&]() -> std::optional<DatasetItem> {
    while (robopoint && robopoint_next == robopoint_items.size()) {
      robopoint_next = 0;
      robopoint_items.clear();
      if (!robopoint->Next(robopoint_items)) return std::nullopt;
    }
    if (!robopoint) return std::nullopt;
    return std::move(robopoint_items[robopoint_next++]);
  };

  std::optional<DatasetItem> pending_robospatial, pending_robopoint;
  std::vector<DatasetItem> spatial = NextSceneRun(next_robospatial, pending_robospatial);
  std::vector<DatasetItem> point = NextSceneRun(next_robopoint, pending_robopoint);
  while (!spatial.empty() || !point.empty()) {
    DatasetPiece piece;
    const bool take_spatial = !spatial.empty() && (point.empty() || order_of(spatial) <= order_of(point));
    const bool take_point = !point.empty() && (spatial.empty() || order_of(point) <= order_of(spatial));
    const std::string scene = SceneOf(take_spatial ? spatial.front() : point.front());
    if (take_spatial) {
      piece.items = std::move(spatial);
      spatial = NextSceneRun(next_robospatial, pending_robospatial);
    }
    if (take_point && (!take_spatial || SceneOf(point.front()) == scene)) {
      std::move(point.begin(), point.end(), std::back_inserter(piece.items));
      point = NextSceneRun(next_robopoint, pending_robopoint);
    }
    std::vector<DatasetFinding> ignored;
    SceneGroundTruth(root_, scene).Join(piece.items, 0, ignored);
    consume(piece);
  }
  return true;
}

}  // namespace spatialgen
