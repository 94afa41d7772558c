#include "occupancy/placement.h"

#include "core/check.h"

namespace spatialgen {

void PlacementOptions::Check() const {
  SG_CHECK_OPTION_GE(clearance, 0);
}

void ReadOptions(JsonReader& reader, PlacementOptions& options) {
  reader.Read("clearance", options.clearance);
}

bool PlacementFits(const SupportSurface& surface, const Footprint& footprint, double height,
                   const PlacementOptions& options, int ignore_object, const Object* anchor) {
  if (!surface.grid.OnSurface(footprint)) return false;
  const Footprint inflated = footprint.Inflated(options.clearance);
  if (!surface.grid.Covers(inflated)) {
    throw FieldError("clearance",
                     "the inflated footprint leaves the surface grid: raise grid_margin to at "
                     "least sqrt(2) x clearance");
  }
  if (surface.grid.SlabCollides(inflated, height, ignore_object)) return false;
  return anchor == nullptr || !FootprintsShareArea(footprint, FootprintOf(*anchor));
}

}  // namespace spatialgen
