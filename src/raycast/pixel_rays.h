#pragma once
// Primary rays of a pinhole view through pixel centres, in the convention of View::Project:
// pixel (i, j) covers [i, i+1) x [j, j+1) and its ray passes through (i + 0.5, j + 0.5).
#include <Eigen/Core>

#include "scene/scene.h"

namespace spatialgen {

class PixelRays {
 public:
  explicit PixelRays(const View& view);

  const Eigen::Vector3f& origin_in_world() const { return origin_in_world_; }
  // The ray direction through pixel (i, j)'s centre, scaled to a unit component along the
  // optical axis: a hit at parameter t lies at depth t.
  Eigen::Vector3f DirectionInWorld(int i, int j) const {
    const Eigen::Vector3d direction_in_cam((i + 0.5 - cx_) / fx_, (j + 0.5 - cy_) / fy_, 1.0);
    return (world_from_cam_rotation_ * direction_in_cam).cast<float>();
  }

 private:
  Eigen::Vector3f origin_in_world_;
  Eigen::Matrix3d world_from_cam_rotation_;
  double fx_, fy_, cx_, cy_;
};

inline PixelRays::PixelRays(const View& view)
    : origin_in_world_(view.CenterInWorld().cast<float>()),
      world_from_cam_rotation_(view.cam_from_world.linear().transpose()),
      fx_(view.intrinsics.fx),
      fy_(view.intrinsics.fy),
      cx_(view.intrinsics.cx),
      cy_(view.intrinsics.cy) {}

}  // namespace spatialgen
