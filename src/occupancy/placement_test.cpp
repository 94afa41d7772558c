#include "occupancy/placement.h"

#include <gtest/gtest.h>

#include <cmath>

#include "testing/synthetic_scenes.h"
#include "scene/box_geometry.h"
#include "procedural/generator.h"

namespace spatialgen {
namespace {

using testing::MakeLabeledBox;
using V3 = Eigen::Vector3d;

Eigen::Vector2d Rotated(double yaw, const Eigen::Vector2d& v) {
  return Eigen::Rotation2Dd(yaw) * v;
}

// The surface of `scene` owned by `object_id` (the floor for -1).
const SupportSurface& SurfaceOf(const std::vector<SupportSurface>& surfaces, int object_id) {
  for (const SupportSurface& surface : surfaces) {
    if (surface.object_id == object_id) return surface;
  }
  throw std::runtime_error("no surface of object " + std::to_string(object_id));
}

// A 0.2 x 0.1 m footprint at `center` turned by `yaw`, and a 0.3 m obstacle box turned the
// same way, standing on a 2 m floor `gap` beyond the footprint's side along its own x (or y).
bool FitsBesideObstacle(const Eigen::Vector2d& center, double yaw, double gap, bool along_y) {
  Scene scene;
  scene.id = "gap";
  testing::AddFloor(scene, 2.0);
  const double reach = (along_y ? 0.05 : 0.1) + gap + 0.15;
  const Eigen::Vector2d offset = Rotated(yaw, along_y ? Eigen::Vector2d(0, reach)
                                                      : Eigen::Vector2d(reach, 0));
  const Eigen::Vector2d obstacle = center + offset;
  scene.objects = {MakeLabeledBox(0, "crate", {obstacle.x(), obstacle.y(), 0.15}, {0.3, 0.3, 0.3}, yaw)};
  const std::vector<SupportSurface> surfaces = FindSupportSurfaces(scene, SupportOptions());
  const Footprint footprint{.center_in_world = center, .size = {0.2, 0.1}, .yaw = yaw};
  return PlacementFits(SurfaceOf(surfaces, -1), footprint, 0.2, PlacementOptions(), -1);
}

TEST(PlacementTest, ClearanceIsExactAtAnyYawAndGridAlignment) {
  for (double yaw_deg : {0.0, 45.0, 90.0, 135.0}) {
    const double yaw = yaw_deg * M_PI / 180;
    for (double shift : {0.0, 0.013, 0.0071}) {
      const Eigen::Vector2d center(1 + shift, 1 + shift);
      for (bool along_y : {false, true}) {
        EXPECT_FALSE(FitsBesideObstacle(center, yaw, 0.09, along_y))
            << yaw_deg << " deg, shift " << shift << ", along y " << along_y;
        EXPECT_TRUE(FitsBesideObstacle(center, yaw, 0.11, along_y))
            << yaw_deg << " deg, shift " << shift << ", along y " << along_y;
      }
    }
  }
}

TEST(PlacementTest, OnlyGeometryInsideTheSlabCollides) {
  Scene scene;
  scene.id = "slab";
  testing::AddFloor(scene, 4.0);
  scene.objects = {MakeLabeledBox(0, "shelf", {2, 2, 0.5}, {0.4, 0.4, 0.2})};  // from 0.4 to 0.6 m
  const std::vector<SupportSurface> surfaces = FindSupportSurfaces(scene, SupportOptions());
  const Footprint footprint{.center_in_world = {2, 2}, .size = {0.1, 0.1}, .yaw = 0};
  const SupportSurface& floor = SurfaceOf(surfaces, -1);
  EXPECT_TRUE(PlacementFits(floor, footprint, 0.4, PlacementOptions(), -1));
  EXPECT_FALSE(PlacementFits(floor, footprint, 0.41, PlacementOptions(), -1));
  EXPECT_TRUE(PlacementFits(floor, footprint, 0.41, PlacementOptions(), 0));
}

TEST(PlacementTest, NothingFitsBesideABoxWedgedBetweenWalls) {
  // A 0.4 m box (object 0) at (2, 2), walls 0.05 m thick and 2 m long 0.05 m from its left
  // and right (world +y and -y), and a 0.1 m cube (object 1) standing elsewhere.
  Scene scene;
  scene.id = "wedged";
  testing::AddFloor(scene, 4.0);
  MeshBuilder walls(scene.mesh, -1, Eigen::Isometry3d::Identity());
  const Eigen::Vector3f grey(0.7f, 0.7f, 0.7f);
  walls.AddBox(V3(1, 2.25, 0), V3(3, 2.3, 1), grey);
  walls.AddBox(V3(1, 1.7, 0), V3(3, 1.75, 1), grey);
  const Object box = MakeLabeledBox(0, "box", {2, 2, 0.2}, {0.4, 0.4, 0.4});
  Object cube = MakeLabeledBox(1, "cube", {0.5, 0.5, 0.05}, {0.1, 0.1, 0.1});
  cube.movable = true;
  scene.objects = {box, cube};
  const std::vector<SupportSurface> surfaces = FindSupportSurfaces(scene, SupportOptions());
  const SupportSurface& floor = SurfaceOf(surfaces, -1);
  const PlacementOptions options;
  // Every spot left or right of the box up to where the cube and its clearance clear the
  // wall: offsets 0.2 to 0.45 m from the box centre, along the whole box, at every yaw.
  for (double side : {-1.0, 1.0}) {
    for (double offset = 0.2; offset <= 0.45; offset += 0.01) {
      for (double along = -0.2; along <= 0.2; along += 0.05) {
        for (double yaw_deg : {0.0, 45.0, 90.0, 135.0}) {
          const Footprint footprint{.center_in_world = {2 + along, 2 + side * offset},
                                    .size = {0.1, 0.1},
                                    .yaw = yaw_deg * M_PI / 180};
          EXPECT_FALSE(PlacementFits(floor, footprint, 0.1, options, 1, &box))
              << side << " " << offset << " " << along << " " << yaw_deg;
        }
      }
    }
    // Past the wall with the full clearance it fits.
    const Footprint beyond{.center_in_world = {2, 2 + side * 0.46}, .size = {0.1, 0.1}, .yaw = 0};
    EXPECT_TRUE(PlacementFits(floor, beyond, 0.1, options, 1, &box)) << side;
  }
}

// Box only: a big table (object 0) 2 x 1 m, top at 0.75 m, with a cup (object 1) on it.
Scene BigTableScene() {
  Scene scene;
  scene.id = "big_table";
  Object table = MakeLabeledBox(0, "table", {2, 2, 0.375}, {2.0, 1.0, 0.75});
  table.support = true;
  Object cup = MakeLabeledBox(1, "cup", {1.5, 2.2, 0.8}, {0.08, 0.08, 0.1});
  cup.movable = true;
  scene.objects = {table, cup};
  testing::AddBoxOnlyFloor(scene);
  return scene;
}

TEST(PlacementTest, ACupFitsOnABigTableASofaDoesNot) {
  const Scene scene = BigTableScene();
  const std::vector<SupportSurface> surfaces = FindSupportSurfaces(scene, SupportOptions());
  const SupportSurface& top = SurfaceOf(surfaces, 0);
  const PlacementOptions options;
  const Footprint cup{.center_in_world = {2.3, 2}, .size = {0.08, 0.08}, .yaw = 0};
  EXPECT_TRUE(PlacementFits(top, cup, 0.1, options, 1));
  // Near the cup that stands there, the clearance is not kept.
  EXPECT_FALSE(PlacementFits(top, {{1.65, 2.2}, {0.08, 0.08}, 0}, 0.1, options, -1));
  // Hanging over the edge is not supported.
  EXPECT_FALSE(PlacementFits(top, {{2.98, 2}, {0.08, 0.08}, 0}, 0.1, options, -1));
  const Footprint sofa{.center_in_world = {2, 2}, .size = {2.2, 0.9}, .yaw = 0};
  EXPECT_FALSE(PlacementFits(top, sofa, 0.9, options, -1));
  // On the floor beside the table a cup fits; not against the table.
  const SupportSurface& floor = SurfaceOf(surfaces, -1);
  EXPECT_TRUE(PlacementFits(floor, {{2, 1.3}, {0.08, 0.08}, 0}, 0.1, options, 1));
  EXPECT_FALSE(PlacementFits(floor, {{2, 1.45}, {0.08, 0.08}, 0}, 0.1, options, 1));
}

TEST(PlacementTest, AnObjectFitsWhereItStandsWhenItIgnoresItself) {
  const Scene scene = BigTableScene();
  const std::vector<SupportSurface> surfaces = FindSupportSurfaces(scene, SupportOptions());
  const SupportSurface& top = SurfaceOf(surfaces, 0);
  const Object& cup = scene.objects[1];
  EXPECT_TRUE(PlacementFits(top, FootprintOf(cup), cup.size.z(), PlacementOptions(), cup.id));
  EXPECT_FALSE(PlacementFits(top, FootprintOf(cup), cup.size.z(), PlacementOptions(), -1));
  // But not on top of itself as its own anchor.
  EXPECT_FALSE(
      PlacementFits(top, FootprintOf(cup), cup.size.z(), PlacementOptions(), cup.id, &cup));
}

TEST(PlacementTest, ProceduralObjectsFitWhereTheyStand) {
  // Without clearance, every object resting on a surface fits its own spot when it ignores
  // itself; holders of other objects (bookshelves with books inside) are left out.
  PlacementOptions no_clearance;
  no_clearance.clearance = 0;
  int checked = 0;
  for (int index = 0; index < 6; ++index) {
    const Scene scene = GenerateProceduralScene(ProceduralOptions(), CategoryOptions(), index, 99);
    const std::vector<SupportSurface> surfaces = FindSupportSurfaces(scene, SupportOptions());
    const std::vector<int> assigned = AssignSupportSurfaces(scene, surfaces, SupportOptions());
    for (const Object& object : scene.objects) {
      const int s = assigned[object.id];
      if (s < 0 || std::abs(surfaces[s].height - BottomZ(object)) > 1e-4) continue;
      bool holds_another = false;
      for (const Object& other : scene.objects) {
        holds_another = holds_another ||
                        (other.id != object.id && BottomZ(other) < TopZ(object) - 1e-4 &&
                         FootprintsOverlap(object, other, -1e-4));
      }
      if (holds_another) continue;
      EXPECT_TRUE(PlacementFits(surfaces[s], FootprintOf(object), object.size.z(), no_clearance,
                                object.id))
          << scene.id << " object " << object.id << " " << object.label;
      ++checked;
    }
  }
  EXPECT_GE(checked, 30);
}

TEST(PlacementTest, ClearanceBeyondTheGridMarginIsAnError) {
  const Scene scene = BigTableScene();
  const std::vector<SupportSurface> surfaces = FindSupportSurfaces(scene, SupportOptions());
  PlacementOptions options;
  options.clearance = 0.5;
  try {
    // Near the edge, the cup's inflated footprint reaches past the 0.2 m grid margin.
    PlacementFits(SurfaceOf(surfaces, 0), {{2.9, 2}, {0.08, 0.08}, 0}, 0.1, options, 1);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(error.location().field, "clearance");
  }
}

TEST(PlacementTest, OptionsAreCheckedAndRead) {
  PlacementOptions options;
  options.clearance = -0.1;
  EXPECT_THROW(options.Check(), InputError);
  const Json json = Json::parse(R"({"clearance": 0.2})");
  JsonReader reader(json, "test.json");
  ReadOptions(reader, options);
  reader.Finish();
  EXPECT_EQ(options.clearance, 0.2);

  SupportOptions support;
  const Json support_json = Json::parse(R"({"occupancy_resolution": 0.05, "grid_margin": 0.3})");
  JsonReader support_reader(support_json, "test.json");
  ReadOptions(support_reader, support);
  support_reader.Finish();
  EXPECT_EQ(support.occupancy_resolution, 0.05);
  EXPECT_EQ(support.grid_margin, 0.3);
  support.min_up_normal_z = 1.5;
  try {
    support.Check();
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(error.location().field, "min_up_normal_z");
  }
}

}  // namespace
}  // namespace spatialgen
