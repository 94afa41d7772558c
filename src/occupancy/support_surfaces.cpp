#include "occupancy/support_surfaces.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <unordered_set>

#include "core/check.h"
#include "occupancy/scene_faces.h"
#include "occupancy/surface_patches.h"
#include "scene/box_geometry.h"
#include "scene/footprint.h"

namespace spatialgen {
namespace {

// Keeps a margin that is a whole number of cells (0.2 / 0.02) from rounding up to one more.
constexpr double kCellRoundingGuard = 1e-9;


// The patch's cells framed by grid_margin cells on every side.
GridLayout WithMargin(const GridLayout& layout, int margin_cells) {
  GridLayout grown = layout;
  grown.origin.array() -= margin_cells * layout.resolution;
  grown.width += 2 * margin_cells;
  grown.height += 2 * margin_cells;
  return grown;
}

// The occupancy grid of one patch: every face but its own whose
// bounding box meets the grid and that may stand above the surface. Cells on which the
// owner's other geometry rests lie inside the owner's solid (a desk panel's top under the
// desk top, a shelf board under a side panel) and are not surface; nullopt when too little
// surface is left.
std::optional<OccupancyGrid> BuildGrid(const SurfacePatch& patch,
                                       const std::vector<SceneFace>& faces,
                                       const SupportOptions& options) {
  const int margin_cells =
      int(std::ceil(options.grid_margin / options.occupancy_resolution - kCellRoundingGuard));
  const GridLayout layout = WithMargin(patch.layout, margin_cells);
  std::vector<uint8_t> is_surface(size_t(layout.width) * layout.height, 0);
  for (int j = 0; j < patch.layout.height; ++j) {
    std::copy_n(patch.cells.begin() + size_t(j) * patch.layout.width, patch.layout.width,
                is_surface.begin() + size_t(j + margin_cells) * layout.width + margin_cells);
  }

  const Eigen::Vector2d grid_lo = layout.origin;
  const Eigen::Vector2d grid_hi =
      grid_lo + layout.resolution * Eigen::Vector2d(layout.width, layout.height);
  const double surface_top = patch.height + options.height_tolerance;
  const double surface_bottom = patch.height - options.height_tolerance;
  std::vector<Obstacle> obstacles, owner_obstacles;
  for (int f = 0; f < int(faces.size()); ++f) {
    const SceneFace& face = faces[f];
    const auto& c = face.corners_in_world;
    const double max_z = std::max({c[0].z(), c[1].z(), c[2].z()});
    const bool faces_down = face.normal_z <= -options.min_up_normal_z;
    if (max_z <= surface_top && !(faces_down && max_z >= surface_bottom)) continue;
    const Eigen::Vector2d lo = c[0].head<2>().cwiseMin(c[1].head<2>()).cwiseMin(c[2].head<2>());
    const Eigen::Vector2d hi = c[0].head<2>().cwiseMax(c[1].head<2>()).cwiseMax(c[2].head<2>());
    if ((lo.array() > grid_hi.array()).any() || (hi.array() < grid_lo.array()).any()) continue;
    if (std::binary_search(patch.faces.begin(), patch.faces.end(), f)) continue;
    obstacles.push_back({c, face.instance, faces_down});
    if (face.instance == patch.object_id) owner_obstacles.push_back(obstacles.back());
  }

  const OccupancyGrid owner(layout, patch.height, options.height_tolerance, is_surface,
                            std::move(owner_obstacles));
  int surface_cells = 0;
  for (int j = 0; j < layout.height; ++j) {
    for (int i = 0; i < layout.width; ++i) {
      uint8_t& cell = is_surface[size_t(j) * layout.width + i];
      if (cell && owner.FreeHeight(i, j) <= 0) cell = 0;
      surface_cells += cell;
    }
  }
  const double cell_area = options.occupancy_resolution * options.occupancy_resolution;
  if (surface_cells * cell_area < options.min_surface_area) return std::nullopt;
  return OccupancyGrid(layout, patch.height, options.height_tolerance, std::move(is_surface),
                       std::move(obstacles));
}

// Points on a lattice of `step` over the footprint (its centre first), in world xy.
std::vector<Eigen::Vector2d> SamplePoints(const Footprint& footprint, double step) {
  std::vector<Eigen::Vector2d> points = {footprint.center_in_world};
  const Eigen::Vector2d axis_x(std::cos(footprint.yaw), std::sin(footprint.yaw));
  const Eigen::Vector2d axis_y(-axis_x.y(), axis_x.x());
  const int half_x = static_cast<int>(footprint.size.x() / (2 * step));
  const int half_y = static_cast<int>(footprint.size.y() / (2 * step));
  for (int u = -half_x; u <= half_x; ++u) {
    for (int v = -half_y; v <= half_y; ++v) {
      if (u != 0 || v != 0) points.push_back(footprint.center_in_world + u * step * axis_x + v * step * axis_y);
    }
  }
  return points;
}

// How many of the points fall on surface cells of the grid.
int64_t SurfaceCellsAt(const OccupancyGrid& grid, const std::vector<Eigen::Vector2d>& points) {
  int64_t count = 0;
  for (const Eigen::Vector2d& point : points) {
    const std::optional<Eigen::Vector2i> cell = grid.CellAt(point);
    count += cell && grid.IsSurface(cell->x(), cell->y()) ? 1 : 0;
  }
  return count;
}

}  // namespace

void SupportOptions::Check() const {
  SG_CHECK_OPTION_GT(occupancy_resolution, 0);
  SG_CHECK_OPTION(min_up_normal_z > 0 && min_up_normal_z <= 1, min_up_normal_z, "must lie in (0, 1]");
  SG_CHECK_OPTION_GE(height_tolerance, 0);
  SG_CHECK_OPTION_GE(min_surface_area, 0);
  SG_CHECK_OPTION_GE(contact_tolerance, 0);
  SG_CHECK_OPTION_GE(contact_margin, 0);
  SG_CHECK_OPTION_GE(floor_margin, 0);
  SG_CHECK_OPTION_GE(upper_plane_margin, 0);
  SG_CHECK_OPTION_GE(box_bottom_tolerance, 0);
  SG_CHECK_OPTION_GE(grid_margin, 0);
}

void ReadOptions(JsonReader& reader, SupportOptions& options) {
  reader.Read("occupancy_resolution", options.occupancy_resolution);
  reader.Read("min_up_normal_z", options.min_up_normal_z);
  reader.Read("height_tolerance", options.height_tolerance);
  reader.Read("min_surface_area", options.min_surface_area);
  reader.Read("contact_tolerance", options.contact_tolerance);
  reader.Read("contact_margin", options.contact_margin);
  reader.Read("floor_margin", options.floor_margin);
  reader.Read("upper_plane_margin", options.upper_plane_margin);
  reader.Read("box_bottom_tolerance", options.box_bottom_tolerance);
  reader.Read("grid_margin", options.grid_margin);
}

std::vector<SupportSurface> FindSupportSurfaces(const Scene& scene,
                                                const SupportOptions& options) {
  options.Check();
  const std::vector<SceneFace> faces = OrientedSceneFaces(scene);
  std::unordered_set<int> supports;
  for (const Object& object : scene.objects) {
    if (object.support) supports.insert(object.id);
  }
  std::vector<int> upward;
  for (int f = 0; f < int(faces.size()); ++f) {
    const SceneFace& face = faces[f];
    if (face.normal_z >= options.min_up_normal_z &&
        (face.instance == -1 || supports.contains(face.instance))) {
      upward.push_back(f);
    }
  }
  const std::vector<SurfacePatch> patches =
      FindSurfacePatches(faces, upward,
                         {.resolution = options.occupancy_resolution,
                          .height_tolerance = options.height_tolerance,
                          .min_area = options.min_surface_area});

  std::vector<std::optional<OccupancyGrid>> grids(patches.size());
  tbb::parallel_for(size_t(0), patches.size(), [&](size_t k) {
    grids[k] = BuildGrid(patches[k], faces, options);
  });
  std::vector<SupportSurface> surfaces;
  surfaces.reserve(patches.size());  // grids are copied, not moved, when the vector grows
  for (size_t k = 0; k < patches.size(); ++k) {
    if (grids[k]) surfaces.push_back({patches[k].object_id, patches[k].height, std::move(*grids[k]), patches[k].faces});
  }
  return surfaces;
}

std::vector<int> AssignSupportSurfaces(const Scene& scene,
                                       const std::vector<SupportSurface>& surfaces,
                                       const SupportOptions& options) {
  options.Check();
  std::vector<int> assigned;
  for (const Object& object : scene.objects) {
    const double bottom = BottomZ(object);
    const std::vector<Eigen::Vector2d> under =
        SamplePoints(FootprintOf(object).Inflated(options.contact_margin), options.occupancy_resolution);
    int touching = -1, below = -1, declared = -1;
    int64_t touching_cells = 0;
    for (int s = 0; s < int(surfaces.size()); ++s) {
      const SupportSurface& surface = surfaces[s];
      if (surface.object_id == object.id) continue;
      const int64_t cells = SurfaceCellsAt(surface.grid, under);
      if (cells == 0) continue;
      const double gap = std::abs(surface.height - bottom);
      if (gap <= options.contact_tolerance &&
          (cells > touching_cells ||
           (cells == touching_cells && gap < std::abs(surfaces[touching].height - bottom)))) {
        touching = s;
        touching_cells = cells;
      }
      if (surface.height < bottom && (below < 0 || surface.height > surfaces[below].height)) {
        below = s;
      }
      // What a box-only scene found it stands on: that object's highest surface (its top),
      // or the background plane at that height.
      const bool declared_here =
          (object.stands_on >= 0 && surface.object_id == object.stands_on) ||
          (object.stands_at_height && surface.object_id == -1 &&
           std::abs(surface.height - *object.stands_at_height) <= options.height_tolerance);
      if (declared_here && (declared < 0 || surface.height > surfaces[declared].height)) declared = s;
    }
    assigned.push_back(declared >= 0 ? declared : touching >= 0 ? touching : below);
  }
  return assigned;
}

}  // namespace spatialgen
