#include "qa_gen/free_space.h"

#include <algorithm>

#include "core/check.h"
#include "scene/footprint.h"
#include "qa_gen/view_context.h"

namespace spatialgen {
namespace {

// Distance in the ground plane from points to a footprint rectangle (0 inside).
class FootprintDistance {
 public:
  explicit FootprintDistance(const Footprint& footprint)
      : footprint_from_world_(Eigen::Rotation2Dd(-footprint.yaw).toRotationMatrix()),
        center_(footprint.center_in_world),
        half_size_(0.5 * footprint.size) {}
  double operator()(const Eigen::Vector2d& xy_in_world) const {
    const Eigen::Vector2d local = footprint_from_world_ * (xy_in_world - center_);
    return (local.cwiseAbs() - half_size_).cwiseMax(0.0).norm();
  }

 private:
  Eigen::Matrix2d footprint_from_world_;
  Eigen::Vector2d center_, half_size_;
};

}  // namespace

void FreeSpaceOptions::Check() const {
  SG_CHECK_OPTION_GT(free_height, 0);
  SG_CHECK_OPTION_GT(context_max_distance, 0);
  SG_CHECK_OPTION_GT(surface_tolerance, 0);
}

void ReadOptions(JsonReader& reader, FreeSpaceOptions& options) {
  reader.Read("free_height", options.free_height);
  reader.Read("context_max_distance", options.context_max_distance);
  reader.Read("surface_tolerance", options.surface_tolerance);
}

FreeSpaceView::FreeSpaceView(const ViewContext& context, const FreeSpaceOptions& options)
    : context_(context), options_(options) {}

const SurfacePixels& FreeSpaceView::PixelsOf(int surface_index) {
  auto found = pixels_of_surface_.find(surface_index);
  if (found != pixels_of_surface_.end()) return found->second;
  const SupportSurface& surface = context_.support->surfaces[surface_index];
  const ViewRender& render = *context_.render;
  const View& view = *context_.view;
  const Eigen::Isometry3d world_from_cam = view.cam_from_world.inverse();
  const Eigen::Vector3d camera_in_world = world_from_cam.translation();
  SurfacePixels pixels;
  for (int j = 0; j < render.height; ++j) {
    for (int i = 0; i < render.width; ++i) {
      const size_t index = render.PixelIndex(i, j);
      // Only pixels that show one of the surface's own upward faces: a side face of a table top
      // or a shelf board is not room to put things on, however close to the top its point lies.
      if (!std::binary_search(surface.faces.begin(), surface.faces.end(), render.primitive[index])) continue;
      // The point the pixel centre's ray hits, on the plane of the hit triangle in double
      // precision (Embree's float depth varies with the CPU in its last bits).
      const Eigen::Vector3d direction = world_from_cam.linear() * view.PointInCamera({i + 0.5, j + 0.5}, 1.0);
      const double t = context_.caster->PlaneHitT(render.primitive[index], camera_in_world, direction);
      const Eigen::Vector3d p_in_world = camera_in_world + t * direction;
      const std::optional<Eigen::Vector2i> cell = surface.grid.CellAt(p_in_world.head<2>());
      if (!cell || !surface.grid.IsFree(cell->x(), cell->y(), options_.free_height)) continue;
      pixels.pixel_index.push_back(int32_t(index));
      pixels.points_in_world.push_back(p_in_world);
    }
  }
  return pixels_of_surface_.emplace(surface_index, std::move(pixels)).first->second;
}

FreeRegion FreeSpaceView::RegionBeside(const Object& anchor, const PointTest& test) {
  const int surface_index = context_.support->SurfaceOf(*context_.scene, anchor);
  if (surface_index < 0) return {};
  const SurfacePixels& pixels = PixelsOf(surface_index);
  const FootprintDistance distance_to_anchor(FootprintOf(anchor));
  const ViewRender& render = *context_.render;
  auto mask = std::make_shared<RegionMask>(render.width, render.height);
  auto pool = std::make_shared<PointPool>();
  for (size_t k = 0; k < pixels.pixel_index.size(); ++k) {
    const Eigen::Vector3d& p_in_world = pixels.points_in_world[k];
    if (distance_to_anchor(p_in_world.head<2>()) > options_.context_max_distance) continue;
    if (!test.Holds(p_in_world)) continue;
    const int i = pixels.pixel_index[k] % render.width, j = pixels.pixel_index[k] / render.width;
    mask->Set(i, j);
    pool->pixels.emplace_back(i + 0.5, j + 0.5);
    pool->points_in_world.push_back(p_in_world);
  }
  return {std::move(mask), std::move(pool)};
}

}  // namespace spatialgen
