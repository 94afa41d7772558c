#include "qa_gen/free_space.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

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

FreeRegion::FreeRegion(std::shared_ptr<const NearPixels> near, int width, int height, const PointTest& test)
    : near_(std::move(near)), width_(width), height_(height), test_(test) {}

FreeRegion::Parts FreeRegion::Make() const {
  const SurfacePixels& surface = *near_->surface;
  std::vector<uint8_t> holds;
  test_.Evaluate(near_->Batch(), holds);
  int i0 = width_, j0 = height_, i1 = 0, j1 = 0;  // the region's box: the mask's window
  for (size_t n = 0; n < holds.size(); ++n) {
    if (!holds[n]) continue;
    const int32_t index = surface.pixel_index[near_->entries[n]];
    const int i = index % width_, j = index / width_;
    i0 = std::min(i0, i), i1 = std::max(i1, i + 1), j0 = std::min(j0, j), j1 = std::max(j1, j + 1);
  }
  auto mask = std::make_shared<RegionMask>(width_, height_, std::min(i0, i1), std::min(j0, j1), i1, j1);
  auto pool = std::make_shared<PointPool>();
  const size_t pixel_count = std::count(holds.begin(), holds.end(), uint8_t(1));
  pool->pixels.reserve(pixel_count);
  pool->points_in_world.reserve(pixel_count);
  for (size_t n = 0; n < holds.size(); ++n) {
    if (!holds[n]) continue;
    const int32_t index = surface.pixel_index[near_->entries[n]];
    const int i = index % width_, j = index / width_;
    mask->Set(i, j);
    pool->pixels.emplace_back(i + 0.5, j + 0.5);
    pool->points_in_world.push_back(near_->points_in_world[n]);
  }
  return {std::move(mask), std::move(pool)};
}

FreeSpaceView::FreeSpaceView(const ViewContext& context, const FreeSpaceOptions& options)
    : context_(context), options_(options) {}

const std::vector<int32_t>& FreeSpaceView::PixelsShowing(int instance) {
  if (!instances_sorted_) {
    instances_sorted_ = true;
    for (const SupportSurface& surface : context_.support->surfaces) pixels_of_instance_[surface.object_id];
    const ViewRender& render = *context_.render;
    // Runs of one instance along a row share one look-up.
    const int32_t pixel_count = int32_t(render.instance.size());
    for (int32_t run_start = 0; run_start < pixel_count;) {
      const int32_t run_instance = render.instance[run_start];
      int32_t run_end = run_start + 1;
      while (run_end < pixel_count && render.instance[run_end] == run_instance) ++run_end;
      const auto bucket = pixels_of_instance_.find(run_instance);
      if (bucket != pixels_of_instance_.end()) {
        for (int32_t index = run_start; index < run_end; ++index) {
          if (render.primitive[index] >= 0) bucket->second.push_back(index);
        }
      }
      run_start = run_end;
    }
  }
  return pixels_of_instance_[instance];
}

const std::shared_ptr<const SurfacePixels>& FreeSpaceView::PixelsOf(int surface_index) {
  auto found = pixels_of_surface_.find(surface_index);
  if (found != pixels_of_surface_.end()) return found->second;
  const SupportSurface& surface = context_.support->surfaces[surface_index];
  const ViewRender& render = *context_.render;
  const View& view = *context_.view;
  const Eigen::Isometry3d world_from_cam = view.cam_from_world.inverse();
  const Eigen::Vector3d camera_in_world = world_from_cam.translation();
  auto pixels = std::make_shared<SurfacePixels>();
  pixels->row_start.assign(render.height + 1, 0);
  const std::vector<int32_t>& showing = PixelsShowing(surface.object_id);
  pixels->pixel_index.reserve(showing.size());  // once: growing them was most of the time here
  pixels->points_in_world.reserve(showing.size());
  pixels->image_x.reserve(showing.size());
  // Neighbouring pixels mostly show the same triangle: its plane is read once for them.
  int plane_primitive = -1;
  std::optional<RayCaster::PlaneHits> plane;
  for (const int32_t index : showing) {
    // Only pixels that show one of the surface's own upward faces: a side face of a table top
    // or a shelf board is not room to put things on, however close to the top its point lies.
    if (!std::binary_search(surface.faces.begin(), surface.faces.end(), render.primitive[index])) continue;
    const int i = index % render.width, j = index / render.width;
    // The point the pixel centre's ray hits, on the plane of the hit triangle in double
    // precision (Embree's float depth varies with the CPU in its last bits).
    const Eigen::Vector3d direction = world_from_cam.linear() * view.PointInCamera({i + 0.5, j + 0.5}, 1.0);
    if (render.primitive[index] != plane_primitive) {
      plane_primitive = render.primitive[index];
      plane = context_.caster->PlaneHitsFrom(plane_primitive, camera_in_world);
    }
    const double t = plane->T(direction);
    const Eigen::Vector3d p_in_world = camera_in_world + t * direction;
    const std::optional<Eigen::Vector2i> cell = surface.grid.CellAt(p_in_world.head<2>());
    if (!cell || !surface.grid.IsFree(cell->x(), cell->y(), options_.free_height)) continue;
    pixels->pixel_index.push_back(index);
    pixels->points_in_world.push_back(p_in_world);
    const std::optional<Eigen::Vector2d> pixel = view.Project(p_in_world);
    pixels->image_x.push_back(pixel ? pixel->x() : std::numeric_limits<double>::quiet_NaN());
    pixels->min_z = std::min(pixels->min_z, p_in_world.z());
    pixels->max_z = std::max(pixels->max_z, p_in_world.z());
    ++pixels->row_start[j + 1];
  }
  for (int j = 0; j < render.height; ++j) pixels->row_start[j + 1] += pixels->row_start[j];
  return pixels_of_surface_.emplace(surface_index, std::move(pixels)).first->second;
}

PixelWindow FreeSpaceView::WindowAround(const Object& anchor, const SurfacePixels& surface) const {
  const View& view = *context_.view;
  const PixelWindow image{0, view.width, 0, view.height};
  if (surface.pixel_index.empty()) return {};
  // A region point lies within context_max_distance of the footprint (so inside the footprint
  // grown by it) and between the surface points' lowest and highest z: inside this box, whose
  // projection is the hull of its corners' when they all lie in front of the camera.
  const Footprint grown = FootprintOf(anchor).Inflated(options_.context_max_distance);
  Eigen::AlignedBox2d box;
  for (const Eigen::Vector2d& corner : grown.CornersInWorld()) {
    for (const double z : {surface.min_z, surface.max_z}) {
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

const std::shared_ptr<const NearPixels>& FreeSpaceView::NearPixelsOf(const Object& anchor, int surface_index) {
  auto found = near_pixels_of_anchor_.find(anchor.id);
  if (found != near_pixels_of_anchor_.end()) return found->second;
  auto near = std::make_shared<NearPixels>();
  near->surface = PixelsOf(surface_index);
  const SurfacePixels& surface = *near->surface;
  const PixelWindow window = WindowAround(anchor, surface);
  const FootprintDistance distance_to_anchor(FootprintOf(anchor));
  const int width = context_.render->width;
  // The window's entries row by row, counted first so that the arrays are allocated once.
  std::vector<std::pair<int32_t, int32_t>> row_entries;
  size_t in_window = 0;
  for (int j = window.j0; j < window.j1; ++j) {
    const auto row_begin = surface.pixel_index.begin() + surface.row_start[j];
    const auto row_end = surface.pixel_index.begin() + surface.row_start[j + 1];
    const auto first = std::lower_bound(row_begin, row_end, j * width + window.i0);
    const auto end = std::lower_bound(first, row_end, j * width + window.i1);
    row_entries.emplace_back(int32_t(first - surface.pixel_index.begin()), int32_t(end - surface.pixel_index.begin()));
    in_window += size_t(end - first);
  }
  near->entries.reserve(in_window);
  near->points_in_world.reserve(in_window);
  near->image_x.reserve(in_window);
  for (const auto& [first, end] : row_entries) {
    for (int32_t k = first; k < end; ++k) {
      if (distance_to_anchor(surface.points_in_world[k].head<2>()) > options_.context_max_distance) continue;
      near->entries.push_back(k);
      near->points_in_world.push_back(surface.points_in_world[k]);
      near->image_x.push_back(surface.image_x[k]);
    }
  }
  near->bounds = PointBounds::Of(near->Batch());
  return near_pixels_of_anchor_.emplace(anchor.id, std::move(near)).first->second;
}

std::shared_ptr<const FreeRegion> FreeSpaceView::RegionBeside(const RegionKey& key, const Object& anchor,
                                                               const PointTest& test) {
  const auto found = regions_.find(key);
  if (found != regions_.end()) return found->second;
  std::shared_ptr<const FreeRegion> region;
  const int surface_index = context_.support->SurfaceOf(*context_.scene, anchor);
  if (surface_index >= 0) {
    region = std::make_shared<const FreeRegion>(NearPixelsOf(anchor, surface_index), context_.render->width,
                                                context_.render->height, test);
  }
  return regions_.emplace(key, std::move(region)).first->second;
}

}  // namespace spatialgen
