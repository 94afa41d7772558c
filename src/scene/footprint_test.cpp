#include "scene/footprint.h"

#include <gtest/gtest.h>

#include <cmath>

#include "testing/eigen_matchers.h"
#include "testing/synthetic_scenes.h"

namespace spatialgen {
namespace {

TEST(FootprintTest, CornersGoCounterClockwiseAndInflate) {
  const Footprint footprint{.center_in_world = {1, 2}, .size = {0.4, 0.2}, .yaw = M_PI / 2};
  const auto corners = footprint.CornersInWorld();
  // Turned 90 degrees: its x extent lies along world y.
  EXPECT_THAT(corners[0], testing::IsApprox(Eigen::Vector2d(1.1, 1.8)));
  EXPECT_THAT(corners[2], testing::IsApprox(Eigen::Vector2d(0.9, 2.2)));
  const Footprint grown = footprint.Inflated(0.1);
  EXPECT_THAT(grown.size, testing::IsApprox(Eigen::Vector2d(0.6, 0.4)));
  EXPECT_EQ(grown.yaw, footprint.yaw);
}

TEST(FootprintTest, OfAnObjectBox) {
  const Object box = testing::MakeLabeledBox(3, "box", {1, 2, 0.5}, {0.4, 0.2, 1.0}, 0.3);
  const Footprint footprint = FootprintOf(box);
  EXPECT_THAT(footprint.center_in_world, testing::IsApprox(Eigen::Vector2d(1, 2)));
  EXPECT_THAT(footprint.size, testing::IsApprox(Eigen::Vector2d(0.4, 0.2)));
  EXPECT_NEAR(footprint.yaw, 0.3, 1e-12);
}

TEST(FootprintTest, TouchingFootprintsShareNoArea) {
  const Footprint a{.center_in_world = {0, 0}, .size = {1, 1}, .yaw = 0};
  EXPECT_FALSE(FootprintsShareArea(a, {.center_in_world = {1, 0}, .size = {1, 1}, .yaw = 0}));
  EXPECT_TRUE(FootprintsShareArea(a, {.center_in_world = {0.99, 0}, .size = {1, 1}, .yaw = 0}));
  // A diamond whose corner reaches 0.05 into the square, and one 0.05 short of it.
  const double reach = 0.5 * std::sqrt(2.0);
  EXPECT_TRUE(FootprintsShareArea(
      a, {.center_in_world = {0.45 + reach, 0}, .size = {1, 1}, .yaw = M_PI / 4}));
  EXPECT_FALSE(FootprintsShareArea(
      a, {.center_in_world = {0.55 + reach, 0}, .size = {1, 1}, .yaw = M_PI / 4}));
}

}  // namespace
}  // namespace spatialgen
