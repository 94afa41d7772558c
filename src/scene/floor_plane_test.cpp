#include "scene/floor_plane.h"

#include <gtest/gtest.h>

#include "testing/eigen_matchers.h"

namespace spatialgen {
namespace {

TEST(FloorPlaneTest, SpansTheBoxesAtTheLowestBottom) {
  Scene scene;
  Object table;
  table.id = 1;
  table.center_in_world = {2, 0, 0.4};
  table.size = {1, 2, 0.8};
  Object cup = table;
  cup.id = 2;
  cup.center_in_world = {-1, 3, 0.9};
  cup.size = {0.1, 0.1, 0.2};
  scene.objects = {table, cup};
  AddFloorPlane(scene, 0.5);
  ASSERT_EQ(scene.mesh.vertices.size(), 4u);
  EXPECT_EQ(scene.mesh.triangle_instance, (std::vector<int>{-1, -1}));
  // x from -1.05 - 0.5 to 2.5 + 0.5, y from -1 - 0.5 to 3.05 + 0.5, at the table's bottom z = 0.
  EXPECT_THAT(scene.mesh.vertices[0], testing::IsApprox(Eigen::Vector3f(-1.55f, -1.5f, 0.0f)));
  EXPECT_THAT(scene.mesh.vertices[2], testing::IsApprox(Eigen::Vector3f(3.0f, 3.55f, 0.0f)));
  // Both triangles face up.
  for (const Eigen::Vector3i& t : scene.mesh.triangles) {
    const Eigen::Vector3f normal =
        (scene.mesh.vertices[t[1]] - scene.mesh.vertices[t[0]]).cross(scene.mesh.vertices[t[2]] - scene.mesh.vertices[t[0]]);
    EXPECT_GT(normal.z(), 0.0f);
  }
}

TEST(FloorPlaneTest, AGivenHeightWins) {
  Scene scene;
  Object box;
  box.center_in_world = {0, 0, 0.5};
  scene.objects = {box};
  AddFloorPlane(scene, 0.1, -0.25);
  for (const Eigen::Vector3f& vertex : scene.mesh.vertices) EXPECT_FLOAT_EQ(vertex.z(), -0.25f);
}

TEST(FloorPlaneTest, NoObjectsNoFloor) {
  Scene scene;
  AddFloorPlane(scene, 1.0);
  EXPECT_TRUE(scene.mesh.empty());
}

}  // namespace
}  // namespace spatialgen
