#pragma once
// Synthetic scenes with hand-derivable answers, shared by the occupancy tests.
#include <Eigen/Geometry>

#include <string>

#include "scene/mesh_builder.h"
#include "scene/scene.h"

namespace spatialgen::testing {

// An upright box object turned by `yaw` about world z.
inline Object MakeBox(int id, const std::string& label, const Eigen::Vector3d& center_in_world,
                      const Eigen::Vector3d& size, double yaw = 0) {
  Object object;
  object.id = id;
  object.label = label;
  object.center_in_world = center_in_world;
  object.size = size;
  object.world_from_object = Eigen::AngleAxisd(yaw, Eigen::Vector3d::UnitZ()).toRotationMatrix();
  return object;
}

// A background floor quad (instance -1) over [0, side] x [0, side] at z = 0, facing up.
inline void AddFloor(Scene& scene, double side) {
  MeshBuilder builder(scene.mesh, -1, Eigen::Isometry3d::Identity());
  builder.AddQuad({Eigen::Vector3d(0, 0, 0), {side, 0, 0}, {side, side, 0}, {0, side, 0}},
                  Eigen::Vector3f(0.5f, 0.5f, 0.5f));
}

}  // namespace spatialgen::testing
