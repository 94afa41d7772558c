#include "dataset/region_ring.h"

#include <fmt/format.h>

#include <array>
#include <cassert>
#include <cstdint>
#include <string>

namespace spatialgen {
namespace {

// Edge directions on the pixel-corner lattice (x right, y down). Turning left is +3, right +1.
enum Direction : int { kRight = 0, kDown = 1, kLeft = 2, kUp = 3 };
constexpr std::array<int, 4> kDx = {1, 0, -1, 0};
constexpr std::array<int, 4> kDy = {0, 1, 0, -1};

// How far the ends of a vertical run move, in pixels (see the header).
constexpr double kTiltPixels = 0.25;

// The region's pixels, with everything outside the image outside the region. An edge from
// corner (x, y) in a direction has one pixel on its left and one on its right; it is a boundary
// edge when the left one is in the region and the right one is not (the region is kept on the
// left of every loop).
class RegionPixels {
 public:
  RegionPixels(const cv::Mat& mask, int threshold) : width_(mask.cols), height_(mask.rows), in_(mask.total()) {
    for (int y = 0; y < height_; ++y) {
      const uint8_t* row = mask.ptr<uint8_t>(y);
      for (int x = 0; x < width_; ++x) in_[size_t(y) * width_ + x] = row[x] >= threshold;
    }
  }

  int width() const { return width_; }
  int height() const { return height_; }
  bool In(int x, int y) const {
    return x >= 0 && y >= 0 && x < width_ && y < height_ && in_[size_t(y) * width_ + x];
  }
  bool IsBoundary(int x, int y, int direction) const {
    switch (direction) {
      case kRight: return In(x, y - 1) && !In(x, y);
      case kDown: return In(x, y) && !In(x - 1, y);
      case kLeft: return In(x - 1, y) && !In(x - 1, y - 1);
      default: return In(x - 1, y - 1) && !In(x, y - 1);
    }
  }

 private:
  int width_;
  int height_;
  std::vector<uint8_t> in_;
};

struct LatticeEdge {
  int x, y, direction;
};

// Follows boundary edges from `start` until it comes back, marking them in `visited` (one bit
// per direction per corner). At each corner the loop turns left if it can, else goes straight,
// else turns right: where two region pixels touch only at a corner, this keeps them apart
// (4-connected parts), and every edge has one successor and one predecessor.
std::vector<LatticeEdge> TraceLoop(const RegionPixels& pixels, LatticeEdge start, std::vector<uint8_t>& visited) {
  const auto corner = [&](int x, int y) { return size_t(y) * (pixels.width() + 1) + x; };
  std::vector<LatticeEdge> loop;
  LatticeEdge edge = start;
  do {
    visited[corner(edge.x, edge.y)] |= uint8_t(1u << edge.direction);
    loop.push_back(edge);
    const int x = edge.x + kDx[edge.direction];
    const int y = edge.y + kDy[edge.direction];
    [[maybe_unused]] bool found = false;
    for (const int turn : {3, 0, 1}) {
      const int direction = (edge.direction + turn) % 4;
      if (pixels.IsBoundary(x, y, direction)) {
        edge = {x, y, direction};
        found = true;
        break;
      }
    }
    assert(found && "a boundary edge always has a successor");
  } while (edge.x != start.x || edge.y != start.y || edge.direction != start.direction);
  return loop;
}

// The value a coordinate has once written with kRingDecimals decimals and read back.
double AsWritten(double value) { return std::stod(fmt::format("{:.{}f}", value, kRingDecimals)); }

// The corners of a loop (where its direction changes), vertical runs tilted, normalized.
std::vector<Eigen::Vector2d> LoopCorners(const std::vector<LatticeEdge>& loop, int width, int height) {
  std::vector<Eigen::Vector2d> corners;  // in pixels
  for (size_t i = 0; i < loop.size(); ++i) {
    const LatticeEdge& previous = loop[(i + loop.size() - 1) % loop.size()];
    if (loop[i].direction != previous.direction) corners.emplace_back(loop[i].x, loop[i].y);
  }
  // Runs alternate between horizontal and vertical, so each corner ends exactly one vertical run.
  std::vector<double> shift(corners.size(), 0.0);
  for (size_t i = 0; i < corners.size(); ++i) {
    const size_t j = (i + 1) % corners.size();
    if (corners[i].x() != corners[j].x()) continue;  // a horizontal run
    const double x = corners[i].x();
    const size_t top = corners[i].y() < corners[j].y() ? i : j;
    const size_t bottom = top == i ? j : i;
    shift[top] = x > 0 ? -kTiltPixels : 0.0;
    shift[bottom] = x < width ? kTiltPixels : 0.0;
  }
  std::vector<Eigen::Vector2d> normalized;
  normalized.reserve(corners.size());
  for (size_t i = 0; i < corners.size(); ++i) {
    normalized.emplace_back(AsWritten((corners[i].x() + shift[i]) / width), AsWritten(corners[i].y() / height));
  }
  return normalized;
}

}  // namespace

RegionRing RingFromMask(const cv::Mat& mask, int threshold) {
  assert(mask.type() == CV_8UC1);
  const RegionPixels pixels(mask, threshold);
  std::vector<uint8_t> visited(size_t(pixels.width() + 1) * (pixels.height() + 1), 0);
  const auto seen = [&](int x, int y, int direction) {
    return (visited[size_t(y) * (pixels.width() + 1) + x] >> direction) & 1u;
  };
  std::vector<std::vector<Eigen::Vector2d>> loops;
  for (int y = 0; y <= pixels.height(); ++y) {
    for (int x = 0; x <= pixels.width(); ++x) {
      for (int direction = 0; direction < 4; ++direction) {
        if (!pixels.IsBoundary(x, y, direction) || seen(x, y, direction)) continue;
        loops.push_back(LoopCorners(TraceLoop(pixels, {x, y, direction}, visited), pixels.width(), pixels.height()));
      }
    }
  }
  RegionRing ring;
  ring.loops = static_cast<int>(loops.size());
  if (loops.empty()) return ring;
  ring.vertices = loops.front();
  const Eigen::Vector2d anchor = ring.vertices.front();
  for (size_t k = 1; k < loops.size(); ++k) {
    // Out from the anchor along y = anchor.y, then along x = b.x to the loop's first corner b,
    // round the loop, and back the same way; the closing edge returns to the anchor.
    const Eigen::Vector2d& b = loops[k].front();
    const Eigen::Vector2d bend(b.x(), anchor.y());
    const bool bent = bend != anchor && bend != b;
    ring.vertices.push_back(anchor);
    if (bent) ring.vertices.push_back(bend);
    ring.vertices.insert(ring.vertices.end(), loops[k].begin(), loops[k].end());
    ring.vertices.push_back(b);
    if (bent) ring.vertices.push_back(bend);
  }
  return ring;
}

bool RingContains(const std::vector<Eigen::Vector2d>& ring, const Eigen::Vector2d& point) {
  bool inside = false;
  for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const Eigen::Vector2d& a = ring[j];
    const Eigen::Vector2d& b = ring[i];
    if ((a.y() > point.y()) == (b.y() > point.y())) continue;
    const double crossing = a.x() + (point.y() - a.y()) * (b.x() - a.x()) / (b.y() - a.y());
    if (point.x() < crossing) inside = !inside;
  }
  return inside;
}

std::string FormatRing(const std::vector<Eigen::Vector2d>& ring) {
  std::string text = "[";
  for (size_t i = 0; i < ring.size(); ++i) {
    if (i > 0) text += ", ";
    text += fmt::format("({:.{}f}, {:.{}f})", ring[i].x(), kRingDecimals, ring[i].y(), kRingDecimals);
  }
  return text + "]";
}

}  // namespace spatialgen
