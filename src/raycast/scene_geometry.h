#pragma once
// The triangles the ray caster intersects, assembled from a Scene without any Embree type:
// the scene mesh, plus the 12 triangles of the oriented box of every object that owns no
// mesh triangle (in box-only scenes the boxes are the occluding geometry).
#include <Eigen/Core>

#include <array>
#include <vector>

#include "scene/scene.h"

namespace spatialgen {

struct SceneGeometry {
  std::vector<Eigen::Vector3f> vertices;
  std::vector<Eigen::Vector3i> triangles;  // mesh triangles first (same indices), then boxes
  std::vector<int> triangle_instance;      // object id, or -1; one per triangle
  // RGB at each triangle's three corners, interpolated at a hit: the mesh vertex colours,
  // else the owning object's colour, else a neutral grey.
  std::vector<std::array<Eigen::Vector3f, 3>> corner_colors;
  int mesh_triangle_count = 0;
};

// Throws InputError (naming the scene) when the mesh's per-vertex or per-triangle arrays have
// the wrong size or a triangle indexes a missing vertex.
SceneGeometry BuildSceneGeometry(const Scene& scene);

}  // namespace spatialgen
