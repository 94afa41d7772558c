#include "scene/object_hulls.h"

#include <algorithm>
#include <unordered_map>

namespace spatialgen {

std::vector<Eigen::Vector2d> ConvexHull2d(std::vector<Eigen::Vector2d> points) {
  std::sort(points.begin(), points.end(), [](const auto& p, const auto& q) {
    return p.x() < q.x() || (p.x() == q.x() && p.y() < q.y());
  });
  points.erase(std::unique(points.begin(), points.end()), points.end());
  if (points.size() < 3) return points;
  auto cross = [](const Eigen::Vector2d& o, const Eigen::Vector2d& a, const Eigen::Vector2d& b) {
    return (a - o).x() * (b - o).y() - (a - o).y() * (b - o).x();
  };
  std::vector<Eigen::Vector2d> hull(2 * points.size());
  size_t k = 0;
  for (size_t i = 0; i < points.size(); ++i) {
    while (k >= 2 && cross(hull[k - 2], hull[k - 1], points[i]) <= 0) --k;
    hull[k++] = points[i];
  }
  for (size_t i = points.size() - 1, lower = k + 1; i-- > 0;) {
    while (k >= lower && cross(hull[k - 2], hull[k - 1], points[i]) <= 0) --k;
    hull[k++] = points[i];
  }
  hull.resize(k - 1);
  return hull;
}

void SetHullsFromMesh(Scene& scene) {
  if (scene.mesh.triangle_instance.empty()) return;
  std::unordered_map<int, std::vector<Eigen::Vector2d>> points_of;
  for (size_t t = 0; t < scene.mesh.triangles.size(); ++t) {
    const int instance = scene.mesh.triangle_instance[t];
    if (instance < 0) continue;
    std::vector<Eigen::Vector2d>& points = points_of[instance];
    for (int k = 0; k < 3; ++k) {
      points.push_back(scene.mesh.vertices[scene.mesh.triangles[t][k]].head<2>().cast<double>());
    }
  }
  for (Object& object : scene.objects) {
    auto found = points_of.find(object.id);
    object.hull_in_world = found == points_of.end() ? std::vector<Eigen::Vector2d>{} : ConvexHull2d(std::move(found->second));
  }
}

}  // namespace spatialgen
