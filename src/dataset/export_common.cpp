#include "dataset/export_common.h"

#include <fmt/format.h>

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/error.h"
#include "dataset/region_ring.h"

namespace spatialgen {

namespace fs = std::filesystem;

std::string ExportImageName(const DatasetItem& item) {
  const fs::path path = fs::path(item.image).lexically_normal();
  if (path.empty() || path.is_absolute() || *path.begin() == "..") {
    throw InputError({item.source, "", "image"},
                     fmt::format("item {}: image \"{}\" is not a path inside the dataset folder", item.id, item.image));
  }
  const fs::path under_images = *path.begin() == "images" ? path.lexically_relative("images") : path;
  return under_images.generic_string();
}

void PlaceImage(const ExportJob& job, const DatasetItem& item, const fs::path& folder, ExportResult& result) {
  const fs::path relative = folder / "images" / ExportImageName(item);
  if (!result.images.insert(relative.generic_string()).second) return;
  if (!fs::is_regular_file(item.image_path)) {
    throw InputError({item.image_path.string(), "", ""}, fmt::format("item {}: the image is missing", item.id));
  }
  const fs::path destination = job.staging / relative;
  fs::create_directories(destination.parent_path());
  std::error_code link_error;
  fs::create_hard_link(item.image_path, destination, link_error);
  if (link_error) fs::copy_file(item.image_path, destination);  // another file system
}

void RequireAnswers(const ExportJob& job, const std::vector<const DatasetItem*>& items) {
  if (job.answers == nullptr) return;
  std::vector<std::string> missing;
  for (const DatasetItem* item : items) {
    if (!job.answers->contains(item->id)) missing.push_back(item->id);
  }
  if (missing.empty()) return;
  const size_t shown = std::min<size_t>(missing.size(), 3);
  throw InputError({job.options.predictions_name, "", "id"},
                   fmt::format("no prediction for {} of the {} items exported (first: {}): a predictions file "
                               "from another dataset, or an unfinished run (spatialgen predict resumes it)",
                               missing.size(), items.size(),
                               fmt::join(missing.begin(), missing.begin() + long(shown), ", ")));
}

const ScoredAnswer& AnswerOf(const ExportJob& job, const DatasetItem& item) { return job.answers->at(item.id); }

std::string YesNoText(bool yes) { return yes ? "Yes" : "No"; }

std::string PointsAtPixelCentres(const std::vector<Eigen::Vector2d>& points, int width, int height) {
  const auto centre = [](double value, int extent) {
    const int pixel = std::clamp(static_cast<int>(std::floor(value * extent)), 0, extent - 1);
    return (pixel + 0.5) / extent;
  };
  std::string text = "[";
  for (size_t i = 0; i < points.size(); ++i) {
    if (i > 0) text += ", ";
    text += fmt::format("({:.{}f}, {:.{}f})", centre(points[i].x(), width), kRingDecimals,
                        centre(points[i].y(), height), kRingDecimals);
  }
  return text + "]";
}

cv::Mat ReadRegionMask(const DatasetItem& item) {
  const cv::Mat mask = cv::imread(item.mask_path.string(), cv::IMREAD_GRAYSCALE);
  if (mask.empty()) {
    throw InputError({item.mask_path.string(), "", ""}, fmt::format("item {}: cannot read the region mask", item.id));
  }
  return mask;
}

const RoboSpatialNames* RoboSpatialNamesOf(std::string_view task) {
  static const std::map<std::string_view, RoboSpatialNames> names = {
      {"configuration", {"configuration", "pairwise_positional"}},
      {"compatibility", {"compatibility", "pairwise_compatibility"}},
      {"compatibility_on_top", {"compatibility", "pairwise_compatibility"}},
      {"context", {"context", "unary_spatial_context"}}};
  const auto found = names.find(task);
  return found == names.end() ? nullptr : &found->second;
}

void LeaveOut(ExportResult& result, const std::string& reason) { ++result.left_out[reason]; }

}  // namespace spatialgen
