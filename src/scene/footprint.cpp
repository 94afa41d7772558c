#include "scene/footprint.h"

#include <algorithm>
#include <cmath>

namespace spatialgen {
namespace {

// Overlaps thinner than this are touching, not sharing area (m).
constexpr double kTouchEpsilon = 1e-9;

Eigen::Vector2d AxisX(double yaw) { return {std::cos(yaw), std::sin(yaw)}; }

// The interval a footprint's corners cover along a unit axis.
std::array<double, 2> Interval(const std::array<Eigen::Vector2d, 4>& corners,
                               const Eigen::Vector2d& axis) {
  double lo = corners[0].dot(axis), hi = lo;
  for (const Eigen::Vector2d& c : corners) {
    lo = std::min(lo, c.dot(axis));
    hi = std::max(hi, c.dot(axis));
  }
  return {lo, hi};
}

}  // namespace

std::array<Eigen::Vector2d, 4> Footprint::CornersInWorld() const {
  const Eigen::Vector2d x = AxisX(yaw), y(-x.y(), x.x());
  const Eigen::Vector2d hx = 0.5 * size.x() * x, hy = 0.5 * size.y() * y;
  const Eigen::Vector2d& c = center_in_world;
  return {c - hx - hy, c + hx - hy, c + hx + hy, c - hx + hy};
}

Footprint Footprint::Inflated(double margin) const {
  Footprint grown = *this;
  grown.size = size.array() + 2 * margin;
  return grown;
}

Footprint FootprintOf(const Object& object) {
  return {.center_in_world = object.center_in_world.head<2>(),
          .size = object.size.head<2>(),
          .yaw = object.Yaw()};
}

OrientedRectangle::OrientedRectangle(const Footprint& footprint)
    : corners(footprint.CornersInWorld()) {
  const Eigen::Vector2d x = AxisX(footprint.yaw);
  axes = {x, Eigen::Vector2d(-x.y(), x.x())};
}

OrientedRectangle OrientedRectangle::AxisAligned(const Eigen::Vector2d& lo, const Eigen::Vector2d& hi) {
  OrientedRectangle rectangle;
  rectangle.corners = {lo, Eigen::Vector2d(hi.x(), lo.y()), hi, Eigen::Vector2d(lo.x(), hi.y())};
  rectangle.axes = {Eigen::Vector2d::UnitX(), Eigen::Vector2d::UnitY()};
  return rectangle;
}

bool FootprintsShareArea(const Footprint& a, const Footprint& b) {
  return RectanglesShareArea(OrientedRectangle(a), OrientedRectangle(b));
}

bool RectanglesShareArea(const OrientedRectangle& a, const OrientedRectangle& b) {
  for (const Eigen::Vector2d& axis : {a.axes[0], a.axes[1], b.axes[0], b.axes[1]}) {
    const auto ia = Interval(a.corners, axis), ib = Interval(b.corners, axis);
    if (std::min(ia[1], ib[1]) - std::max(ia[0], ib[0]) <= kTouchEpsilon) return false;
  }
  return true;
}

}  // namespace spatialgen
