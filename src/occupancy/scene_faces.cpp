#include "occupancy/scene_faces.h"

#include <algorithm>
#include <unordered_map>

#include "raycast/scene_geometry.h"
#include "scene/box_geometry.h"

namespace spatialgen {
namespace {

double NormalZ(const std::array<Eigen::Vector3d, 3>& corners) {
  const Eigen::Vector3d normal = (corners[1] - corners[0]).cross(corners[2] - corners[0]);
  const double length = normal.norm();
  return length > 0 ? normal.z() / length : 0.0;
}

}  // namespace

std::vector<SceneFace> OrientedSceneFaces(const Scene& scene) {
  const SceneGeometry geometry = BuildSceneGeometry(scene);
  std::unordered_map<int, const Object*> objects;
  for (const Object& object : scene.objects) objects[object.id] = &object;

  std::vector<SceneFace> faces(geometry.triangles.size());
  for (size_t t = 0; t < faces.size(); ++t) {
    SceneFace& face = faces[t];
    for (int k = 0; k < 3; ++k) {
      face.corners_in_world[k] = geometry.vertices[geometry.triangles[t][k]].cast<double>();
    }
    face.instance = geometry.triangle_instance[t];
    const bool box_triangle = int(t) >= geometry.mesh_triangle_count;
    if (box_triangle) {
      const auto& c = face.corners_in_world;
      const Eigen::Vector3d outward = (c[0] + c[1] + c[2]) / 3 - objects.at(face.instance)->center_in_world;
      if ((c[1] - c[0]).cross(c[2] - c[0]).dot(outward) < 0) {
        std::swap(face.corners_in_world[1], face.corners_in_world[2]);
      }
    }
    face.normal_z = NormalZ(face.corners_in_world);
  }
  return faces;
}

}  // namespace spatialgen
