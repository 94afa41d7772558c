#include "scene/box_geometry.h"

#include <algorithm>
#include <cmath>

namespace spatialgen {
namespace {

// Half extent of the box's vertical reach: its z column may be tilted in general boxes.
double HalfHeight(const Object& object) {
  return 0.5 * object.world_from_object.row(2).cwiseAbs().dot(object.size);
}

Eigen::Vector2d AxisX(const Object& object) {
  return object.world_from_object.col(0).head<2>().normalized();
}

// Projection interval of a footprint on a unit axis.
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

double BottomZ(const Object& object) { return object.center_in_world.z() - HalfHeight(object); }

double TopZ(const Object& object) { return object.center_in_world.z() + HalfHeight(object); }

std::array<Eigen::Vector2d, 4> FootprintInWorld(const Object& object) {
  const Eigen::Vector2d x = AxisX(object);
  const Eigen::Vector2d y(-x.y(), x.x());
  const Eigen::Vector2d c = object.center_in_world.head<2>();
  const Eigen::Vector2d hx = 0.5 * object.size.x() * x, hy = 0.5 * object.size.y() * y;
  return {c - hx - hy, c + hx - hy, c + hx + hy, c - hx + hy};
}

bool FootprintsOverlap(const Object& a, const Object& b, double margin) {
  const auto corners_a = FootprintInWorld(a), corners_b = FootprintInWorld(b);
  const Eigen::Vector2d xa = AxisX(a), xb = AxisX(b);
  for (const Eigen::Vector2d& axis :
       {xa, Eigen::Vector2d(-xa.y(), xa.x()), xb, Eigen::Vector2d(-xb.y(), xb.x())}) {
    const auto ia = Interval(corners_a, axis), ib = Interval(corners_b, axis);
    if (ia[1] + margin <= ib[0] - margin || ib[1] + margin <= ia[0] - margin) return false;
  }
  return true;
}

bool BoxesOverlap(const Object& a, const Object& b, double tolerance) {
  if (TopZ(a) - tolerance <= BottomZ(b) || TopZ(b) - tolerance <= BottomZ(a)) return false;
  return FootprintsOverlap(a, b, -0.5 * tolerance);
}

bool InFootprint(const Object& object, const Eigen::Vector2d& p_in_world, double inset) {
  const Eigen::Vector2d x = AxisX(object);
  const Eigen::Vector2d d = p_in_world - object.center_in_world.head<2>();
  const double u = d.dot(x), v = d.dot(Eigen::Vector2d(-x.y(), x.x()));
  return std::abs(u) <= 0.5 * object.size.x() - inset &&
         std::abs(v) <= 0.5 * object.size.y() - inset;
}

}  // namespace spatialgen
