#pragma once
// A region mask as one polygon ring, for tools that take an answer region as a list of points
// (RoboSpatial-Eval tests a predicted point inside the ground-truth answer read as a polygon).
//
// The ring is exact at pixel centres: with the even-odd rule, the centre of a pixel is inside
// the ring exactly when the pixel is in the region, for every part and every hole of it. Every
// pixel side between the region and the rest is a boundary edge; the edges are chained into
// closed loops (outer boundaries and holes, the region's parts taken 4-connected), each loop's
// straight runs merged; the loops are then joined into one ring by bridges that leave from the
// first loop's first vertex and come back along the same axis-aligned segments, so that their
// crossings cancel.
//
// Vertical runs are tilted: the ends of each are shifted in x, by a quarter pixel in opposite
// directions (one end only, at the image border, so the ring stays inside the image). One
// published version of RoboSpatial-Eval's point-in-polygon test counts an exactly vertical edge
// as crossed whatever the point's x, which makes every axis-aligned outline empty. A tilted run
// leaves every pixel centre (half a pixel from it) on its side; a point within a quarter pixel of
// a vertical boundary can fall on either side.
//
// Coordinates are normalized (x / width, y / height) and rounded to kRingDecimals decimals, the
// values exactly as written to the export files, so tests on the ring see what the consumer sees.
#include <Eigen/Core>

#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace spatialgen {

inline constexpr int kRingDecimals = 6;

struct RegionRing {
  std::vector<Eigen::Vector2d> vertices;  // normalized, in ring order (the last joins the first)
  int loops = 0;                          // boundary loops joined: parts and holes
};

// The ring of the pixels of `mask` (CV_8U, one channel) whose value is >= `threshold`. Empty (no
// vertices, no loops) when no pixel is in the region.
RegionRing RingFromMask(const cv::Mat& mask, int threshold);

// The crossing-number (even-odd) test of a normalized point against a ring: counts the edges a
// ray from the point towards +x crosses, each edge half-open in y. Horizontal edges never count.
bool RingContains(const std::vector<Eigen::Vector2d>& ring, const Eigen::Vector2d& point);

// "[(x, y), (x, y), ...]" with kRingDecimals decimals: the ring as a Python list of tuples.
std::string FormatRing(const std::vector<Eigen::Vector2d>& ring);

}  // namespace spatialgen
