#include "occupancy/occupancy_grid.h"

#include <gtest/gtest.h>

#include <limits>

#include "testing/eigen_matchers.h"

namespace spatialgen {
namespace {

using V3 = Eigen::Vector3d;
constexpr double kInf = std::numeric_limits<double>::infinity();

// Two triangles covering the axis-aligned rectangle [lo, hi] at height z, facing down or up.
void AddRectangle(std::vector<Obstacle>& obstacles, Eigen::Vector2d lo, Eigen::Vector2d hi,
                  double z, int instance, bool faces_down) {
  const V3 a(lo.x(), lo.y(), z), b(hi.x(), lo.y(), z), c(hi.x(), hi.y(), z), d(lo.x(), hi.y(), z);
  obstacles.push_back({{a, b, c}, instance, faces_down});
  obstacles.push_back({{a, c, d}, instance, faces_down});
}

// A 1 m x 1 m surface at z = 0 in 0.1 m cells, with:
// - a wall (object 5) in the plane x = 0.55 from z = -0.5 to 1, across the whole grid;
// - a wall (object 10) on the cell boundary x = 0.7, a triangle over y in [0, 0.4];
// - a lid (object 7) facing down at z = 0.5 over [0.1, 0.3]^2, and object 6 at z = 0.8 there;
// - a sheet (object 8) facing up at z = 0.005: too thin to count;
// - the bottom (object 9) of a solid resting on the surface, facing down at z = 0.005, over
//   [0.8, 0.9]^2.
OccupancyGrid MakeGrid() {
  std::vector<Obstacle> obstacles;
  obstacles.push_back({{V3(0.55, -0.1, -0.5), V3(0.55, 1.1, -0.5), V3(0.55, 1.1, 1.0)}, 5, false});
  obstacles.push_back({{V3(0.55, -0.1, -0.5), V3(0.55, 1.1, 1.0), V3(0.55, -0.1, 1.0)}, 5, false});
  obstacles.push_back({{V3(0.7, 0.0, -0.5), V3(0.7, 0.4, -0.5), V3(0.7, 0.4, 1.0)}, 10, false});
  AddRectangle(obstacles, {0.1, 0.1}, {0.3, 0.3}, 0.5, 7, true);
  AddRectangle(obstacles, {0.1, 0.1}, {0.3, 0.3}, 0.8, 6, true);
  AddRectangle(obstacles, {0.0, 0.6}, {0.5, 1.0}, 0.005, 8, false);
  AddRectangle(obstacles, {0.8, 0.8}, {0.9, 0.9}, 0.005, 9, true);
  const GridLayout layout{.origin = {0, 0}, .resolution = 0.1, .width = 10, .height = 10};
  std::vector<uint8_t> is_surface(100, 1);
  is_surface[0] = 0;  // cell (0, 0) is off the surface
  return OccupancyGrid(layout, 0.0, 0.01, is_surface, obstacles);
}

TEST(OccupancyGridTest, CellsAndCoordinates) {
  const OccupancyGrid grid = MakeGrid();
  EXPECT_EQ(grid.width(), 10);
  EXPECT_EQ(grid.SurfaceCellCount(), 99);
  EXPECT_THAT(grid.CellCenter(2, 3), testing::IsApprox(Eigen::Vector2d(0.25, 0.35)));
  EXPECT_EQ(grid.CellAt({0.25, 0.35}), Eigen::Vector2i(2, 3));
  EXPECT_FALSE(grid.CellAt({-0.01, 0.5}));
  EXPECT_FALSE(grid.CellAt({0.5, 1.01}));
  EXPECT_FALSE(grid.IsSurface(0, 0));
  EXPECT_FALSE(grid.IsSurface(10, 0));
  EXPECT_FALSE(grid.IsFree(0, 0, 0.1));  // nothing above it, but not on the surface
}

TEST(OccupancyGridTest, FreeHeightIsTheLowestGeometryAboveEachCell) {
  const OccupancyGrid grid = MakeGrid();
  EXPECT_EQ(grid.FreeHeight(3, 3), kInf);
  EXPECT_EQ(grid.FreeHeight(5, 4), 0.0);            // the wall, counted from the surface
  EXPECT_EQ(grid.FreeHeight(5, 4, 5), kInf);        // ... unless it is ignored
  EXPECT_EQ(grid.FreeHeight(6, 4), kInf);           // the wall touches cell 5 only
  EXPECT_NEAR(grid.FreeHeight(1, 2), 0.5, 1e-12);   // under the lid
  EXPECT_NEAR(grid.FreeHeight(1, 2, 7), 0.8, 1e-12);
  EXPECT_EQ(grid.FreeHeight(2, 7), kInf);           // the thin sheet does not count
  EXPECT_EQ(grid.FreeHeight(8, 8), 0.0);            // a solid resting there does
  EXPECT_TRUE(grid.IsFree(1, 2, 0.5));
  EXPECT_FALSE(grid.IsFree(1, 2, 0.51));
}

TEST(OccupancyGridTest, GeometryOnACellBoundaryOnlyTouchesTheCells) {
  const OccupancyGrid grid = MakeGrid();
  EXPECT_EQ(grid.FreeHeight(6, 1), kInf);
  EXPECT_EQ(grid.FreeHeight(7, 1), kInf);
  // Touching a footprint's side is no collision; reaching into it is.
  const Footprint beside{.center_in_world = {0.65, 0.1}, .size = {0.1, 0.1}, .yaw = 0};
  EXPECT_FALSE(grid.SlabCollides(beside, 0.2));
  EXPECT_TRUE(grid.SlabCollides(beside.Inflated(1e-4), 0.2));
}

TEST(OccupancyGridTest, SlabCollisionsAreExact) {
  const OccupancyGrid grid = MakeGrid();
  // A 0.1 m square whose right edge lies 0.05 m left of the wall.
  const Footprint near_wall{.center_in_world = {0.45, 0.5}, .size = {0.1, 0.1}, .yaw = 0};
  EXPECT_FALSE(grid.SlabCollides(near_wall, 0.2));
  EXPECT_FALSE(grid.SlabCollides(near_wall.Inflated(0.049), 0.2));
  EXPECT_TRUE(grid.SlabCollides(near_wall.Inflated(0.051), 0.2));
  EXPECT_FALSE(grid.SlabCollides(near_wall.Inflated(0.051), 0.2, 5));
  // Under the lid: free below 0.5 m, not up to just above it.
  const Footprint under_lid{.center_in_world = {0.2, 0.2}, .size = {0.1, 0.1}, .yaw = 0};
  EXPECT_FALSE(grid.SlabCollides(under_lid, 0.5));
  EXPECT_TRUE(grid.SlabCollides(under_lid, 0.51));
  EXPECT_FALSE(grid.SlabCollides(under_lid, 0.51, 7));
  EXPECT_TRUE(grid.SlabCollides(under_lid, 0.81, 7));
  EXPECT_FALSE(grid.SlabCollides({{0.25, 0.8}, {0.3, 0.3}, 0}, 1.0));  // the sheet
  EXPECT_TRUE(grid.SlabCollides({{0.75, 0.75}, {0.2, 0.2}, 0}, 0.01));  // the resting solid
  EXPECT_TRUE(grid.Covers(under_lid));
  EXPECT_FALSE(grid.Covers(near_wall.Inflated(0.5)));
}

TEST(OccupancyGridTest, FootprintOnSurfaceNeedsSurfaceUnderEveryCellItCovers) {
  const OccupancyGrid grid = MakeGrid();
  EXPECT_TRUE(grid.OnSurface({{0.3, 0.3}, {0.2, 0.2}, 0}));
  // Touching the off-surface cell (0, 0) along an edge is fine, covering part of it is not.
  EXPECT_TRUE(grid.OnSurface({{0.15, 0.05}, {0.1, 0.1}, 0}));
  EXPECT_FALSE(grid.OnSurface({{0.14, 0.05}, {0.1, 0.1}, 0}));
  EXPECT_FALSE(grid.OnSurface({{0.95, 0.5}, {0.2, 0.2}, 0}));  // leaves the grid
}

}  // namespace
}  // namespace spatialgen
