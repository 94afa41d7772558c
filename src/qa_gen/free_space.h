#pragma once
// Free space beside an anchor (SPEC section 5): the pixels of a view that show a point of the
// anchor's support surface with nothing above it up to free_height, within
// context_max_distance of the anchor's footprint, where the relation holds in the item's frame.
// They form the region mask of a context or free-space item; the answer points are drawn
// from them, each with the 3D surface point it shows.
#include <Eigen/Core>

#include <compare>
#include <limits>
#include <map>
#include <memory>
#include <vector>

#include "core/json_reader.h"
#include "occupancy/support_surfaces.h"
#include "qa_gen/points.h"
#include "reframe/predicates.h"
#include "scene/footprint.h"
#include "scene/scene.h"

namespace spatialgen {

struct RelationEntry;
struct ViewContext;

struct FreeSpaceOptions {
  double free_height = 0.10;           // free cells have nothing above them up to this, m
  double context_max_distance = 0.5;   // free space counts this close to the anchor's footprint, m
  double surface_tolerance = 0.02;     // a pixel shows the surface when its point is this close in z, m
  void Check() const;
};
void ReadOptions(JsonReader& reader, FreeSpaceOptions& options);

// The pixels of a view showing free points of one support surface, row by row.
struct SurfacePixels {
  std::vector<int32_t> pixel_index;              // row-major pixel indices
  std::vector<Eigen::Vector3d> points_in_world;  // the surface point each shows
  std::vector<double> image_x;                   // its pixel column as View::Project gives it
  std::vector<int32_t> row_start;                // row j's entries: [row_start[j], row_start[j + 1])
  double min_z = std::numeric_limits<double>::infinity();  // the lowest and highest point's z
  double max_z = -std::numeric_limits<double>::infinity();
};

// Pixel columns [i0, i1) of rows [j0, j1).
struct PixelWindow {
  int i0 = 0, i1 = 0, j0 = 0, j1 = 0;
};

// The entries of a surface's free pixels within context_max_distance of one anchor's
// footprint, in row-major order: what all the anchor's regions choose from, their points and
// pixel columns copied side by side for the region tests' passes.
struct NearPixels {
  std::shared_ptr<const SurfacePixels> surface;
  std::vector<int32_t> entries;  // indices into surface's arrays
  std::vector<Eigen::Vector3d> points_in_world;
  std::vector<double> image_x;
  PointBounds bounds;  // of the points and columns above
  PointBatch Batch() const { return {points_in_world, image_x}; }
};

// The free region on one side of an anchor. Its mask and the pool its answer points are drawn
// from are made only on request: most candidate regions are never selected, and a candidate
// needs only to know that it has a few pixels.
class FreeRegion {
 public:
  FreeRegion(std::shared_ptr<const NearPixels> near, int width, int height, const PointTest& test);

  // Whether at least `count` pixels lie in the region (a scan that stops when they are found).
  bool HasAtLeast(int64_t count) const { return test_.CountUpTo(near_->Batch(), near_->bounds, count) >= count; }

  struct Parts {
    std::shared_ptr<const RegionMask> mask;
    std::shared_ptr<const PointPool> pool;  // the mask's pixels in row-major order, with their surface points
  };
  Parts Make() const;

 private:
  std::shared_ptr<const NearPixels> near_;
  int width_, height_;
  PointTest test_;
};

// What a free region is of: the same for every task that asks (context and free-space
// reference both ask for the ego frame's).
struct RegionKey {
  int anchor_id = -1;
  int second_id = -1;            // the second anchor (between), -1 for none
  const RelationEntry* relation = nullptr;  // in the template library
  Frame frame = Frame::kEgo;
  auto operator<=>(const RegionKey&) const = default;
};

// Computes each surface's free pixels once per view, each anchor's near ones once, and each
// region once, for all anchors, frames, relations and tasks.
class FreeSpaceView {
 public:
  FreeSpaceView(const ViewContext& context, const FreeSpaceOptions& options);

  // The free region of `anchor`'s support surface where `test` holds; nullptr when the anchor
  // stands on no support surface. Made on the first request for `key` (`test` must be the
  // same for the same key).
  std::shared_ptr<const FreeRegion> RegionBeside(const RegionKey& key, const Object& anchor, const PointTest& test);

 private:
  const std::shared_ptr<const SurfacePixels>& PixelsOf(int surface_index);
  const std::shared_ptr<const NearPixels>& NearPixelsOf(const Object& anchor, int surface_index);
  // The pixels that can show a point of `surface` within context_max_distance of the anchor's
  // footprint.
  PixelWindow WindowAround(const Object& anchor, const SurfacePixels& surface) const;
  // The pixels with a hit showing `instance`, row-major; the render is sorted by instance in
  // one pass on the first call.
  const std::vector<int32_t>& PixelsShowing(int instance);

  const ViewContext& context_;
  FreeSpaceOptions options_;
  std::map<int, std::vector<int32_t>> pixels_of_instance_;  // support objects' instances (and -1)
  bool instances_sorted_ = false;
  std::map<int, std::shared_ptr<const SurfacePixels>> pixels_of_surface_;
  std::map<int, std::shared_ptr<const NearPixels>> near_pixels_of_anchor_;  // by anchor id
  std::map<RegionKey, std::shared_ptr<const FreeRegion>> regions_;
};

}  // namespace spatialgen
