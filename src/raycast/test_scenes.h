#pragma once
// Synthetic scenes with hand-derivable answers, shared by the raycast tests.
#include <Eigen/Core>

#include <string>

#include "scene/scene.h"

namespace spatialgen::testing {

// An axis-aligned box object.
inline Object MakeBox(int id, const Eigen::Vector3d& center_in_world, const Eigen::Vector3d& size,
                      const Eigen::Vector3f& color = Eigen::Vector3f(0.6f, 0.6f, 0.6f)) {
  Object object;
  object.id = id;
  object.label = "box" + std::to_string(id);
  object.center_in_world = center_in_world;
  object.size = size;
  object.color = color;
  return object;
}

// A 64x48 camera at the origin looking along world +x (image right = world -y, image down =
// world -z), f = 50 px, principal point at the image centre (32, 24). A point (x, y, z) with
// x > 0 lands at pixel (32 - 50 y / x, 24 - 50 z / x) at depth x.
inline View MakeViewAlongX() {
  View view;
  view.id = "along_x";
  view.width = 64;
  view.height = 48;
  view.intrinsics = {.fx = 50, .fy = 50, .cx = 32, .cy = 24};
  Eigen::Matrix3d cam_from_world_rotation;
  cam_from_world_rotation << 0, -1, 0,  //
      0, 0, -1,                          //
      1, 0, 0;
  view.cam_from_world.linear() = cam_from_world_rotation;
  return view;
}

}  // namespace spatialgen::testing
