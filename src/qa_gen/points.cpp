#include "qa_gen/points.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <utility>

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

void RegionMask::ToImage(std::vector<uint8_t>& image) const {
  image.assign(size_t(width) * height, 0);
  for (int j = j0; j < j1; ++j) {
    for (int i = i0; i < i1; ++i) image[size_t(j) * width + i] = At(i, j) ? 1 : 0;
  }
}

namespace {

// Whether bytes [begin, end) are all zero, 8 at a time.
bool AllZero(const uint8_t* begin, const uint8_t* end) {
  for (; begin + 8 <= end; begin += 8) {
    uint64_t word;
    std::memcpy(&word, begin, 8);
    if (word != 0) return false;
  }
  for (; begin < end; ++begin) {
    if (*begin != 0) return false;
  }
  return true;
}

// The bounding box of the set pixels in image coordinates, columns [i0, i1) of rows [j0, j1);
// empty when none.
struct SetBox {
  int i0, i1, j0, j1;
  bool empty() const { return j0 >= j1; }
};
SetBox SetBoxOf(const RegionMask& mask) {
  SetBox box{mask.width, 0, mask.height, 0};
  const int width = mask.window_width();
  for (int j = mask.j0; j < mask.j1; ++j) {
    const uint8_t* row = mask.pixels.data() + size_t(j - mask.j0) * width;
    if (AllZero(row, row + width)) continue;
    box.j0 = std::min(box.j0, j);
    box.j1 = j + 1;
    int first = 0, last = width - 1;
    while (row[first] == 0) ++first;
    while (row[last] == 0) --last;
    box.i0 = std::min(box.i0, mask.i0 + first);
    box.i1 = std::max(box.i1, mask.i0 + last + 1);
  }
  return box;
}

}  // namespace

PointPool ErodedPool(const RegionMask& mask, int radius) {
  // Separable: a pixel survives when its row run and then its column run of 2r+1 lie inside
  // the mask (and the image). A pixel is the centre of such a run when the run of set pixels
  // ending r further on is at least 2r+1 long. Outside the set pixels' box nothing survives.
  PointPool pool;
  const SetBox box = SetBoxOf(mask);
  if (box.empty()) return pool;
  const int span = 2 * radius + 1;
  const int width = box.i1 - box.i0;
  std::vector<uint8_t> rows(size_t(box.j1 - box.j0) * width, 0);  // the row pass, in the box
  for (int j = box.j0; j < box.j1; ++j) {
    const uint8_t* in = mask.pixels.data() + size_t(j - mask.j0) * mask.window_width() + (box.i0 - mask.i0);
    uint8_t* out = rows.data() + size_t(j - box.j0) * width;
    int run = 0;
    for (int i = 0; i < width; ++i) {
      run = in[i] != 0 ? run + 1 : 0;
      if (run >= span) out[i - radius] = 1;
    }
  }
  std::vector<int> run(width, 0);  // per column, set rows of the row pass ending at the current row
  for (int j = box.j0; j < box.j1; ++j) {
    const uint8_t* in = rows.data() + size_t(j - box.j0) * width;
    for (int i = 0; i < width; ++i) run[i] = in[i] != 0 ? run[i] + 1 : 0;
    for (int i = 0; i < width; ++i) {
      if (run[i] >= span) pool.pixels.emplace_back(box.i0 + i + 0.5, j - radius + 0.5);
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
