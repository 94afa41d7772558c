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

std::filesystem::path GroundTruthFile(const std::string& scene_id) {
  return std::filesystem::path("gt") / (scene_id + ".jsonl");
}

QaLineCounts WriteSceneParts(const std::filesystem::path& root, const std::string& scene_id,
                             const std::vector<QaItem>& items) {
  std::string ground_truth, robospatial, robopoint;
  QaLineCounts counts;
  for (const QaItem& item : items) {
    ground_truth += GroundTruthLine(item) + "\n";
    if (WrittenTo(item, "robospatial")) {
      robospatial += RoboSpatialLine(item) + "\n";
      ++counts.robospatial;
    }
    if (WrittenTo(item, "robopoint")) {
      robopoint += RoboPointLine(item) + "\n";
      ++counts.robopoint;
    }
  }
  WriteFileAtomic(root / GroundTruthFile(scene_id), ground_truth);
  WriteFileAtomic(root / kRoboSpatialFile, robospatial);
  WriteFileAtomic(root / kRoboPointPartFile, robopoint);
  return counts;
}

QaFileWriter::QaFileWriter(const std::filesystem::path& root)
    : robospatial_(root / kRoboSpatialFile), robopoint_(root / kRoboPointFile) {
  robopoint_.stream() << "[";
}

void QaFileWriter::AddRoboSpatialLine(std::string_view line) {
  robospatial_.stream() << line << "\n";
  ++counts_.robospatial;
}

void QaFileWriter::AddRoboPointLine(std::string_view line) {
  robopoint_.stream() << (counts_.robopoint ? ",\n" : "\n") << line;
  ++counts_.robopoint;
}

void QaFileWriter::Commit() {
  robopoint_.stream() << "\n]\n";
  robospatial_.Commit();
  robopoint_.Commit();
}

}  // namespace spatialgen
