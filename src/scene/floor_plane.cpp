#include "scene/floor_plane.h"

#include <cassert>
#include <limits>

namespace spatialgen {

void AddFloorPlane(Scene& scene, double margin, std::optional<double> height) {
  assert(scene.mesh.empty());
  if (scene.objects.empty()) return;
  Eigen::Vector3d lo = Eigen::Vector3d::Constant(std::numeric_limits<double>::infinity());
  Eigen::Vector3d hi = -lo;
  for (const Object& object : scene.objects) {
    for (const Eigen::Vector3d& corner : object.CornersInWorld()) {
      lo = lo.cwiseMin(corner);
      hi = hi.cwiseMax(corner);
    }
  }
  const float z = float(height.value_or(lo.z()));
  const float x0 = float(lo.x() - margin), x1 = float(hi.x() + margin);
  const float y0 = float(lo.y() - margin), y1 = float(hi.y() + margin);
  scene.mesh.vertices = {{x0, y0, z}, {x1, y0, z}, {x1, y1, z}, {x0, y1, z}};
  scene.mesh.triangles = {{0, 1, 2}, {0, 2, 3}};  // counter-clockwise seen from above: facing up
  scene.mesh.triangle_instance = {-1, -1};
}

}  // namespace spatialgen
