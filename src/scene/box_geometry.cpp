#include "scene/box_geometry.h"

#include <cmath>

#include "scene/footprint.h"

namespace spatialgen {
namespace {

// Half extent of the box's vertical reach: its z column may be tilted in general boxes.
double HalfHeight(const Object& object) {
  return 0.5 * object.world_from_object.row(2).cwiseAbs().dot(object.size);
}

}  // namespace

double BottomZ(const Object& object) { return object.center_in_world.z() - HalfHeight(object); }

double TopZ(const Object& object) { return object.center_in_world.z() + HalfHeight(object); }

std::array<Eigen::Vector2d, 4> FootprintInWorld(const Object& object) {
  return FootprintOf(object).CornersInWorld();
}

bool FootprintsOverlap(const Object& a, const Object& b, double margin) {
  return FootprintsShareArea(FootprintOf(a).Inflated(margin), FootprintOf(b).Inflated(margin));
}

bool BoxesOverlap(const Object& a, const Object& b, double tolerance) {
  if (TopZ(a) - tolerance <= BottomZ(b) || TopZ(b) - tolerance <= BottomZ(a)) return false;
  return FootprintsOverlap(a, b, -0.5 * tolerance);
}

bool InFootprint(const Object& object, const Eigen::Vector2d& p_in_world, double inset) {
  const Eigen::Vector2d x = object.world_from_object.col(0).head<2>().normalized();
  const Eigen::Vector2d d = p_in_world - object.center_in_world.head<2>();
  const double u = d.dot(x), v = d.dot(Eigen::Vector2d(-x.y(), x.x()));
  return std::abs(u) <= 0.5 * object.size.x() - inset &&
         std::abs(v) <= 0.5 * object.size.y() - inset;
}

}  // namespace spatialgen
