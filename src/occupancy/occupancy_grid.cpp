#include "occupancy/occupancy_grid.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "occupancy/convex_clip.h"

namespace spatialgen {
namespace {

// Scene vertices are floats (about 1e-6 m of rounding in a room): geometry closer than this
// to a cell's or a footprint's side, or to a slab's top, only touches it (m).
constexpr double kTouchEpsilon = 1e-5;

// Whether a polygon clipped to the square [lo, hi] lies on one of the square's sides only.
bool OnSquareBoundary(const ConvexPolygon& part, const Eigen::Vector2d& lo,
                      const Eigen::Vector2d& hi) {
  const auto all = [&](auto predicate) {
    for (int k = 0; k < part.size(); ++k) {
      if (!predicate(part[k])) return false;
    }
    return true;
  };
  return all([&](const Eigen::Vector3d& p) { return p.x() <= lo.x() + kTouchEpsilon; }) ||
         all([&](const Eigen::Vector3d& p) { return p.x() >= hi.x() - kTouchEpsilon; }) ||
         all([&](const Eigen::Vector3d& p) { return p.y() <= lo.y() + kTouchEpsilon; }) ||
         all([&](const Eigen::Vector3d& p) { return p.y() >= hi.y() - kTouchEpsilon; });
}

// Whether a triangle's horizontal projection holds a square with room to spare, tested on the
// square's corners against the triangle's edges. Then the triangle clipped to the square is
// the square (up to rounding), which no cut of it can empty or leave on its boundary.
class StrictlyInside {
 public:
  explicit StrictlyInside(const std::array<Eigen::Vector3d, 3>& triangle) {
    const Eigen::Vector2d a = triangle[0].head<2>(), b = triangle[1].head<2>(), c = triangle[2].head<2>();
    const double area = (b - a).x() * (c - a).y() - (b - a).y() * (c - a).x();
    if (area == 0) return;  // seen edge-on: holds nothing
    usable_ = true;
    const std::array<Eigen::Vector2d, 3> corners = {a, b, c};
    for (int k = 0; k < 3; ++k) {
      const Eigen::Vector2d edge = corners[(k + 1) % 3] - corners[k];
      // Inward normal, so that inside points have positive values.
      normal_[k] = (area > 0 ? Eigen::Vector2d(-edge.y(), edge.x()) : Eigen::Vector2d(edge.y(), -edge.x()));
      offset_[k] = normal_[k].dot(corners[k]) + kMargin * normal_[k].norm();
    }
  }
  bool Holds(const Eigen::Vector2d& lo, const Eigen::Vector2d& hi) const {
    if (!usable_) return false;
    for (int k = 0; k < 3; ++k) {
      // The lowest of the four corners' values is at the corner picked by the normal's signs.
      const Eigen::Vector2d corner(normal_[k].x() >= 0 ? lo.x() : hi.x(), normal_[k].y() >= 0 ? lo.y() : hi.y());
      if (!(normal_[k].dot(corner) > offset_[k])) return false;
    }
    return true;
  }

 private:
  static constexpr double kMargin = 1e-7;  // m, far above the rounding of a clip
  bool usable_ = false;
  std::array<Eigen::Vector2d, 3> normal_;
  std::array<double, 3> offset_{};
};

}  // namespace

OccupancyGrid::OccupancyGrid(const GridLayout& layout, double surface_height,
                             double height_tolerance, std::vector<uint8_t> is_surface,
                             std::vector<Obstacle> obstacles)
    : layout_(layout),
      surface_height_(surface_height),
      height_tolerance_(height_tolerance),
      is_surface_(std::move(is_surface)) {
  assert(layout.width >= 0 && layout.height >= 0 && layout.resolution > 0);
  assert(is_surface_.size() == size_t(layout.width) * size_t(layout.height));
  Index(std::move(obstacles));
}

int OccupancyGrid::SurfaceCellCount() const {
  return int(std::count(is_surface_.begin(), is_surface_.end(), uint8_t{1}));
}

Eigen::Vector2d OccupancyGrid::CellCenter(int i, int j) const {
  return layout_.origin + layout_.resolution * Eigen::Vector2d(i + 0.5, j + 0.5);
}

std::optional<Eigen::Vector2i> OccupancyGrid::CellAt(const Eigen::Vector2d& xy_in_world) const {
  const Eigen::Vector2d cell = (xy_in_world - layout_.origin) / layout_.resolution;
  const int i = int(std::floor(cell.x())), j = int(std::floor(cell.y()));
  if (!Contains(i, j)) return std::nullopt;
  return Eigen::Vector2i(i, j);
}

bool OccupancyGrid::IsSurface(int i, int j) const {
  return Contains(i, j) && is_surface_[CellIndex(i, j)] != 0;
}

double OccupancyGrid::FreeHeight(int i, int j, int ignore_object) const {
  assert(Contains(i, j));
  const std::array<Lowest, 2>& lowest = lowest_[CellIndex(i, j)];
  const bool skip_first = ignore_object >= 0 && lowest[0].instance == ignore_object;
  return lowest[skip_first ? 1 : 0].z - surface_height_;
}

bool OccupancyGrid::IsFree(int i, int j, double slab_height, int ignore_object) const {
  return IsSurface(i, j) && FreeHeight(i, j, ignore_object) >= slab_height - kTouchEpsilon;
}

bool OccupancyGrid::Covers(const Footprint& footprint) const {
  const Eigen::Vector2d extent =
      layout_.resolution * Eigen::Vector2d(layout_.width, layout_.height);
  for (const Eigen::Vector2d& corner : footprint.CornersInWorld()) {
    const Eigen::Vector2d offset = corner - layout_.origin;
    if (offset.minCoeff() < 0 || offset.x() > extent.x() || offset.y() > extent.y()) return false;
  }
  return true;
}

bool OccupancyGrid::OnSurface(const Footprint& footprint) const {
  if (!Covers(footprint)) return false;
  const auto [i0, j0, i1, j1] = CellRange(footprint);
  const OrientedRectangle rectangle(footprint);
  for (int j = j0; j <= j1; ++j) {
    for (int i = i0; i <= i1; ++i) {
      if (IsSurface(i, j)) continue;
      const Eigen::Vector2d lo = layout_.origin + layout_.resolution * Eigen::Vector2d(i, j);
      const auto cell = OrientedRectangle::AxisAligned(lo, lo + Eigen::Vector2d::Constant(layout_.resolution));
      if (RectanglesShareArea(rectangle, cell)) return false;
    }
  }
  return true;
}

bool OccupancyGrid::SlabCollides(const Footprint& footprint, double slab_height,
                                 int ignore_object) const {
  assert(Covers(footprint));
  const auto [i0, j0, i1, j1] = CellRange(footprint);
  CollisionScratch& scratch = collision_scratch_.local();
  std::vector<uint32_t>& taken_in_call = scratch.taken_in_call;
  if (taken_in_call.size() < obstacles_.size()) taken_in_call.assign(obstacles_.size(), 0), scratch.call = 0;
  if (++scratch.call == 0) std::fill(taken_in_call.begin(), taken_in_call.end(), 0), scratch.call = 1;
  const uint32_t call = scratch.call;
  std::vector<int>& candidates = scratch.candidates;
  candidates.clear();
  for (int j = j0; j <= j1; ++j) {
    for (int i = i0; i <= i1; ++i) {
      const int cell = CellIndex(i, j);
      for (int k = cell_start_[cell]; k < cell_start_[cell + 1]; ++k) {
        const int index = cell_obstacles_[k];
        if (taken_in_call[index] == call) continue;
        taken_in_call[index] = call;
        candidates.push_back(index);
      }
    }
  }

  const double slab_top = surface_height_ + slab_height - kTouchEpsilon;
  const auto corners = footprint.CornersInWorld();
  for (int index : candidates) {
    const Obstacle& obstacle = obstacles_[index];
    if (ignore_object >= 0 && obstacle.instance == ignore_object) continue;
    ConvexPolygon part(obstacle.corners_in_world);
    part.ClipToSlab(ObstacleFloor(obstacle), slab_top);
    // The vertical prism over the footprint, its sides moved in by kTouchEpsilon: they face
    // outward (corners go counter-clockwise, so the outward normal of edge a->b is (b - a)
    // turned clockwise).
    for (int k = 0; k < 4 && !part.empty(); ++k) {
      const Eigen::Vector2d& a = corners[k];
      const Eigen::Vector2d edge = corners[(k + 1) % 4] - a;
      const Eigen::Vector3d normal = Eigen::Vector3d(edge.y(), -edge.x(), 0).normalized();
      part.Clip(normal, normal.head<2>().dot(a) - kTouchEpsilon);
    }
    if (!part.empty() && part.MinZ() < slab_top) return true;
  }
  return false;
}

double OccupancyGrid::ObstacleFloor(const Obstacle& obstacle) const {
  return obstacle.faces_down ? surface_height_ - height_tolerance_ : surface_height_;
}

bool OccupancyGrid::Kept(const Obstacle& obstacle) const {
  double max_z = obstacle.corners_in_world[0].z();
  for (const Eigen::Vector3d& corner : obstacle.corners_in_world) max_z = std::max(max_z, corner.z());
  return max_z > surface_height_ + height_tolerance_ ||
         (obstacle.faces_down && max_z >= surface_height_ - height_tolerance_);
}

std::array<int, 4> OccupancyGrid::CellRange(const Footprint& footprint) const {
  Eigen::Vector2d lo = footprint.center_in_world, hi = lo;
  for (const Eigen::Vector2d& corner : footprint.CornersInWorld()) {
    lo = lo.cwiseMin(corner);
    hi = hi.cwiseMax(corner);
  }
  const auto cell = [&](double value, double origin, int count) {
    return std::clamp(int(std::floor((value - origin) / layout_.resolution)), 0, count - 1);
  };
  return {cell(lo.x(), layout_.origin.x(), layout_.width),
          cell(lo.y(), layout_.origin.y(), layout_.height),
          cell(hi.x(), layout_.origin.x(), layout_.width),
          cell(hi.y(), layout_.origin.y(), layout_.height)};
}

void OccupancyGrid::Index(std::vector<Obstacle> obstacles) {
  const int cell_count = layout_.width * layout_.height;
  lowest_.assign(cell_count, {});
  cell_start_.assign(cell_count + 1, 0);
  if (cell_count == 0) return;
  const double res = layout_.resolution;

  std::vector<std::pair<int, int>> cell_and_obstacle;  // in obstacle order
  for (Obstacle& obstacle : obstacles) {
    if (!Kept(obstacle)) continue;
    const int index = int(obstacles_.size());
    Eigen::Vector2d lo = obstacle.corners_in_world[0].head<2>(), hi = lo;
    for (const Eigen::Vector3d& corner : obstacle.corners_in_world) {
      lo = lo.cwiseMin(corner.head<2>());
      hi = hi.cwiseMax(corner.head<2>());
    }
    const Eigen::Vector2d cell_lo = ((lo - layout_.origin) / res).array().floor();
    const Eigen::Vector2d cell_hi = ((hi - layout_.origin) / res).array().floor();
    const int i0 = std::max(0, int(cell_lo.x())), i1 = std::min(layout_.width - 1, int(cell_hi.x()));
    const int j0 = std::max(0, int(cell_lo.y())), j1 = std::min(layout_.height - 1, int(cell_hi.y()));
    const size_t first_pair = cell_and_obstacle.size();
    // A level triangle (a box's top or bottom) over a square it holds clips to the square at
    // its own height: no clip needed for the cells inside it, which are most of its cells.
    const std::array<Eigen::Vector3d, 3>& corners = obstacle.corners_in_world;
    const bool level = corners[0].z() == corners[1].z() && corners[1].z() == corners[2].z();
    const StrictlyInside inside(corners);
    ConvexPolygon level_square(corners);  // stands for the clipped triangle when it is a held square
    level_square.Clip(-Eigen::Vector3d::UnitZ(), -ObstacleFloor(obstacle));
    for (int j = j0; j <= j1; ++j) {
      for (int i = i0; i <= i1; ++i) {
        const Eigen::Vector2d square_lo = layout_.origin + res * Eigen::Vector2d(i, j);
        const Eigen::Vector2d square_hi = square_lo + Eigen::Vector2d::Constant(res);
        double lowest_z = 0;
        if (level && inside.Holds(square_lo, square_hi)) {
          // All its points at the triangle's height: the floor cut keeps all or none, as it
          // does the whole triangle.
          if (level_square.empty()) continue;
          cell_and_obstacle.emplace_back(CellIndex(i, j), index);
          lowest_z = corners[0].z();
        } else {
          ConvexPolygon part(corners);
          part.ClipToSquare(square_lo, square_hi);
          part.Clip(-Eigen::Vector3d::UnitZ(), -ObstacleFloor(obstacle));
          if (part.empty()) continue;
          // Listed for collision tests even when only touching; free height is about the open cell.
          cell_and_obstacle.emplace_back(CellIndex(i, j), index);
          if (OnSquareBoundary(part, square_lo, square_hi)) continue;
          lowest_z = part.MinZ();
        }
        const int cell = CellIndex(i, j);
        // Geometry within the tolerance of the surface rests on it.
        const double z = lowest_z <= surface_height_ + height_tolerance_ ? surface_height_ : lowest_z;
        std::array<Lowest, 2>& lowest = lowest_[cell];
        if (obstacle.instance == lowest[0].instance) {
          lowest[0].z = std::min(lowest[0].z, z);
        } else if (z < lowest[0].z) {
          lowest[1] = lowest[0];
          lowest[0] = {z, obstacle.instance};
        } else if (obstacle.instance == lowest[1].instance || z < lowest[1].z) {
          lowest[1] = {std::min(lowest[1].z, z), obstacle.instance};
        }
      }
    }
    if (cell_and_obstacle.size() > first_pair) obstacles_.push_back(std::move(obstacle));
  }

  for (const auto& [cell, index] : cell_and_obstacle) ++cell_start_[cell + 1];
  for (int cell = 0; cell < cell_count; ++cell) cell_start_[cell + 1] += cell_start_[cell];
  cell_obstacles_.resize(cell_and_obstacle.size());
  std::vector<int> next(cell_start_.begin(), cell_start_.end() - 1);
  for (const auto& [cell, index] : cell_and_obstacle) cell_obstacles_[next[cell]++] = index;
}

}  // namespace spatialgen
