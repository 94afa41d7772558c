#pragma once
// Free space beside an anchor (SPEC section 5): the pixels of a view that show a point of the
// anchor's support surface with nothing above it up to free_height, within
// context_max_distance of the anchor's footprint, where the relation holds in the item's frame.
// They form the region mask of a context or free-space item; the answer points are drawn
// from them, each with the 3D surface point it shows.
#include <Eigen/Core>

#include <map>
#include <memory>
#include <vector>

#include "core/json_reader.h"
#include "occupancy/support_surfaces.h"
#include "qa_gen/points.h"
#include "reframe/predicates.h"
#include "scene/scene.h"

namespace spatialgen {

struct ViewContext;

struct FreeSpaceOptions {
  double free_height = 0.10;           // free cells have nothing above them up to this, m
  double context_max_distance = 0.5;   // free space counts this close to the anchor's footprint, m
  double surface_tolerance = 0.02;     // a pixel shows the surface when its point is this close in z, m
  void Check() const;
};
void ReadOptions(JsonReader& reader, FreeSpaceOptions& options);

// The pixels of a view showing free points of one support surface.
struct SurfacePixels {
  std::vector<int32_t> pixel_index;              // row-major pixel indices
  std::vector<Eigen::Vector3d> points_in_world;  // the surface point each shows
};

// A region mask and the pool its answer points are drawn from.
struct FreeRegion {
  std::shared_ptr<const RegionMask> mask;
  std::shared_ptr<const PointPool> pool;
};

// Computes each surface's free pixels once per view, for all anchors and tasks.
class FreeSpaceView {
 public:
  FreeSpaceView(const ViewContext& context, const FreeSpaceOptions& options);

  // The free region of `anchor`'s support surface where `test` holds; empty (no mask) when
  // the anchor has no surface.
  FreeRegion RegionBeside(const Object& anchor, const PointTest& test);

 private:
  const SurfacePixels& PixelsOf(int surface_index);

  const ViewContext& context_;
  FreeSpaceOptions options_;
  std::map<int, SurfacePixels> pixels_of_surface_;
};

}  // namespace spatialgen
