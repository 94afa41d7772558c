#include "qa_gen/points.h"

#include <fmt/format.h>

#include "core/check.h"

namespace spatialgen {

void PointOptions::Check() const {
  SG_CHECK_OPTION_GE(min_points, 1);
  SG_CHECK_OPTION(min_points_sampled >= min_points, min_points_sampled, "must be >= min_points");
  SG_CHECK_OPTION(max_points >= min_points_sampled, max_points, "must be >= min_points_sampled");
  SG_CHECK_OPTION_GE(min_spacing_px, 0);
  SG_CHECK_OPTION_GE(object_erosion_px, 0);
}

void ReadOptions(JsonReader& reader, PointOptions& options) {
  reader.Read("min_points", options.min_points);
  reader.Read("min_points_sampled", options.min_points_sampled);
  reader.Read("max_points", options.max_points);
  reader.Read("min_spacing_px", options.min_spacing_px);
  reader.Read("object_erosion_px", options.object_erosion_px);
}

int64_t RegionMask::Count() const {
  int64_t count = 0;
  for (uint8_t pixel : pixels) count += pixel != 0;
  return count;
}

RegionMask Erode(const RegionMask& mask, int radius) {
  // Separable: a pixel survives when its row run and then its column run of 2r+1 are inside.
  RegionMask rows(mask.width, mask.height), eroded(mask.width, mask.height);
  auto inside_run = [](const RegionMask& m, int i, int j, int di, int dj, int r) {
    for (int k = -r; k <= r; ++k) {
      const int x = i + k * di, y = j + k * dj;
      if (x < 0 || y < 0 || x >= m.width || y >= m.height || !m.At(x, y)) return false;
    }
    return true;
  };
  for (int j = 0; j < mask.height; ++j) {
    for (int i = 0; i < mask.width; ++i) {
      if (inside_run(mask, i, j, 1, 0, radius)) rows.Set(i, j);
    }
  }
  for (int j = 0; j < mask.height; ++j) {
    for (int i = 0; i < mask.width; ++i) {
      if (inside_run(rows, i, j, 0, 1, radius)) eroded.Set(i, j);
    }
  }
  return eroded;
}

PointPool PoolOf(const RegionMask& mask) {
  PointPool pool;
  for (int j = 0; j < mask.height; ++j) {
    for (int i = 0; i < mask.width; ++i) {
      if (mask.At(i, j)) pool.pixels.emplace_back(i + 0.5, j + 0.5);
    }
  }
  return pool;
}

std::vector<size_t> SampleSpaced(const std::vector<Eigen::Vector2d>& pixels, int count, double min_spacing, Rng& rng) {
  std::vector<size_t> order(pixels.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  rng.Shuffle(order);
  std::vector<size_t> chosen;
  const double min_squared = min_spacing * min_spacing;
  for (size_t candidate : order) {
    if (int(chosen.size()) == count) break;
    bool spaced = true;
    for (size_t k : chosen) spaced = spaced && (pixels[k] - pixels[candidate]).squaredNorm() >= min_squared;
    if (spaced) chosen.push_back(candidate);
  }
  return chosen;
}

std::vector<Eigen::Vector2d> Normalized(const std::vector<Eigen::Vector2d>& pixels, int width, int height) {
  std::vector<Eigen::Vector2d> normalized;
  for (const Eigen::Vector2d& pixel : pixels) normalized.emplace_back(pixel.x() / width, pixel.y() / height);
  return normalized;
}

std::string FormatPoints(const std::vector<Eigen::Vector2d>& points_normalized) {
  std::string text = "[";
  for (size_t k = 0; k < points_normalized.size(); ++k) {
    text += fmt::format("{}({:.3f}, {:.3f})", k ? ", " : "", points_normalized[k].x(), points_normalized[k].y());
  }
  return text + "]";
}

}  // namespace spatialgen
