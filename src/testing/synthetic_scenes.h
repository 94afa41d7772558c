#pragma once
// Synthetic scenes with hand-derivable answers, shared by the tests of every module.
#include <Eigen/Geometry>

#include <string>

#include "scene/mesh_builder.h"
#include "scene/support_planes.h"
#include "scene/scene.h"

namespace spatialgen::testing {

// An upright box object labelled `label`, turned by `yaw` (radians) about world z.
inline Object MakeLabeledBox(int id, const std::string& label, const Eigen::Vector3d& center_in_world,
                             const Eigen::Vector3d& size, double yaw = 0) {
  Object object;
  object.id = id;
  object.label = label;
  object.center_in_world = center_in_world;
  object.size = size;
  object.world_from_object = Eigen::AngleAxisd(yaw, Eigen::Vector3d::UnitZ()).toRotationMatrix();
  return object;
}

// The same, labelled "box<id>".
inline Object MakeBox(int id, const Eigen::Vector3d& center_in_world, const Eigen::Vector3d& size,
                      double yaw = 0) {
  return MakeLabeledBox(id, "box" + std::to_string(id), center_in_world, size, yaw);
}

// A background floor quad (instance -1) over [0, side] x [0, side] at z = 0, facing up.
inline void AddFloor(Scene& scene, double side) {
  MeshBuilder builder(scene.mesh, -1, Eigen::Isometry3d::Identity());
  builder.AddQuad({Eigen::Vector3d(0, 0, 0), {side, 0, 0}, {side, side, 0}, {0, side, 0}},
                  Eigen::Vector3f(0.5f, 0.5f, 0.5f));
}

// The support planes a box-only scene gets when loaded (scene/support_planes.h), with the
// default options: add them after the objects.
inline void AddBoxOnlyFloor(Scene& scene) { AddBoxSupportPlanes(scene, BoxSupportOptions{}); }

// A width x height camera at `eye_in_world` looking horizontally along `forward` (no roll:
// image down is world -z), focal length `focal` px, principal point at the image centre.
inline View MakeViewLookingAlong(const Eigen::Vector3d& eye_in_world, const Eigen::Vector3d& forward, int width,
                                 int height, double focal) {
  View view;
  view.id = "v";
  view.width = width;
  view.height = height;
  view.intrinsics = {focal, focal, width / 2.0, height / 2.0};
  const Eigen::Vector3d z = forward.normalized();
  const Eigen::Vector3d y = -Eigen::Vector3d::UnitZ();
  Eigen::Matrix3d cam_from_world_rotation;
  cam_from_world_rotation.row(0) = y.cross(z).transpose();
  cam_from_world_rotation.row(1) = y.transpose();
  cam_from_world_rotation.row(2) = z.transpose();
  view.cam_from_world.linear() = cam_from_world_rotation;
  view.cam_from_world.translation() = -cam_from_world_rotation * eye_in_world;
  return view;
}

// A 64x48 camera at the origin looking along world +x (image right = world -y, image down =
// world -z), f = 50 px, principal point at the image centre (32, 24). A point (x, y, z) with
// x > 0 lands at pixel (32 - 50 y / x, 24 - 50 z / x) at depth x.
inline View MakeViewAlongX() {
  View view = MakeViewLookingAlong(Eigen::Vector3d::Zero(), Eigen::Vector3d::UnitX(), 64, 48, 50);
  view.id = "along_x";
  return view;
}

}  // namespace spatialgen::testing
