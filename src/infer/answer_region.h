#pragma once
// The ground-truth region of a point item, against which predicted points are tested.
//  - Items with a mask (every spatialgen point item): the mask image. spatialgen writes 1-bit
//    PNGs; foreign masks may be 8-bit or JPEG, so a pixel is inside when its grey value is
//    >= the threshold (128 by default: the middle of the range, which also absorbs JPEG ringing
//    around a binary edge).
//  - Foreign items without a mask: the convex hull of the answer points (RoboSpatial-Eval takes
//    the answer points as a polygon; the hull does not depend on the order they are listed in).
//    A point within kHullTolerance of the hull counts as inside, so points written with three
//    decimals, as the answers are, still count; with fewer than three distinct answer points
//    the region is that point or segment, widened by the same tolerance.
// A normalized point (x, y) maps to the pixel (floor(x * width), floor(y * height)), clamped to
// the image.
#include <Eigen/Core>

#include <filesystem>
#include <vector>

#include <opencv2/core.hpp>

#include "dataset/dataset.h"
#include "infer/answer_parser.h"

namespace spatialgen {

inline constexpr double kHullTolerance = 1e-3;
// The grey level from which a mask pixel is inside (see above).
inline constexpr int kDefaultMaskThreshold = 128;

class AnswerRegion {
 public:
  // Reads the mask. Throws InputError naming the file when it cannot be read.
  static AnswerRegion FromMask(const std::filesystem::path& path, int threshold = kDefaultMaskThreshold);
  // A mask already in memory (8-bit, one channel).
  static AnswerRegion FromMaskImage(const cv::Mat& grey, int threshold = kDefaultMaskThreshold);
  // The convex hull of normalized points.
  static AnswerRegion FromPoints(const std::vector<Eigen::Vector2d>& points);
  // The item's region: its mask when it names one, else the hull of its answer points.
  static AnswerRegion ForItem(const DatasetItem& item, int threshold = kDefaultMaskThreshold);

  bool Contains(const Eigen::Vector2d& normalized) const;
  // The mask's size; unknown (0 x 0) for a hull.
  AnswerImageSize size() const { return {mask_.cols, mask_.rows}; }
  bool is_mask() const { return !mask_.empty(); }
  // The share of the image inside the region: what a uniformly random point scores.
  double AreaFraction() const;
  // Up to `count` points inside the region (pixel centres of a mask, spread evenly in raster
  // order; hull vertices): answers an oracle can give when an item lists no answer points.
  std::vector<Eigen::Vector2d> PointsInside(size_t count) const;

 private:
  cv::Mat mask_;                        // CV_8U, 1 inside, 0 outside; empty for a hull
  std::vector<Eigen::Vector2d> hull_;   // counter-clockwise, when no mask
};

// The pixel size of an image file: from its PNG/JPEG header, else by decoding it. Throws
// InputError naming it when it cannot be read.
AnswerImageSize ReadImageSize(const std::filesystem::path& path);

}  // namespace spatialgen
