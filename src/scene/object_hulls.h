#pragma once
// What objects look like from above: the horizontal convex hull of an object's own mesh
// triangles. A fitted box overstates a round or L-shaped object (a tissue box 3 cm beside a
// trash can has boxes that overlap, not footprints); relations that ask whether one object is
// over another use these hulls where the scene has them.
#include <vector>

#include <Eigen/Core>

#include "scene/scene.h"

namespace spatialgen {

// The convex hull of `points`, counter-clockwise, without collinear points (Andrew's monotone
// chain). Fewer than 3 distinct points give what is left of them.
std::vector<Eigen::Vector2d> ConvexHull2d(std::vector<Eigen::Vector2d> points);

// Sets hull_in_world of every object that owns mesh triangles (mesh.triangle_instance) to the
// hull of their vertices' xy; other objects keep an empty hull (their box stands for them).
void SetHullsFromMesh(Scene& scene);

}  // namespace spatialgen
