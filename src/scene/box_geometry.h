#pragma once
// Geometry of object boxes that stand upright (rotation about world z only), as the
// procedural generator makes them and as most datasets annotate them.
#include <Eigen/Core>
#include <array>

#include "scene/scene.h"

namespace spatialgen {

// World z of the box's lowest and highest corner.
double BottomZ(const Object& object);
double TopZ(const Object& object);

// The 4 corners of the box's footprint on the ground plane, counter-clockwise.
std::array<Eigen::Vector2d, 4> FootprintInWorld(const Object& object);

// Whether the footprints of two upright boxes overlap once each is grown by `margin` on
// every side (a negative margin tolerates that much interpenetration). Separating-axis test.
bool FootprintsOverlap(const Object& a, const Object& b, double margin);

// Whether two upright boxes share volume beyond `tolerance` along every separating axis
// (boxes that only touch, like a cup standing on a table, do not overlap).
bool BoxesOverlap(const Object& a, const Object& b, double tolerance);

// Whether the world point's ground-plane position lies inside the box's footprint shrunk by
// `inset` (a negative inset accepts points that far outside).
bool InFootprint(const Object& object, const Eigen::Vector2d& p_in_world, double inset);

}  // namespace spatialgen
