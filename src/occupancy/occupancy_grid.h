#pragma once
// A top-down grid over one support surface: which cells lie on the surface, the free height
// above each cell, and an index of the geometry above the surface for exact collision tests.
#include <oneapi/tbb/enumerable_thread_specific.h>

#include <Eigen/Core>

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "scene/footprint.h"

namespace spatialgen {

// A scene triangle that may stand above a surface.
struct Obstacle {
  std::array<Eigen::Vector3d, 3> corners_in_world;
  int instance = -1;        // the object it belongs to; -1: background
  bool faces_down = false;  // a downward face: the bottom of a solid, which may rest on the surface
};

// Cell (i, j) covers [origin + (i, j) * resolution, origin + (i + 1, j + 1) * resolution).
struct GridLayout {
  Eigen::Vector2d origin = Eigen::Vector2d::Zero();  // world xy of the grid's lower corner
  double resolution = 0.02;                          // cell size, m
  int width = 0;                                     // cells along x
  int height = 0;                                    // cells along y
};

class OccupancyGrid {
 public:
  OccupancyGrid() = default;
  // `is_surface`: one flag per cell, cell (i, j) at j * width + i. Of `obstacles`, those that
  // rise above surface_height + height_tolerance somewhere, and downward faces reaching
  // surface_height - height_tolerance (the bottoms of solids standing on the surface), are
  // kept; the rest (the surface's own level, geometry below it) is ignored. Indexes each kept
  // triangle over the cells of its bounding box that it really overlaps.
  OccupancyGrid(const GridLayout& layout, double surface_height, double height_tolerance,
                std::vector<uint8_t> is_surface, std::vector<Obstacle> obstacles);

  Eigen::Vector2d origin() const { return layout_.origin; }
  double resolution() const { return layout_.resolution; }
  int width() const { return layout_.width; }
  int height() const { return layout_.height; }
  double surface_height() const { return surface_height_; }  // world z of the surface
  int SurfaceCellCount() const;

  Eigen::Vector2d CellCenter(int i, int j) const;  // world xy
  std::optional<Eigen::Vector2i> CellAt(const Eigen::Vector2d& xy_in_world) const;
  bool Contains(int i, int j) const { return i >= 0 && j >= 0 && i < width() && j < height(); }
  bool IsSurface(int i, int j) const;  // the cell lies on the surface (false outside the grid)

  // The free height above the cell: from the surface up to the lowest kept geometry over the
  // cell's open square (geometry on its boundary only does not count) (the surface's own faces excluded, geometry below the surface ignored;
  // geometry reaching down to within height_tolerance of the surface, or through it, gives
  // 0); +inf when nothing. ignore_object (>= 0): an object whose geometry does not count, e.g. a movable
  // object being placed elsewhere; -1 ignores nothing.
  double FreeHeight(int i, int j, int ignore_object = -1) const;
  // A surface cell whose FreeHeight is at least slab_height. Here and in SlabCollides,
  // geometry within 1e-5 m (float rounding of scene vertices) of a side or of the slab's top
  // only touches it.
  bool IsFree(int i, int j, double slab_height, int ignore_object = -1) const;

  // Whether the footprint lies inside the grid.
  bool Covers(const Footprint& footprint) const;
  // Whether every cell the footprint shares area with is a surface cell of this grid.
  bool OnSurface(const Footprint& footprint) const;
  // Exact: whether any kept geometry (other than ignore_object's) has a part in the slab from
  // the surface up to (not including) surface_height + slab_height whose ground projection
  // reaches into the footprint (touching its boundary does not count). The footprint must lie
  // inside the grid (Covers).
  bool SlabCollides(const Footprint& footprint, double slab_height, int ignore_object = -1) const;

 private:
  // The lowest geometry over a cell, from one object (or the background).
  struct Lowest {
    double z = std::numeric_limits<double>::infinity();
    int instance = kNoInstance;
  };
  static constexpr int kNoInstance = std::numeric_limits<int>::min();

  int CellIndex(int i, int j) const { return j * layout_.width + i; }
  // The z from which an obstacle counts: just below the surface for resting bottoms.
  double ObstacleFloor(const Obstacle& obstacle) const;
  bool Kept(const Obstacle& obstacle) const;
  // The cell range (inclusive, clamped to the grid) under a footprint's bounding box.
  std::array<int, 4> CellRange(const Footprint& footprint) const;
  void Index(std::vector<Obstacle> obstacles);

  GridLayout layout_;
  double surface_height_ = 0;
  double height_tolerance_ = 0;
  std::vector<uint8_t> is_surface_;
  // Per cell, the lowest geometry and the lowest from any other instance, so that one object
  // can be ignored.
  std::vector<std::array<Lowest, 2>> lowest_;
  std::vector<Obstacle> obstacles_;
  std::vector<int> cell_start_;      // per cell, its range in cell_obstacles_ (CSR)
  std::vector<int> cell_obstacles_;  // indices into obstacles_

  // Scratch of SlabCollides, one per thread (ARCHITECTURE: per-thread scratch lives in an
  // enumerable_thread_specific): each obstacle is listed in every cell it overlaps, and a stamp
  // per obstacle marks the ones already taken in a call (cheaper than sorting the lists).
  struct CollisionScratch {
    std::vector<uint32_t> taken_in_call;  // per obstacle: the call that last took it
    uint32_t call = 0;
    std::vector<int> candidates;          // obstacles under the footprint, each once
  };
  mutable tbb::enumerable_thread_specific<CollisionScratch> collision_scratch_;
};

}  // namespace spatialgen
