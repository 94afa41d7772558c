#include "scene/scene.h"

#include <cmath>

namespace spatialgen {

std::array<Eigen::Vector3d, 8> Object::CornersInWorld() const {
  std::array<Eigen::Vector3d, 8> corners;
  for (int i = 0; i < 8; ++i) {
    const Eigen::Vector3d sign((i & 1) ? 1 : -1, (i & 2) ? 1 : -1, (i & 4) ? 1 : -1);
    corners[i] = center_in_world + world_from_object * (0.5 * size.cwiseProduct(sign));
  }
  return corners;
}

double Object::Yaw() const {
  const Eigen::Vector3d front = world_from_object.col(0);
  return std::atan2(front.y(), front.x());
}

Eigen::Vector3d View::CenterInWorld() const { return cam_from_world.inverse().translation(); }

Eigen::Vector3d View::ForwardInWorld() const {
  return cam_from_world.linear().transpose() * Eigen::Vector3d::UnitZ();
}

std::optional<Eigen::Vector2d> View::Project(const Eigen::Vector3d& p_in_world,
                                             double* depth) const {
  const Eigen::Vector3d p_in_cam = cam_from_world * p_in_world;
  if (depth) *depth = p_in_cam.z();
  if (p_in_cam.z() <= 1e-9) return std::nullopt;
  return Eigen::Vector2d(intrinsics.fx * p_in_cam.x() / p_in_cam.z() + intrinsics.cx,
                         intrinsics.fy * p_in_cam.y() / p_in_cam.z() + intrinsics.cy);
}

Eigen::Vector3d View::PointInCamera(const Eigen::Vector2d& pixel, double depth) const {
  return Eigen::Vector3d((pixel.x() - intrinsics.cx) / intrinsics.fx * depth,
                         (pixel.y() - intrinsics.cy) / intrinsics.fy * depth, depth);
}

const Object* Scene::FindObject(int id) const {
  for (const Object& object : objects) {
    if (object.id == id) return &object;
  }
  return nullptr;
}

}  // namespace spatialgen
