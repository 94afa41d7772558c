#include "qa_gen/writers.h"

#include <algorithm>

namespace spatialgen {
namespace {

bool WrittenTo(const QaItem& item, const std::string& format) {
  return std::find(item.formats.begin(), item.formats.end(), format) != item.formats.end();
}

nlohmann::ordered_json OrNull(const std::string& text) {
  return text.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(text);
}

}  // namespace

std::string RoboSpatialLine(const QaItem& item) {
  nlohmann::ordered_json json;
  json["id"] = item.id;
  json["image"] = item.image;
  json["question"] = item.question;
  json["answer"] = item.answer;
  json["qa_type"] = item.task;
  json["frame"] = OrNull(item.frame);
  json["relation"] = OrNull(item.relation);
  json["scene"] = item.scene_id;
  json["view"] = item.view_id;
  json["objects"] = item.object_labels;
  return json.dump();
}

std::string RoboPointLine(const QaItem& item) {
  nlohmann::ordered_json json;
  json["id"] = item.id;
  json["image"] = item.image;
  json["conversations"] = nlohmann::ordered_json::array(
      {{{"from", "human"}, {"value", "<image>\n" + item.question}},
       {{"from", "gpt"}, {"value", item.answer}}});
  return json.dump();
}

std::string GroundTruthLine(const QaItem& item) {
  nlohmann::ordered_json json;
  json["id"] = item.id;
  json["task"] = item.task;
  json["answer_kind"] = AnswerKindName(item.answer_kind);
  switch (item.answer_kind) {
    case AnswerKind::kYesNo: json["answer"] = item.answer_yes; break;
    case AnswerKind::kBox:
      json["answer"] = {item.box_normalized.min().x(), item.box_normalized.min().y(),
                        item.box_normalized.max().x(), item.box_normalized.max().y()};
      break;
    case AnswerKind::kPoints: {
      json["answer"] = nlohmann::ordered_json::array();
      for (const Eigen::Vector2d& point : item.points_normalized) json["answer"].push_back({point.x(), point.y()});
      if (!item.points_in_world.empty()) {
        json["points_in_world"] = nlohmann::ordered_json::array();
        for (const Eigen::Vector3d& point : item.points_in_world) {
          json["points_in_world"].push_back({point.x(), point.y(), point.z()});
        }
      }
      json["mask"] = item.mask;
      break;
    }
  }
  if (item.marked_anchor >= 0) json["marked_anchor"] = item.marked_anchor;
  json["frame"] = OrNull(item.frame);
  json["relation"] = OrNull(item.relation);
  json["object_ids"] = item.object_ids;
  json["objects"] = item.object_labels;
  json["template"] = item.template_id;
  json["image"] = item.image;
  return json.dump();
}

DatasetWriter::DatasetWriter(const std::filesystem::path& root)
    : root_(root),
      robospatial_(root / "qa" / "robospatial.jsonl"),
      robopoint_(root / "qa" / "robopoint.json") {
  robopoint_.stream() << "[";
}

void DatasetWriter::AddScene(const std::string& scene_id, const std::vector<QaItem>& items) {
  std::string ground_truth;
  for (const QaItem& item : items) {
    ground_truth += GroundTruthLine(item) + "\n";
    if (WrittenTo(item, "robospatial")) {
      robospatial_.stream() << RoboSpatialLine(item) << "\n";
      ++robospatial_items_;
    }
    if (WrittenTo(item, "robopoint")) {
      robopoint_.stream() << (robopoint_items_ ? ",\n" : "\n") << RoboPointLine(item);
      ++robopoint_items_;
    }
  }
  WriteFileAtomic(root_ / "gt" / (scene_id + ".jsonl"), ground_truth);
}

void DatasetWriter::Commit() {
  robopoint_.stream() << "\n]\n";
  robospatial_.Commit();
  robopoint_.Commit();
}

}  // namespace spatialgen
