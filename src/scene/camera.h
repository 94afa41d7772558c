#pragma once
// Building camera poses and intrinsics for synthesized views.
#include <Eigen/Geometry>

#include "scene/scene.h"

namespace spatialgen {

// The OpenCV camera at `eye_in_world` looking at `target_in_world` with no roll: camera x
// is horizontal (world up is +z) and camera y points down. The target must not lie straight
// above or below the eye.
Eigen::Isometry3d CamFromWorldLookAt(const Eigen::Vector3d& eye_in_world,
                                     const Eigen::Vector3d& target_in_world);

// A centred pinhole camera with square pixels and the given horizontal field of view.
// Pixel (i, j) covers [i, i+1) x [j, j+1), so the principal point is (width/2, height/2).
Intrinsics CenteredIntrinsics(int width, int height, double horizontal_fov_rad);

}  // namespace spatialgen
