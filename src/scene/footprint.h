#pragma once
// An upright rectangle on the ground plane: where an object stands, seen from above.
#include <Eigen/Core>

#include <array>

#include "scene/scene.h"

namespace spatialgen {

struct Footprint {
  Eigen::Vector2d center_in_world = Eigen::Vector2d::Zero();
  Eigen::Vector2d size = Eigen::Vector2d::Zero();  // full extents along its own x and y, m
  double yaw = 0;  // angle of its own x axis from world x, radians

  // The 4 corners in world xy, counter-clockwise.
  std::array<Eigen::Vector2d, 4> CornersInWorld() const;
  // The same rectangle grown by `margin` on each side.
  Footprint Inflated(double margin) const;
};

// The footprint of an upright object box.
Footprint FootprintOf(const Object& object);

// A footprint's corners and axes, computed once for repeated overlap tests (no trigonometry
// per test).
struct OrientedRectangle {
  std::array<Eigen::Vector2d, 4> corners;
  std::array<Eigen::Vector2d, 2> axes;  // unit x and y axes of the rectangle

  explicit OrientedRectangle(const Footprint& footprint);
  // An axis-aligned rectangle [lo, hi].
  static OrientedRectangle AxisAligned(const Eigen::Vector2d& lo, const Eigen::Vector2d& hi);

 private:
  OrientedRectangle() = default;
};

// Whether two footprints share area (touching edges do not count). Separating-axis test.
bool FootprintsShareArea(const Footprint& a, const Footprint& b);
bool RectanglesShareArea(const OrientedRectangle& a, const OrientedRectangle& b);

}  // namespace spatialgen
