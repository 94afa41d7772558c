#pragma once
// A floor for scenes that come as boxes only (SPEC section 1, issue: "a floor plane is taken at
// the lowest box bottom unless given"): two background triangles, so that renders, occlusion
// and free space all see the same floor.
#include <optional>

#include "scene/scene.h"

namespace spatialgen {

// Adds a horizontal rectangle at `height` (the lowest box bottom when not given), spanning the
// boxes' ground bounds grown by `margin` on each side, as mesh triangles with instance -1
// (facing up). Only for scenes without a mesh (a mesh brings its own floor); does nothing for
// a scene without objects.
void AddFloorPlane(Scene& scene, double margin, std::optional<double> height = std::nullopt);

}  // namespace spatialgen
