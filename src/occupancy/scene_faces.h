#pragma once
// The scene's triangles (the ray caster's triangle soup: mesh plus the boxes of objects
// without mesh triangles) with the facing that support detection needs.
#include <Eigen/Core>

#include <array>
#include <vector>

#include "scene/scene.h"

namespace spatialgen {

struct SceneFace {
  std::array<Eigen::Vector3d, 3> corners_in_world;  // counter-clockwise seen from outside
  int instance = -1;    // the object it belongs to; -1: background
  double normal_z = 0;  // z of the outward unit normal; 0 for degenerate triangles
};

// Mesh triangles keep their winding (counter-clockwise seen from outside, as meshes are
// stored); box triangles are turned to face away from their box's centre. Throws InputError
// for a malformed mesh.
std::vector<SceneFace> OrientedSceneFaces(const Scene& scene);

}  // namespace spatialgen
