#include "scene/object_hulls.h"

#include <gtest/gtest.h>

#include "testing/synthetic_scenes.h"

namespace spatialgen {
namespace {

TEST(ObjectHullsTest, HullDropsInnerAndCollinearPointsCounterClockwise) {
  const std::vector<Eigen::Vector2d> hull =
      ConvexHull2d({{0, 0}, {1, 0}, {2, 0}, {2, 2}, {1, 1}, {0, 2}, {0.5, 0.5}, {2, 2}});
  EXPECT_EQ(hull, (std::vector<Eigen::Vector2d>{{0, 0}, {2, 0}, {2, 2}, {0, 2}}));
  EXPECT_EQ(ConvexHull2d({{1, 1}, {1, 1}}).size(), 1u);
}

TEST(ObjectHullsTest, ObjectsWithTrianglesGetTheHullOfTheirVertices) {
  Scene scene;
  scene.objects.push_back(testing::MakeBox(3, {0.5, 0.5, 0.5}, {2, 2, 1}));  // a box bigger than its triangles
  scene.objects.push_back(testing::MakeBox(4, {5, 5, 0}, {1, 1, 1}));
  // A triangle of object 3 and one of the background.
  scene.mesh.vertices = {{0, 0, 0}, {1, 0, 1}, {0, 1, 0}, {9, 9, 0}};
  scene.mesh.triangles = {{0, 1, 2}, {1, 2, 3}};
  scene.mesh.triangle_instance = {3, -1};
  SetHullsFromMesh(scene);
  EXPECT_EQ(scene.objects[0].hull_in_world, (std::vector<Eigen::Vector2d>{{0, 0}, {1, 0}, {0, 1}}));
  EXPECT_TRUE(scene.objects[1].hull_in_world.empty());
}

}  // namespace
}  // namespace spatialgen
