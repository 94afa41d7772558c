#pragma once
// Hand-made dataset items and masks for the infer tests.
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <string>
#include <unistd.h>

#include "dataset/dataset.h"

namespace spatialgen::testing {

inline DatasetItem YesNoItem(std::string id, bool yes, std::string frame = "ego",
                             std::string relation = "left", std::string task = "configuration") {
  DatasetItem item;
  item.id = std::move(id);
  item.task = std::move(task);
  item.frame = std::move(frame);
  item.relation = std::move(relation);
  item.question = "Is the chair to the " + item.relation + " of the table? Final answer should be yes or no.";
  item.object_labels = {"chair", "table"};
  item.answer_kind = AnswerKind::kYesNo;
  item.answer_yes = yes;
  item.answer = yes ? "yes" : "no";
  return item;
}

inline DatasetItem PointItem(std::string id, std::filesystem::path mask, std::vector<Eigen::Vector2d> points,
                             std::string frame = "ego", std::string relation = "left") {
  DatasetItem item;
  item.id = std::move(id);
  item.task = "context";
  item.frame = std::move(frame);
  item.relation = std::move(relation);
  item.question = "Point to free space " + item.relation + " of the cup.";
  item.object_labels = {"cup"};
  item.answer_kind = AnswerKind::kPoints;
  item.points = std::move(points);
  item.mask = mask.filename().string();
  item.mask_path = std::move(mask);
  return item;
}

inline DatasetItem BoxItem(std::string id, Eigen::AlignedBox2d box) {
  DatasetItem item;
  item.id = std::move(id);
  item.task = "grounding";
  item.question = "Provide the bounding box of the table.";
  item.object_labels = {"table"};
  item.answer_kind = AnswerKind::kBox;
  item.box = box;
  return item;
}

// A fresh folder under the system temp dir, removed with the object.
class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              ("spatialgen_infer_" + name + "_" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A width x height mask, 255 where x < inside_columns, 0 elsewhere, written as PNG.
inline std::filesystem::path WriteLeftMask(const std::filesystem::path& path, int width, int height,
                                           int inside_columns) {
  cv::Mat mask(height, width, CV_8U, cv::Scalar(0));
  mask(cv::Rect(0, 0, inside_columns, height)).setTo(255);
  cv::imwrite(path.string(), mask);
  return path;
}

}  // namespace spatialgen::testing
