#include "dataset/item_readers.h"

#include <fmt/format.h>

#include "dataset/answer_format.h"

namespace spatialgen {
namespace {

using nlohmann::json;

constexpr std::string_view kImageToken = "<image>";

// A string field. Absent or null: "missing_field" when required; another type: "wrong_type".
// Returns whether a string was read.
bool ReadString(const json& record, const std::string& key, bool required, const std::string& item_id,
                const std::string& where, std::vector<DatasetFinding>& findings, std::string& out) {
  const auto found = record.find(key);
  if (found == record.end() || found->is_null()) {
    if (required) AddFinding(findings, "missing_field", item_id, where, fmt::format("missing field \"{}\"", key));
    return false;
  }
  if (!found->is_string()) {
    AddFinding(findings, "wrong_type", item_id, where,
               fmt::format("field \"{}\" should be a string, not {}", key, found->type_name()));
    return false;
  }
  out = found->get<std::string>();
  return true;
}

// Ids may be strings or integers (RoboPoint's question files use both).
std::string ReadId(const json& record, const std::string& fallback_id, const std::string& where, std::vector<DatasetFinding>& findings) {
  const auto found = record.find("id");
  if (found != record.end() && found->is_string()) return found->get<std::string>();
  if (found != record.end() && found->is_number_integer()) return std::to_string(found->get<int64_t>());
  if (found == record.end() || found->is_null()) {
    AddFinding(findings, "missing_field", fallback_id, where, "missing field \"id\"; named " + fallback_id);
  } else {
    AddFinding(findings, "wrong_type", fallback_id, where,
               fmt::format("field \"id\" should be a string or an integer, not {}", found->type_name()));
  }
  return fallback_id;
}

size_t CountOccurrences(std::string_view text, std::string_view token) {
  size_t count = 0;
  for (size_t at = text.find(token); at != std::string_view::npos; at = text.find(token, at + token.size())) ++count;
  return count;
}

// LLaVA expects the image token once, at the start ("<image>\n...") or the end ("...\n<image>")
// of the first human turn. Returns the question without it.
std::string QuestionWithoutImageToken(const std::string& value, bool first_turn, const std::string& item_id,
                                      const std::string& where, std::vector<DatasetFinding>& findings) {
  const size_t tokens = CountOccurrences(value, kImageToken);
  if (!first_turn) {
    if (tokens > 0) AddFinding(findings, "image_token", item_id, where, "\"<image>\" in a later human turn");
    return value;
  }
  const std::string head = std::string(kImageToken) + "\n";
  const std::string tail = "\n" + std::string(kImageToken);
  if (tokens == 1 && value.starts_with(head)) return value.substr(head.size());
  if (tokens == 1 && value.ends_with(tail)) return value.substr(0, value.size() - tail.size());
  if (tokens == 0) {
    AddFinding(findings, "image_token", item_id, where, "the first human turn has no \"<image>\" token");
  } else if (tokens > 1) {
    AddFinding(findings, "image_token", item_id, where, fmt::format("{} \"<image>\" tokens (expected one)", tokens));
  } else {
    AddFinding(findings, "image_token", item_id, where,
               "\"<image>\" is neither at the start (\"<image>\\n...\") nor at the end of the question");
  }
  std::string question = value;
  for (size_t at = question.find(kImageToken); at != std::string::npos; at = question.find(kImageToken)) {
    question.erase(at, kImageToken.size());
  }
  return question;
}

}  // namespace

void AddFinding(std::vector<DatasetFinding>& findings, std::string check, std::string item_id, std::string where, std::string message,
                bool error) {
  findings.push_back({std::move(check), std::move(item_id), std::move(where), std::move(message), error, {}});
}

bool ReadRoboSpatialRecord(const json& record, const std::string& where, const std::string& fallback_id,
                           const std::filesystem::path& image_root, std::vector<DatasetFinding>& findings, DatasetItem& item) {
  if (!record.is_object()) {
    AddFinding(findings, "wrong_type", fallback_id, where, fmt::format("an item should be an object, not {}", record.type_name()));
    return false;
  }
  item.id = ReadId(record, fallback_id, where, findings);
  item.source = where;
  item.format = "robospatial";
  // RoboSpatial's own files name the image "image_path"; spatialgen's, like RoboPoint, "image".
  const bool has_image_path = record.contains("image_path");
  const bool usable = ReadString(record, has_image_path ? "image_path" : "image", true, item.id, where, findings, item.image) &
                      ReadString(record, "question", true, item.id, where, findings, item.question) &
                      ReadString(record, "answer", true, item.id, where, findings, item.answer);
  ReadString(record, "qa_type", true, item.id, where, findings, item.task);
  ReadString(record, "frame", false, item.id, where, findings, item.frame);
  ReadString(record, "relation", false, item.id, where, findings, item.relation);
  ReadString(record, "scene", false, item.id, where, findings, item.scene);
  if (const auto objects = record.find("objects"); objects != record.end() && !objects->is_null()) {
    bool all_strings = objects->is_array();
    for (const json& label : all_strings ? *objects : json::array()) all_strings = all_strings && label.is_string();
    if (all_strings) {
      item.object_labels = objects->get<std::vector<std::string>>();
    } else {
      AddFinding(findings, "wrong_type", item.id, where, "field \"objects\" should be a list of strings");
    }
  }
  if (item.question.find(kImageToken) != std::string::npos) {
    AddFinding(findings, "image_token", item.id, where,
               "a RoboSpatial-style question holds \"<image>\" (the image is given separately)", false);
  }
  if (!item.image.empty()) item.image_path = image_root / item.image;
  return usable;
}

std::vector<DatasetItem> ReadRoboPointRecord(const json& record, const std::string& where, const std::string& fallback_id,
                                             const std::filesystem::path& image_root, std::vector<DatasetFinding>& findings) {
  std::vector<DatasetItem> items;
  if (!record.is_object()) {
    AddFinding(findings, "wrong_type", fallback_id, where, fmt::format("an item should be an object, not {}", record.type_name()));
    return items;
  }
  const std::string id = ReadId(record, fallback_id, where, findings);
  std::string image;
  const bool has_image = ReadString(record, "image", true, id, where, findings, image);
  const auto conversations = record.find("conversations");
  if (conversations == record.end() || !conversations->is_array()) {
    AddFinding(findings, conversations == record.end() ? "missing_field" : "wrong_type", id, where,
               "field \"conversations\" should be a list of turns");
    return items;
  }
  const size_t turns = conversations->size();
  if (turns < 2 || turns % 2 != 0) {
    AddFinding(findings, "conversation", id, where,
               fmt::format("{} turns: expected human and gpt turns in pairs", turns));
  }
  for (size_t turn = 0; turn + 1 < turns; turn += 2) {
    const json& human = (*conversations)[turn];
    const json& gpt = (*conversations)[turn + 1];
    DatasetItem item;
    item.id = turn == 0 ? id : fmt::format("{}#{}", id, turn / 2);
    item.source = where;
    item.format = "robopoint";
    item.image = image;
    if (has_image) item.image_path = image_root / image;
    const std::string turn_where = fmt::format("{}.conversations[{}]", where, turn);
    if (!human.is_object() || !gpt.is_object() || human.value("from", "") != "human" || gpt.value("from", "") != "gpt") {
      AddFinding(findings, "conversation", item.id, turn_where, "expected a {\"from\": \"human\"} turn, then a {\"from\": \"gpt\"} one");
      continue;
    }
    std::string question;
    if (!ReadString(human, "value", true, item.id, turn_where, findings, question) ||
        !ReadString(gpt, "value", true, item.id, turn_where, findings, item.answer)) {
      continue;
    }
    item.question = QuestionWithoutImageToken(question, turn == 0, item.id, turn_where, findings);
    if (has_image) items.push_back(std::move(item));
  }
  return items;
}

void ReadAnswerFromText(DatasetItem& item, std::vector<DatasetFinding>& findings) {
  if (const std::optional<bool> yes = ParseYesNoAnswer(item.answer)) {
    item.answer_kind = AnswerKind::kYesNo;
    item.answer_yes = *yes;
  } else if (auto points = ParsePointListAnswer(item.answer)) {
    item.answer_kind = AnswerKind::kPoints;
    item.points = std::move(*points);
  } else if (const std::optional<Eigen::Vector4d> box = ParseBoxAnswer(item.answer)) {
    item.answer_kind = AnswerKind::kBox;
    item.box = Eigen::AlignedBox2d(box->head<2>(), box->tail<2>());
  } else {
    const std::string shown = item.answer.size() > 60 ? item.answer.substr(0, 60) + "..." : item.answer;
    AddFinding(findings, "bad_answer", item.id, item.source,
               fmt::format("answer \"{}\" is neither yes/no, a point list [(x, y), ...] nor a box [x1, y1, x2, y2]", shown));
    return;
  }
  CheckAnswerRange(item, findings);
}

void CheckAnswerRange(const DatasetItem& item, std::vector<DatasetFinding>& findings) {
  auto outside = [](double value) { return !(value >= 0.0 && value <= 1.0); };
  if (item.answer_kind == AnswerKind::kPoints) {
    for (size_t i = 0; i < item.points.size(); ++i) {
      const Eigen::Vector2d& point = item.points[i];
      if (outside(point.x()) || outside(point.y())) {
        AddFinding(findings, "point_out_of_range", item.id, item.source,
                   fmt::format("point {} ({}, {}) is outside [0, 1]", i, point.x(), point.y()));
        return;
      }
    }
    if (item.points.empty()) AddFinding(findings, "point_count", item.id, item.source, "an empty point list", false);
  } else if (item.answer_kind == AnswerKind::kBox) {
    const Eigen::Vector2d& min = item.box.min();
    const Eigen::Vector2d& max = item.box.max();
    if (outside(min.x()) || outside(min.y()) || outside(max.x()) || outside(max.y())) {
      AddFinding(findings, "point_out_of_range", item.id, item.source, "a box corner is outside [0, 1]");
    } else if (min.x() > max.x() || min.y() > max.y()) {
      AddFinding(findings, "bad_answer", item.id, item.source, "the box has x1 > x2 or y1 > y2");
    }
  }
}

}  // namespace spatialgen
