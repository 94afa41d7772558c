#include "scene/scene.h"

#include <gtest/gtest.h>

#include <cmath>

#include "testing/eigen_matchers.h"

namespace spatialgen {
namespace {

TEST(ObjectTest, CornersInWorldOfRotatedBox) {
  Object box;
  box.center_in_world = {1, 2, 0.5};
  box.size = {2, 1, 1};
  box.world_from_object = Eigen::AngleAxisd(M_PI / 2, Eigen::Vector3d::UnitZ()).matrix();
  const auto corners = box.CornersInWorld();
  // Object x maps to world y, object y to world -x: corner (-1, -0.5, -0.5) in the object
  // frame is (0.5, -1, -0.5) away from the centre.
  EXPECT_THAT(corners[0], testing::IsApprox(Eigen::Vector3d(1.5, 1, 0), 1e-12));
  // Corner (+1, +0.5, +0.5) in the object frame.
  EXPECT_THAT(corners[7], testing::IsApprox(Eigen::Vector3d(0.5, 3, 1), 1e-12));
  EXPECT_NEAR(box.Yaw(), M_PI / 2, 1e-12);
}

TEST(ViewTest, ProjectsKnownPoint) {
  View view;
  view.width = 640;
  view.height = 480;
  view.intrinsics = {500, 400, 320, 240};
  view.cam_from_world.translation() = Eigen::Vector3d(0, 0, 1);  // camera at world z = -1
  double depth = 0;
  const auto pixel = view.Project(Eigen::Vector3d(0.2, -0.1, 1), &depth);
  ASSERT_TRUE(pixel.has_value());
  EXPECT_NEAR(depth, 2.0, 1e-12);
  EXPECT_NEAR(pixel->x(), 320 + 500 * 0.1, 1e-9);
  EXPECT_NEAR(pixel->y(), 240 - 400 * 0.05, 1e-9);
  EXPECT_FALSE(view.Project(Eigen::Vector3d(0, 0, -2)).has_value());
}

}  // namespace
}  // namespace spatialgen
