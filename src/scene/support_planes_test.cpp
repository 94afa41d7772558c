#include "scene/support_planes.h"

#include <gtest/gtest.h>

#include "scene/box_geometry.h"
#include "testing/synthetic_scenes.h"

namespace spatialgen {
namespace {

using testing::MakeLabeledBox;

TEST(SupportPlanesTest, ScatteredBottomsOfATabletopShareOnePlaneUnderAll) {
  Scene scene;
  // Eight objects on an unannotated table at z = -0.75, bottoms off by up to 4 cm either way.
  const double scatter[8] = {0.04, -0.04, 0.01, -0.02, 0.03, 0.0, -0.035, 0.025};
  for (int k = 0; k < 8; ++k) {
    const double height = 0.1 + 0.02 * k;
    scene.objects.push_back(
        MakeLabeledBox(k, "thing" + std::to_string(k), {0.3 * k, 0.1 * (k % 3), -0.75 + scatter[k] + height / 2},
                       {0.1, 0.1, height}));
  }
  const std::vector<SupportPlane> planes = FindBoxSupport(scene, BoxSupportOptions{});
  ASSERT_EQ(planes.size(), 1u);
  EXPECT_NEAR(planes[0].height, -0.79, 1e-12);  // the lowest bottom: under every object
  EXPECT_EQ(planes[0].object_ids.size(), 8u);
  for (const Object& object : scene.objects) {
    EXPECT_EQ(object.stands_on, -1);
    ASSERT_TRUE(object.stands_at_height) << object.label;
    EXPECT_NEAR(*object.stands_at_height, -0.79, 1e-12);
  }
  // It spans every box, grown by the floor margin.
  EXPECT_NEAR(planes[0].lo.x(), -0.05 - 1.0, 1e-12);
  EXPECT_NEAR(planes[0].hi.x(), 2.1 + 0.05 + 1.0, 1e-12);
}

TEST(SupportPlanesTest, AStackedObjectStandsOnTheBoxUnderIt) {
  Scene scene;
  scene.objects.push_back(MakeLabeledBox(1, "crate", {0, 0, 0.2}, {0.6, 0.6, 0.4}));
  scene.objects.push_back(MakeLabeledBox(2, "book", {0.1, 0, 0.43}, {0.2, 0.15, 0.04}));  // bottom 0.41: 1 cm above the top
  scene.objects.push_back(MakeLabeledBox(3, "cup", {1, 0, 0.05}, {0.1, 0.1, 0.1}));
  FindBoxSupport(scene, BoxSupportOptions{});
  EXPECT_EQ(scene.objects[1].stands_on, 1);
  EXPECT_FALSE(scene.objects[1].stands_at_height);
  EXPECT_EQ(scene.objects[0].stands_at_height, 0.0);
  EXPECT_EQ(scene.objects[2].stands_at_height, 0.0);
}

TEST(SupportPlanesTest, RaisedGroupsGetTheirOwnPlaneButALoneRaisedObjectDoesNot) {
  Scene scene;
  scene.objects.push_back(MakeLabeledBox(1, "chair", {0, 0, 0.45}, {0.5, 0.5, 0.9}));
  scene.objects.push_back(MakeLabeledBox(2, "bin", {2, 0, 0.2}, {0.3, 0.3, 0.4}));
  // Two objects on an unannotated counter at 0.9 m, a picture alone on a wall at 1.5 m.
  scene.objects.push_back(MakeLabeledBox(3, "kettle", {3, 2, 1.0}, {0.2, 0.2, 0.2}));
  scene.objects.push_back(MakeLabeledBox(4, "toaster", {3.4, 2, 0.98}, {0.3, 0.2, 0.2}));
  scene.objects.push_back(MakeLabeledBox(5, "picture", {0, 3, 1.8}, {0.6, 0.05, 0.6}));
  const std::vector<SupportPlane> planes = FindBoxSupport(scene, BoxSupportOptions{});
  ASSERT_EQ(planes.size(), 2u);
  EXPECT_EQ(planes[0].height, 0.0);
  EXPECT_EQ(planes[0].object_ids, (std::vector<int>{1, 2}));
  EXPECT_NEAR(planes[1].height, 0.88, 1e-12);
  EXPECT_EQ(planes[1].object_ids, (std::vector<int>{4, 3}));  // by bottom height
  EXPECT_NEAR(planes[1].lo.x(), 2.9 - 0.3, 1e-12);  // its own boxes grown by the upper margin
  EXPECT_NEAR(planes[1].hi.x(), 3.55 + 0.3, 1e-12);
  EXPECT_FALSE(scene.objects[4].stands_at_height);
  EXPECT_EQ(scene.objects[4].stands_on, -1);
}

TEST(SupportPlanesTest, AKnownFloorHeightTakesTheObjectsNearIt) {
  Scene scene;
  scene.objects.push_back(MakeLabeledBox(1, "bed", {0, 0, 0.33}, {2, 1.5, 0.6}));  // bottom 0.03
  scene.objects.push_back(MakeLabeledBox(2, "lamp", {3, 0, 0.5}, {0.3, 0.3, 1.0}));  // bottom 0
  BoxSupportOptions options;
  options.floor_height = -0.01;
  const std::vector<SupportPlane> planes = FindBoxSupport(scene, options);
  ASSERT_EQ(planes.size(), 1u);
  EXPECT_EQ(planes[0].height, -0.01);
  EXPECT_EQ(planes[0].object_ids, (std::vector<int>{2, 1}));
}

TEST(SupportPlanesTest, PlanesBecomeUpwardBackgroundTriangles) {
  Scene scene;
  scene.objects.push_back(MakeLabeledBox(1, "table", {2, 0, 0.4}, {1, 2, 0.8}));
  scene.objects.push_back(MakeLabeledBox(2, "cup", {-1, 3, 0.1}, {0.1, 0.1, 0.2}));
  BoxSupportOptions options;
  options.floor_margin = 0.5;
  AddBoxSupportPlanes(scene, options);
  ASSERT_EQ(scene.mesh.vertices.size(), 4u);
  EXPECT_EQ(scene.mesh.triangle_instance, (std::vector<int>{-1, -1}));
  EXPECT_EQ(scene.mesh.vertices[0], Eigen::Vector3f(-1.55f, -1.5f, 0.0f));
  EXPECT_EQ(scene.mesh.vertices[2], Eigen::Vector3f(3.0f, 3.55f, 0.0f));
  for (const Eigen::Vector3i& t : scene.mesh.triangles) {
    const Eigen::Vector3f normal =
        (scene.mesh.vertices[t[1]] - scene.mesh.vertices[t[0]]).cross(scene.mesh.vertices[t[2]] - scene.mesh.vertices[t[0]]);
    EXPECT_GT(normal.z(), 0.0f);
  }
  Scene empty;
  AddBoxSupportPlanes(empty, options);
  EXPECT_TRUE(empty.mesh.empty());
}

}  // namespace
}  // namespace spatialgen
