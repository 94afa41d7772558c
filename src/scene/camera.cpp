#include "scene/camera.h"

#include <cassert>
#include <cmath>

namespace spatialgen {

Eigen::Isometry3d CamFromWorldLookAt(const Eigen::Vector3d& eye_in_world,
                                     const Eigen::Vector3d& target_in_world) {
  const Eigen::Vector3d forward = (target_in_world - eye_in_world).normalized();
  const Eigen::Vector3d right_unnormalized = forward.cross(Eigen::Vector3d::UnitZ());
  assert(right_unnormalized.norm() > 1e-9 && "look-at direction is vertical");
  const Eigen::Vector3d right = right_unnormalized.normalized();
  const Eigen::Vector3d down = forward.cross(right);
  Eigen::Matrix3d cam_from_world_rotation;
  cam_from_world_rotation.row(0) = right;
  cam_from_world_rotation.row(1) = down;
  cam_from_world_rotation.row(2) = forward;
  Eigen::Isometry3d cam_from_world = Eigen::Isometry3d::Identity();
  cam_from_world.linear() = cam_from_world_rotation;
  cam_from_world.translation() = -cam_from_world_rotation * eye_in_world;
  return cam_from_world;
}

Intrinsics CenteredIntrinsics(int width, int height, double horizontal_fov_rad) {
  const double f = 0.5 * width / std::tan(0.5 * horizontal_fov_rad);
  return {f, f, 0.5 * width, 0.5 * height};
}

}  // namespace spatialgen
