#include "pipeline/free_space_overlay.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "core/atomic_file.h"
#include "occupancy/free_space_image.h"

namespace spatialgen {
namespace {

// The surface a world point on `object_id` shows: the one of that object nearest in height,
// within `tolerance`; nullptr when none.
class SurfaceFinder {
 public:
  SurfaceFinder(const std::vector<SupportSurface>& surfaces, double tolerance) : tolerance_(tolerance) {
    for (const SupportSurface& surface : surfaces) surfaces_of_object_[surface.object_id].push_back(&surface);
  }

  bool HasSurfaces(int object_id) const { return surfaces_of_object_.count(object_id) > 0; }

  const SupportSurface* At(int object_id, double z) const {
    const SupportSurface* nearest = nullptr;
    double nearest_distance = tolerance_;
    for (const SupportSurface* surface : surfaces_of_object_.at(object_id)) {
      const double distance = std::abs(z - surface->height);
      if (distance <= nearest_distance) nearest = surface, nearest_distance = distance;
    }
    return nearest;
  }

 private:
  double tolerance_;
  std::unordered_map<int, std::vector<const SupportSurface*>> surfaces_of_object_;
};

// Half the pixel's colour, half the tint: strong enough to read, the surface still visible.
void Tint(uint8_t* rgb, const std::array<uint8_t, 3>& tint) {
  for (int c = 0; c < 3; ++c) rgb[c] = uint8_t((int(rgb[c]) + int(tint[c]) + 1) / 2);
}

}  // namespace

std::vector<uint8_t> FreeSpaceOverlay(const ViewRender& render, const View& view,
                                      const std::vector<SupportSurface>& surfaces,
                                      const FreeSpaceOptions& options) {
  constexpr std::array<uint8_t, 3> kFree{0, 255, 0}, kOccupied{255, 0, 0};
  const SurfaceFinder finder(surfaces, options.surface_tolerance);
  const Eigen::Isometry3d world_from_cam = view.cam_from_world.inverse();
  std::vector<uint8_t> rgb = render.rgb;
  for (int j = 0; j < render.height; ++j) {
    for (int i = 0; i < render.width; ++i) {
      const size_t index = render.PixelIndex(i, j);
      const float depth = render.depth[index];
      if (depth <= 0 || !finder.HasSurfaces(render.instance[index])) continue;
      // The point the pixel centre's ray hits, from its depth along the optical axis.
      const Eigen::Vector3d p_in_world = world_from_cam * view.PointInCamera({i + 0.5, j + 0.5}, depth);
      const SupportSurface* surface = finder.At(render.instance[index], p_in_world.z());
      if (!surface) continue;
      const std::optional<Eigen::Vector2i> cell = surface->grid.CellAt(p_in_world.head<2>());
      if (!cell || !surface->grid.IsSurface(cell->x(), cell->y())) continue;
      const bool free = surface->grid.IsFree(cell->x(), cell->y(), options.free_height);
      Tint(&rgb[3 * index], free ? kFree : kOccupied);
    }
  }
  return rgb;
}

void SaveFreeSpaceMapPng(const OccupancyGrid& grid, double slab_height, const std::filesystem::path& path) {
  // The small epsilon keeps 0.02 * 200 (4.000...01 in floating point) at 4.
  const int scale = std::max(1, int(std::ceil(grid.resolution() * kFreeMapPixelsPerMetre - 1e-6)));
  cv::Mat scaled;
  cv::resize(FreeSpaceImage(grid, slab_height), scaled, cv::Size(), scale, scale, cv::INTER_NEAREST);
  std::vector<uchar> bytes;
  if (!cv::imencode(".png", scaled, bytes)) throw std::runtime_error("cannot encode PNG " + path.string());
  WriteFileAtomic(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace spatialgen
