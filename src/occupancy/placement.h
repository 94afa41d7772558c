#pragma once
// Virtual placement (SPEC section 4): would an object with a given footprint and height fit
// on a support surface, with a clearance around it?
#include "core/json_reader.h"
#include "scene/footprint.h"
#include "occupancy/support_surfaces.h"
#include "scene/scene.h"

namespace spatialgen {

struct PlacementOptions {
  double clearance = 0.10;  // the footprint is inflated by this on each horizontal side, m (RoboSpatial)
  void Check() const;
};

// Reads each field above by its own name (the caller calls Finish()).
void ReadOptions(JsonReader& reader, PlacementOptions& options);

// Whether an object of `height` with this footprint fits on `surface`:
// (1) supported: every grid cell the (uninflated) footprint shares area with is a surface cell;
// (2) the footprint inflated by `clearance` on each side meets nothing from the surface up to
//     `height` (touching its boundary does not count), ignoring `ignore_object`'s own
//     geometry (-1: ignore nothing): exact, the triangles clipped to that slab against the
//     inflated rectangle;
// (3) it shares no area with `anchor`'s footprint, when an anchor is given.
// Throws InputError (field "clearance") when the inflated footprint of a supported
// placement leaves the surface's grid: SupportOptions::grid_margin is too small.
bool PlacementFits(const SupportSurface& surface, const Footprint& footprint, double height,
                   const PlacementOptions& options, int ignore_object,
                   const Object* anchor = nullptr);

}  // namespace spatialgen
