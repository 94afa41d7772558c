#include "occupancy/placement.h"

namespace spatialgen {

void PlacementOptions::Check() const {
  if (!(clearance >= 0)) throw InputError({"", "", "clearance"}, "must be >= 0");
}

void ReadOptions(JsonReader& reader, PlacementOptions& options) {
  reader.Read("clearance", options.clearance);
}

bool PlacementFits(const SupportSurface& surface, const Footprint& footprint, double height,
                   const PlacementOptions& options, int ignore_object, const Object* anchor) {
  if (!surface.grid.OnSurface(footprint)) return false;
  const Footprint inflated = footprint.Inflated(options.clearance);
  if (!surface.grid.Covers(inflated)) {
    throw InputError({"", "", "clearance"},
                     "the inflated footprint leaves the surface grid: raise grid_margin to at "
                     "least sqrt(2) x clearance");
  }
  if (surface.grid.SlabCollides(inflated, height, ignore_object)) return false;
  return anchor == nullptr || !FootprintsShareArea(footprint, FootprintOf(*anchor));
}

}  // namespace spatialgen
