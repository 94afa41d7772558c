#include "qa_gen/free_space.h"

#include <algorithm>
#include <cmath>

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

FreeRegion::FreeRegion(std::shared_ptr<const SurfacePixels> pixels, int width, int height,
                       const PixelWindow& window, const Footprint& anchor_footprint, double max_distance,
                       const PointSideTest& side)
    : pixels_(std::move(pixels)),
      width_(width),
      height_(height),
      window_(window),
      anchor_footprint_(anchor_footprint),
      max_distance_(max_distance),
      side_(side) {
  ForEachEntry([&](size_t) { ++pixel_count_; });
}

template <typename Visit>
void FreeRegion::ForEachEntry(Visit&& visit) const {
  const FootprintDistance distance_to_anchor(anchor_footprint_);
  const std::vector<int32_t>& pixel_index = pixels_->pixel_index;
  for (int j = window_.j0; j < window_.j1; ++j) {
    const auto row_begin = pixel_index.begin() + pixels_->row_start[j];
    const auto row_end = pixel_index.begin() + pixels_->row_start[j + 1];
    const int32_t first = j * width_ + window_.i0, end = j * width_ + window_.i1;
    for (auto entry = std::lower_bound(row_begin, row_end, first); entry != row_end && *entry < end; ++entry) {
      const size_t k = size_t(entry - pixel_index.begin());
      const Eigen::Vector3d& p_in_world = pixels_->points_in_world[k];
      if (distance_to_anchor(p_in_world.head<2>()) > max_distance_) continue;
      if (!side_.Holds(p_in_world)) continue;
      visit(k);
    }
  }
}

FreeRegion::Parts FreeRegion::Make() const {
  auto mask = std::make_shared<RegionMask>(width_, height_);
  auto pool = std::make_shared<PointPool>();
  pool->pixels.reserve(pixel_count_);
  pool->points_in_world.reserve(pixel_count_);
  ForEachEntry([&](size_t k) {
    const int i = pixels_->pixel_index[k] % width_, j = pixels_->pixel_index[k] / width_;
    mask->Set(i, j);
    pool->pixels.emplace_back(i + 0.5, j + 0.5);
    pool->points_in_world.push_back(pixels_->points_in_world[k]);
  });
  return {std::move(mask), std::move(pool)};
}

FreeSpaceView::FreeSpaceView(const ViewContext& context, const FreeSpaceOptions& options)
    : context_(context), options_(options) {}

const std::shared_ptr<const SurfacePixels>& FreeSpaceView::PixelsOf(int surface_index) {
  auto found = pixels_of_surface_.find(surface_index);
  if (found != pixels_of_surface_.end()) return found->second;
  const SupportSurface& surface = context_.support->surfaces[surface_index];
  const ViewRender& render = *context_.render;
  const View& view = *context_.view;
  const Eigen::Isometry3d world_from_cam = view.cam_from_world.inverse();
  const Eigen::Vector3d camera_in_world = world_from_cam.translation();
  auto pixels = std::make_shared<SurfacePixels>();
  pixels->row_start.reserve(render.height + 1);
  for (int j = 0; j < render.height; ++j) {
    pixels->row_start.push_back(int32_t(pixels->pixel_index.size()));
    for (int i = 0; i < render.width; ++i) {
      const size_t index = render.PixelIndex(i, j);
      const float depth = render.depth[index];
      if (depth <= 0 || render.instance[index] != surface.object_id) continue;
      // The point the pixel centre's ray hits, on the plane of the hit triangle in double
      // precision (Embree's float depth varies with the CPU in its last bits).
      const Eigen::Vector3d direction = world_from_cam.linear() * view.PointInCamera({i + 0.5, j + 0.5}, 1.0);
      const double t = context_.caster->PlaneHitT(render.primitive[index], camera_in_world, direction);
      const Eigen::Vector3d p_in_world = camera_in_world + t * direction;
      if (std::abs(p_in_world.z() - surface.height) > options_.surface_tolerance) continue;
      const std::optional<Eigen::Vector2i> cell = surface.grid.CellAt(p_in_world.head<2>());
      if (!cell || !surface.grid.IsFree(cell->x(), cell->y(), options_.free_height)) continue;
      pixels->pixel_index.push_back(int32_t(index));
      pixels->points_in_world.push_back(p_in_world);
    }
  }
  pixels->row_start.push_back(int32_t(pixels->pixel_index.size()));
  return pixels_of_surface_.emplace(surface_index, std::move(pixels)).first->second;
}

PixelWindow FreeSpaceView::WindowAround(const Object& anchor, const SupportSurface& surface) const {
  const View& view = *context_.view;
  const PixelWindow image{0, view.width, 0, view.height};
  // A region point lies within context_max_distance of the footprint (so inside the footprint
  // grown by it) and within surface_tolerance of the surface's height: inside this box, whose
  // projection is the hull of its corners' when they all lie in front of the camera.
  const Footprint grown = FootprintOf(anchor).Inflated(options_.context_max_distance);
  Eigen::AlignedBox2d box;
  for (const Eigen::Vector2d& corner : grown.CornersInWorld()) {
    for (const double z : {surface.height - options_.surface_tolerance, surface.height + options_.surface_tolerance}) {
      const std::optional<Eigen::Vector2d> pixel = view.Project(Eigen::Vector3d(corner.x(), corner.y(), z));
      if (!pixel) return image;
      box.extend(*pixel);
    }
  }
  // Pixel centres at +0.5, grown by a pixel against rounding.
  const auto clamp = [](double value, int hi) { return int(std::clamp(value, 0.0, double(hi))); };
  PixelWindow window;
  window.i0 = clamp(std::floor(box.min().x()) - 1, view.width);
  window.i1 = clamp(std::ceil(box.max().x()) + 1, view.width);
  window.j0 = clamp(std::floor(box.min().y()) - 1, view.height);
  window.j1 = clamp(std::ceil(box.max().y()) + 1, view.height);
  if (window.i1 <= window.i0 || window.j1 <= window.j0) return {};
  return window;
}

std::shared_ptr<const FreeRegion> FreeSpaceView::RegionBeside(const Object& anchor, const PointSideTest& side) {
  const int surface_index = context_.support->SurfaceOf(*context_.scene, anchor);
  if (surface_index < 0) return nullptr;
  const SupportSurface& surface = context_.support->surfaces[surface_index];
  return std::make_shared<const FreeRegion>(PixelsOf(surface_index), context_.render->width,
                                            context_.render->height, WindowAround(anchor, surface),
                                            FootprintOf(anchor), options_.context_max_distance, side);
}

}  // namespace spatialgen
