#include "dataset/ground_truth_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "dataset/answer_format.h"
#include "core/rng.h"
#include "dataset/item_readers.h"

namespace spatialgen {
namespace {

using nlohmann::json;

// Answer texts carry 3 decimals; the ground truth is exact.
constexpr double kTextTolerance = 0.0005 + 1e-9;

std::vector<std::filesystem::path> GroundTruthFiles(const std::filesystem::path& gt_dir) {
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::is_directory(gt_dir)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(gt_dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".jsonl") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::optional<Eigen::Vector2d> ReadPair(const json& value) {
  if (!value.is_array() || value.size() != 2 || !value[0].is_number() || !value[1].is_number()) return std::nullopt;
  return Eigen::Vector2d(value[0].get<double>(), value[1].get<double>());
}

// Fills the expected answer from the ground truth record. Returns an error message, or "".
std::string ReadExpectedAnswer(const json& record, const std::filesystem::path& root, DatasetItem& item) {
  const std::string kind = record.value("answer_kind", "");
  const json answer = record.value("answer", json());
  if (kind == "yes_no") {
    if (!answer.is_boolean()) return "\"answer\" should be true or false for a yes_no item";
    item.answer_kind = AnswerKind::kYesNo;
    item.answer_yes = answer.get<bool>();
  } else if (kind == "box") {
    if (!answer.is_array() || answer.size() != 4 ||
        !std::all_of(answer.begin(), answer.end(), [](const json& v) { return v.is_number(); })) {
      return "\"answer\" should be [x1, y1, x2, y2] for a box item";
    }
    item.answer_kind = AnswerKind::kBox;
    item.box = Eigen::AlignedBox2d(Eigen::Vector2d(answer[0].get<double>(), answer[1].get<double>()),
                                   Eigen::Vector2d(answer[2].get<double>(), answer[3].get<double>()));
  } else if (kind == "points") {
    if (!answer.is_array()) return "\"answer\" should be a list of [x, y] for a points item";
    item.answer_kind = AnswerKind::kPoints;
    item.points.clear();
    for (const json& point : answer) {
      const std::optional<Eigen::Vector2d> pair = ReadPair(point);
      if (!pair) return "\"answer\" should be a list of [x, y] for a points item";
      item.points.push_back(*pair);
    }
    for (const json& point : record.value("points_in_world", json::array())) {
      if (!point.is_array() || point.size() != 3) return "\"points_in_world\" should be a list of [x, y, z]";
      item.points_in_world.emplace_back(point[0].get<double>(), point[1].get<double>(), point[2].get<double>());
    }
    item.mask = record.value("mask", "");
    if (item.mask.empty()) return "a points item needs \"mask\"";
    item.mask_path = root / item.mask;
  } else {
    return fmt::format("\"answer_kind\" should be yes_no, box or points, not \"{}\"", kind);
  }
  return "";
}

// Whether the answer text says what the ground truth says.
bool TextAgrees(const DatasetItem& item) {
  switch (*item.answer_kind) {
    case AnswerKind::kYesNo: return ParseYesNoAnswer(item.answer) == item.answer_yes;
    case AnswerKind::kBox: {
      const std::optional<Eigen::Vector4d> box = ParseBoxAnswer(item.answer);
      if (!box) return false;
      const Eigen::Vector4d expected(item.box.min().x(), item.box.min().y(), item.box.max().x(), item.box.max().y());
      return (*box - expected).cwiseAbs().maxCoeff() <= kTextTolerance;
    }
    case AnswerKind::kPoints: {
      const auto points = ParsePointListAnswer(item.answer);
      if (!points || points->size() != item.points.size()) return false;
      for (size_t i = 0; i < points->size(); ++i) {
        if (((*points)[i] - item.points[i]).cwiseAbs().maxCoeff() > kTextTolerance) return false;
      }
      return true;
    }
  }
  return false;
}

// Copies a ground truth record into its item and compares the two.
void JoinRecord(const json& record, const std::filesystem::path& root, const std::string& scene,
                const std::string& where, std::vector<DatasetFinding>& findings, DatasetItem& item) {
  const std::string task = record.value("task", "");
  if (!item.task.empty() && item.task != task) {
    AddFinding(findings, "ground_truth_mismatch", item.id, where,
               fmt::format("task \"{}\" in the ground truth, \"{}\" in {}", task, item.task, item.source));
  }
  item.task = task;
  const std::string image = record.value("image", "");
  if (image != item.image) {
    AddFinding(findings, "ground_truth_mismatch", item.id, where,
               fmt::format("image \"{}\" in the ground truth, \"{}\" in {}", image, item.image, item.source));
  }
  for (const char* key : {"frame", "relation"}) {
    const json value = record.value(key, json());
    const std::string text = value.is_string() ? value.get<std::string>() : "";
    std::string& held = key == std::string("frame") ? item.frame : item.relation;
    if (!held.empty() && held != text) {
      AddFinding(findings, "ground_truth_mismatch", item.id, where,
                 fmt::format("{} \"{}\" in the ground truth, \"{}\" in {}", key, text, held, item.source));
    }
    held = text;
  }
  item.template_id = record.value("template", "");
  item.marked_anchor = record.value("marked_anchor", -1);
  item.object_ids = record.value("object_ids", std::vector<int>());
  if (item.object_labels.empty()) item.object_labels = record.value("objects", std::vector<std::string>());
  if (item.scene.empty()) item.scene = scene;

  if (const std::string error = ReadExpectedAnswer(record, root, item); !error.empty()) {
    item.answer_kind.reset();
    AddFinding(findings, "bad_ground_truth", item.id, where, error);
    return;
  }
  if (!TextAgrees(item)) {
    AddFinding(findings, "answer_mismatch", item.id, where,
               fmt::format("the answer text \"{}\" in {} does not say what the ground truth says",
                           item.answer.substr(0, 60), item.source));
  }
  CheckAnswerRange(item, findings);
}

// Sets the order of the findings from `first` on.
void Stamp(std::vector<DatasetFinding>& findings, size_t first, const FindingOrder& order) {
  for (size_t i = first; i < findings.size(); ++i) findings[i].order = order;
}

}  // namespace

std::filesystem::path GroundTruthPath(const std::filesystem::path& root, const std::string& scene) {
  return root / "gt" / (scene + ".jsonl");
}

SceneGroundTruth::SceneGroundTruth(const std::filesystem::path& root, const std::string& scene)
    : root_(root), scene_(scene), file_name_(GroundTruthPath(root, scene).filename().string()) {
  std::ifstream in(GroundTruthPath(root, scene));
  std::string line;
  for (int line_number = 1; std::getline(in, line); ++line_number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json record = json::parse(line, nullptr, false);
    if (record.is_discarded() || !record.is_object()) continue;  // CheckGroundTruthFiles reports it
    const std::string id = record.value("id", "");
    records_.emplace(id, Record{std::move(record), line_number});  // the first record of an id wins
  }
}

void SceneGroundTruth::Join(std::vector<DatasetItem>& items, int64_t first_item,
                            std::vector<DatasetFinding>& findings) const {
  for (size_t i = 0; i < items.size(); ++i) {
    DatasetItem& item = items[i];
    const size_t first_finding = findings.size();
    const auto found = records_.find(item.id);
    if (found == records_.end()) {
      AddFinding(findings, "missing_ground_truth", item.id, item.source, "no ground truth in gt/ for this item");
      Stamp(findings, first_finding, {2, "", first_item + static_cast<int64_t>(i)});
      continue;
    }
    const std::string where = fmt::format("gt/{}:{}", file_name_, found->second.line);
    try {
      JoinRecord(found->second.json, root_, scene_, where, findings, item);
    } catch (const json::exception& e) {
      item.answer_kind.reset();
      AddFinding(findings, "bad_ground_truth", item.id, where, e.what());
    }
    Stamp(findings, first_finding, {1, file_name_, found->second.line});
  }
}

void CheckGroundTruthFiles(const std::filesystem::path& root, const HashSet64& item_ids,
                           std::vector<DatasetFinding>& findings) {
  HashSet64 given;
  for (const std::filesystem::path& file : GroundTruthFiles(root / "gt")) {
    const std::string name = file.filename().string();
    std::ifstream in(file);
    std::string line;
    for (int line_number = 1; std::getline(in, line); ++line_number) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      const size_t first_finding = findings.size();
      const std::string where = fmt::format("gt/{}:{}", name, line_number);
      json record;
      bool parsed = true;
      try {
        record = json::parse(line);
      } catch (const json::parse_error& e) {
        AddFinding(findings, "bad_json", "", where, e.what());
        parsed = false;
      }
      if (parsed) {
        const std::string id = record.is_object() ? record.value("id", "") : "";
        const uint64_t hash = StableHash(id);
        if (!item_ids.Contains(hash)) {
          AddFinding(findings, "orphan_ground_truth", id, where, "ground truth for an id that no QA file holds", false);
        } else if (!given.Insert(hash)) {
          AddFinding(findings, "duplicate_id", id, where, "ground truth given twice for this id");
        }
      }
      Stamp(findings, first_finding, {1, name, line_number});
    }
  }
}

}  // namespace spatialgen
