#include "occupancy/support_surfaces.h"

#include <gtest/gtest.h>

#include <chrono>
#include <limits>

#include "testing/synthetic_scenes.h"
#include "scene/box_geometry.h"
#include "procedural/generator.h"

namespace spatialgen {
namespace {

using testing::MakeLabeledBox;
using V3 = Eigen::Vector3d;
constexpr double kInf = std::numeric_limits<double>::infinity();

Eigen::Vector2i Cell(const OccupancyGrid& grid, double x, double y) {
  const auto cell = grid.CellAt({x, y});
  EXPECT_TRUE(cell) << x << ", " << y;
  return cell.value_or(Eigen::Vector2i(-1, -1));
}

bool IsFreeAt(const OccupancyGrid& grid, double x, double y, double slab) {
  const Eigen::Vector2i cell = Cell(grid, x, y);
  return grid.IsFree(cell.x(), cell.y(), slab);
}

// Box only: a table (support) 1.2 x 0.8 with its top at 0.7 m, centred at (2, 1), and a
// 0.1 m box on it at (2, 1).
Scene BoxTableScene() {
  Scene scene;
  scene.id = "box_table";
  Object table = MakeLabeledBox(0, "table", {2, 1, 0.35}, {1.2, 0.8, 0.7});
  table.support = true;
  Object box = MakeLabeledBox(1, "box", {2, 1, 0.75}, {0.1, 0.1, 0.1});
  box.movable = true;
  scene.objects = {table, box};
  testing::AddBoxOnlyFloor(scene);
  return scene;
}

TEST(SupportSurfacesTest, BoxOnlyTableHasFloorAndTop) {
  const Scene scene = BoxTableScene();
  const SupportOptions options;
  const std::vector<SupportSurface> surfaces = FindSupportSurfaces(scene, options);
  ASSERT_EQ(surfaces.size(), 2u);
  const SupportSurface& floor = surfaces[0];
  const SupportSurface& top = surfaces[1];
  EXPECT_EQ(floor.object_id, -1);
  EXPECT_EQ(floor.height, 0.0);
  EXPECT_EQ(top.object_id, 0);
  EXPECT_NEAR(top.height, 0.7, 1e-6);
  // The floor spans the boxes' bounds [1.4, 2.6] x [0.6, 1.4] plus 1 m: 3.2 x 2.8 m.
  EXPECT_EQ(floor.grid.SurfaceCellCount(), 160 * 140);
  EXPECT_EQ(top.grid.SurfaceCellCount(), 60 * 40);
  // Grids reach grid_margin (10 cells) beyond the surface.
  EXPECT_EQ(top.grid.width(), 60 + 2 * 10);

  EXPECT_EQ(AssignSupportSurfaces(scene, surfaces, options), (std::vector<int>{0, 1}));

  // On the top: occupied under the box, free 0.2 m away (nothing above: no ceiling).
  const Eigen::Vector2i under_box = Cell(top.grid, 2.01, 1.01);
  EXPECT_EQ(top.grid.FreeHeight(under_box.x(), under_box.y()), 0.0);
  EXPECT_EQ(top.grid.FreeHeight(under_box.x(), under_box.y(), 1), kInf);
  EXPECT_FALSE(IsFreeAt(top.grid, 2.01, 1.01, 0.10));
  EXPECT_TRUE(IsFreeAt(top.grid, 2.21, 1.01, 0.10));
  EXPECT_TRUE(IsFreeAt(top.grid, 2.01, 0.81, 0.10));
  // The table box is solid from the floor up: the floor under it is taken; far away it is free.
  EXPECT_FALSE(IsFreeAt(floor.grid, 2.01, 1.21, 0.10));
  EXPECT_FALSE(IsFreeAt(floor.grid, 1.45, 0.65, 0.10));
  EXPECT_TRUE(IsFreeAt(floor.grid, 1.31, 1.01, 0.10));
  EXPECT_TRUE(IsFreeAt(floor.grid, 0.61, 0.01, 0.10));
}

// A mesh: a 4 m floor quad (background) and a table (object 0, support) of a 0.04 m top
// 1.2 x 0.8 at 0.66-0.7 m on four 0.05 m legs, centred at (2, 2).
Scene MeshTableScene() {
  Scene scene;
  scene.id = "mesh_table";
  testing::AddFloor(scene, 4.0);
  Object table = MakeLabeledBox(0, "table", {2, 2, 0.35}, {1.2, 0.8, 0.7});
  table.support = true;
  scene.objects = {table};
  Eigen::Isometry3d world_from_table = Eigen::Isometry3d::Identity();
  world_from_table.translation() = V3(2, 2, 0);
  MeshBuilder builder(scene.mesh, 0, world_from_table);
  const Eigen::Vector3f color(0.6f, 0.4f, 0.2f);
  builder.AddBox(V3(-0.6, -0.4, 0.66), V3(0.6, 0.4, 0.7), color);
  for (double x : {-0.6, 0.55}) {
    for (double y : {-0.4, 0.35}) builder.AddBox(V3(x, y, 0), V3(x + 0.05, y + 0.05, 0.66), color);
  }
  return scene;
}

TEST(SupportSurfacesTest, MeshTableTopIsFoundAndLegsStayBelowIt) {
  const Scene scene = MeshTableScene();
  const SupportOptions options;
  const std::vector<SupportSurface> surfaces = FindSupportSurfaces(scene, options);
  // The leg tops (0.0025 m^2, under the top) are too small to be surfaces.
  ASSERT_EQ(surfaces.size(), 2u);
  const SupportSurface& floor = surfaces[0];
  const SupportSurface& top = surfaces[1];
  EXPECT_EQ(floor.object_id, -1);
  EXPECT_EQ(floor.height, 0.0);
  EXPECT_EQ(floor.grid.SurfaceCellCount(), 200 * 200);  // one connected floor
  EXPECT_EQ(top.object_id, 0);
  EXPECT_NEAR(top.height, 0.7, 1e-6);
  EXPECT_EQ(top.grid.SurfaceCellCount(), 60 * 40);
  for (int j = 0; j < top.grid.height(); ++j) {
    for (int i = 0; i < top.grid.width(); ++i) {
      if (top.grid.IsSurface(i, j)) {
        EXPECT_EQ(top.grid.FreeHeight(i, j), kInf) << i << ", " << j;
      }
    }
  }
  // Under the top the floor is free up to the top's underside, except at the legs.
  const Eigen::Vector2i middle = Cell(floor.grid, 2.01, 2.01);
  EXPECT_NEAR(floor.grid.FreeHeight(middle.x(), middle.y()), 0.66, 1e-6);
  const Eigen::Vector2i leg = Cell(floor.grid, 1.43, 1.63);
  EXPECT_EQ(floor.grid.FreeHeight(leg.x(), leg.y()), 0.0);
  EXPECT_EQ(AssignSupportSurfaces(scene, surfaces, options), (std::vector<int>{0}));

  // Beyond the floor there is nothing to stand on.
  Scene with_bird = scene;
  with_bird.objects.push_back(MakeLabeledBox(1, "bird", {9, 9, 1}, {0.1, 0.1, 0.1}));
  EXPECT_EQ(AssignSupportSurfaces(with_bird, FindSupportSurfaces(with_bird, options), options),
            (std::vector<int>{0, -1}));
}

TEST(SupportSurfacesTest, ObjectsGetTheSurfaceTheyRestOnOrTheOneBelow) {
  Scene scene = BoxTableScene();
  scene.objects.push_back(MakeLabeledBox(2, "lamp", {2.2, 1.1, 1.5}, {0.2, 0.2, 0.2}));   // hangs above the top
  scene.objects.push_back(MakeLabeledBox(3, "ball", {3.0, 1.0, 0.05}, {0.1, 0.1, 0.1}));  // on the floor
  const SupportOptions options;
  const std::vector<SupportSurface> surfaces = FindSupportSurfaces(scene, options);
  ASSERT_EQ(surfaces.size(), 2u);
  EXPECT_EQ(AssignSupportSurfaces(scene, surfaces, options), (std::vector<int>{0, 1, 1, 0}));
}

TEST(SupportSurfacesTest, NonSupportTopsAndSmallPatchesAreNotSurfaces) {
  Scene scene = BoxTableScene();
  scene.objects[0].support = false;
  SupportOptions options;
  EXPECT_EQ(FindSupportSurfaces(scene, options).size(), 1u);
  scene.objects[0].support = true;
  options.min_surface_area = 1.0;  // more than the 0.96 m^2 top
  EXPECT_EQ(FindSupportSurfaces(scene, options).size(), 1u);
}

TEST(SupportSurfacesTest, BookshelfBoardsAreSurfacesOfTheShelf) {
  const SupportOptions options;
  int boards = 0, held = 0;
  for (int index = 0; index < 10; ++index) {
    const ProceduralScene generated =
        GenerateProceduralSceneWithInfo(ProceduralOptions(), CategoryOptions(), index, 1234);
    const Scene& scene = generated.scene;
    const std::vector<SupportSurface> surfaces = FindSupportSurfaces(scene, options);
    const std::vector<int> assigned = AssignSupportSurfaces(scene, surfaces, options);
    for (const Object& shelf : scene.objects) {
      if (shelf.label != "bookshelf") continue;
      for (const procedural::Surface& board : generated.objects[shelf.id].surfaces) {
        int found = 0;
        for (const SupportSurface& surface : surfaces) {
          found += surface.object_id == shelf.id && std::abs(surface.height - board.z) < 1e-4;
        }
        EXPECT_EQ(found, 1) << scene.id << " shelf " << shelf.id << " board at " << board.z;
        ++boards;
      }
      // What stands on a board is assigned to that board.
      for (const Object& object : scene.objects) {
        if (object.id == shelf.id || !InFootprint(shelf, object.center_in_world.head<2>(), 0)) continue;
        for (const procedural::Surface& board : generated.objects[shelf.id].surfaces) {
          if (std::abs(BottomZ(object) - board.z) > 1e-6) continue;
          ASSERT_GE(assigned[object.id], 0) << scene.id << " object " << object.id;
          EXPECT_EQ(surfaces[assigned[object.id]].object_id, shelf.id) << scene.id;
          EXPECT_NEAR(surfaces[assigned[object.id]].height, board.z, 1e-4) << scene.id;
          ++held;
        }
      }
    }
  }
  EXPECT_GE(boards, 6);
  EXPECT_GE(held, 3);
}

TEST(SupportSurfacesTest, OrderIsDeterministic) {
  const Scene scene =
      GenerateProceduralScene(ProceduralOptions(), CategoryOptions(), 3, 1234);
  const std::vector<SupportSurface> a = FindSupportSurfaces(scene, SupportOptions());
  const std::vector<SupportSurface> b = FindSupportSurfaces(scene, SupportOptions());
  ASSERT_EQ(a.size(), b.size());
  for (size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(a[k].object_id, b[k].object_id);
    EXPECT_EQ(a[k].height, b[k].height);
    EXPECT_EQ(a[k].grid.origin(), b[k].grid.origin());
    if (k > 0) {
      EXPECT_LE(a[k - 1].object_id, a[k].object_id);
    }
  }
}

TEST(SupportSurfacesTest, LargeMeshBuildsQuickly) {
  // A 5 m floor of 250 x 250 quads (125,000 triangles) under the mesh table.
  Scene scene = MeshTableScene();
  MeshBuilder builder(scene.mesh, -1, Eigen::Isometry3d::Identity());
  constexpr int kQuads = 250;
  const double step = 5.0 / kQuads;
  for (int j = 0; j < kQuads; ++j) {
    for (int i = 0; i < kQuads; ++i) {
      const double x = i * step, y = j * step;
      builder.AddQuad({V3(x, y, 0), {x + step, y, 0}, {x + step, y + step, 0}, {x, y + step, 0}},
                      Eigen::Vector3f(0.5f, 0.5f, 0.5f));
    }
  }
  scene.mesh.triangles.erase(scene.mesh.triangles.begin(), scene.mesh.triangles.begin() + 2);
  scene.mesh.triangle_instance.erase(scene.mesh.triangle_instance.begin(),
                                     scene.mesh.triangle_instance.begin() + 2);
  const auto start = std::chrono::steady_clock::now();
  const std::vector<SupportSurface> surfaces = FindSupportSurfaces(scene, SupportOptions());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << scene.mesh.triangles.size() << " triangles: " << seconds << " s\n";
  ASSERT_EQ(surfaces.size(), 2u);
  EXPECT_EQ(surfaces[0].grid.SurfaceCellCount(), 250 * 250);
#ifdef NDEBUG
  EXPECT_LT(seconds, 1.0);
#endif
}

}  // namespace
}  // namespace spatialgen
