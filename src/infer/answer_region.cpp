#include "infer/answer_region.h"

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/image_header.h"
#include "core/image_integrity.h"

namespace spatialgen {
namespace {

double Cross(const Eigen::Vector2d& o, const Eigen::Vector2d& a, const Eigen::Vector2d& b) {
  return (a - o).x() * (b - o).y() - (a - o).y() * (b - o).x();
}

// Andrew's monotone chain; collinear points dropped, counter-clockwise.
std::vector<Eigen::Vector2d> ConvexHull(std::vector<Eigen::Vector2d> points) {
  std::sort(points.begin(), points.end(), [](const Eigen::Vector2d& a, const Eigen::Vector2d& b) {
    return a.x() < b.x() || (a.x() == b.x() && a.y() < b.y());
  });
  points.erase(std::unique(points.begin(), points.end()), points.end());
  if (points.size() < 3) return points;
  std::vector<Eigen::Vector2d> hull(2 * points.size());
  size_t k = 0;
  for (size_t i = 0; i < points.size(); ++i) {
    while (k >= 2 && Cross(hull[k - 2], hull[k - 1], points[i]) <= 0) --k;
    hull[k++] = points[i];
  }
  for (size_t i = points.size() - 1, lower = k + 1; i > 0; --i) {
    while (k >= lower && Cross(hull[k - 2], hull[k - 1], points[i - 1]) <= 0) --k;
    hull[k++] = points[i - 1];
  }
  hull.resize(k - 1);
  return hull;
}

double SegmentDistance(const Eigen::Vector2d& p, const Eigen::Vector2d& a, const Eigen::Vector2d& b) {
  const Eigen::Vector2d ab = b - a;
  const double length2 = ab.squaredNorm();
  const double t = length2 > 0 ? std::clamp((p - a).dot(ab) / length2, 0.0, 1.0) : 0.0;
  return (a + t * ab - p).norm();
}

}  // namespace

AnswerRegion AnswerRegion::FromMask(const std::filesystem::path& path, int threshold) {
  // Checked before decoding: the reason is then ours, and libpng prints nothing on stderr.
  if (!std::filesystem::is_regular_file(path)) throw InputError({path.string(), "", ""}, "the region mask is missing");
  if (auto problem = ImageFileProblem(path)) throw InputError({path.string(), "", ""}, "region mask " + *problem);
  const cv::Mat grey = cv::imread(path.string(), cv::IMREAD_GRAYSCALE);
  if (grey.empty()) throw InputError({path.string(), "", ""}, "cannot read the region mask");
  return FromMaskImage(grey, threshold);
}

AnswerRegion AnswerRegion::FromMaskImage(const cv::Mat& grey, int threshold) {
  AnswerRegion region;
  region.mask_ = cv::Mat(grey.rows, grey.cols, CV_8U);
  for (int y = 0; y < grey.rows; ++y) {
    for (int x = 0; x < grey.cols; ++x) {
      region.mask_.at<uint8_t>(y, x) = grey.at<uint8_t>(y, x) >= threshold ? 1 : 0;
    }
  }
  return region;
}

AnswerRegion AnswerRegion::FromPoints(const std::vector<Eigen::Vector2d>& points) {
  AnswerRegion region;
  region.hull_ = ConvexHull(points);
  return region;
}

AnswerRegion AnswerRegion::ForItem(const DatasetItem& item, int threshold) {
  if (!item.mask_path.empty()) return FromMask(item.mask_path, threshold);
  return FromPoints(item.points);
}

bool AnswerRegion::Contains(const Eigen::Vector2d& normalized) const {
  if (!mask_.empty()) {
    const auto pixel = [](double value, int extent) {
      return std::clamp(static_cast<int>(std::floor(value * extent)), 0, extent - 1);
    };
    return mask_.at<uint8_t>(pixel(normalized.y(), mask_.rows), pixel(normalized.x(), mask_.cols)) != 0;
  }
  if (hull_.empty()) return false;
  if (hull_.size() >= 3) {
    bool inside = true;
    for (size_t i = 0; i < hull_.size() && inside; ++i) {
      inside = Cross(hull_[i], hull_[(i + 1) % hull_.size()], normalized) >= 0;
    }
    if (inside) return true;
  }
  for (size_t i = 0; i < hull_.size(); ++i) {
    if (SegmentDistance(normalized, hull_[i], hull_[(i + 1) % hull_.size()]) <= kHullTolerance) {
      return true;
    }
  }
  return false;
}

double AnswerRegion::AreaFraction() const {
  if (!mask_.empty()) return static_cast<double>(cv::countNonZero(mask_)) / mask_.total();
  double twice_area = 0;
  for (size_t i = 0; i < hull_.size(); ++i) {
    const Eigen::Vector2d& a = hull_[i];
    const Eigen::Vector2d& b = hull_[(i + 1) % hull_.size()];
    twice_area += a.x() * b.y() - b.x() * a.y();
  }
  return std::abs(twice_area) / 2;
}

std::vector<Eigen::Vector2d> AnswerRegion::PointsInside(size_t count) const {
  if (mask_.empty()) {
    return {hull_.begin(), hull_.begin() + std::min(count, hull_.size())};
  }
  std::vector<Eigen::Vector2d> inside;
  const int total = cv::countNonZero(mask_);
  if (total == 0 || count == 0) return inside;
  const size_t step = std::max<size_t>(1, total / count);
  size_t seen = 0;
  for (int y = 0; y < mask_.rows && inside.size() < count; ++y) {
    for (int x = 0; x < mask_.cols && inside.size() < count; ++x) {
      if (mask_.at<uint8_t>(y, x) == 0) continue;
      if (seen++ % step == 0) inside.emplace_back((x + 0.5) / mask_.cols, (y + 0.5) / mask_.rows);
    }
  }
  return inside;
}

AnswerImageSize ReadImageSize(const std::filesystem::path& path) {
  if (const std::optional<ImageHeader> header = ReadImageHeader(path)) return {header->width, header->height};
  if (!std::filesystem::is_regular_file(path)) throw InputError({path.string(), "", ""}, "the image is missing");
  const cv::Mat image = cv::imread(path.string(), cv::IMREAD_UNCHANGED);
  if (image.empty()) throw InputError({path.string(), "", ""}, "cannot read the image");
  return {image.cols, image.rows};
}

}  // namespace spatialgen
