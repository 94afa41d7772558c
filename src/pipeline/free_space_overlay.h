#pragma once
// Pictures of the support surfaces' free space, for people (`spatialgen render`): a view's RGB
// with the pixels that show a support surface tinted, and each surface's top-down map.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "occupancy/support_surfaces.h"
#include "qa_gen/free_space.h"
#include "raycast/render.h"
#include "scene/scene.h"

namespace spatialgen {

// The render's RGB (3 * width * height bytes, row-major) with every pixel that shows a
// surface cell of one of `surfaces` blended half way to green where the cell is free up to
// options.free_height, to red where it is not. A pixel shows a surface as in FreeSpaceView:
// its instance is the surface's object (-1: the floor) and the point its centre's ray hits
// is within options.surface_tolerance of the surface's height (the nearest such surface when
// an object has several). Every other pixel keeps the render's colour.
std::vector<uint8_t> FreeSpaceOverlay(const ViewRender& render, const View& view,
                                      const std::vector<SupportSurface>& surfaces,
                                      const FreeSpaceOptions& options);

// Writes a surface's top-down free map (occupancy/free_space_image.h) as an 8-bit BGRA PNG,
// each cell scaled up (nearest) to a square of at least kFreeMapPixelsPerMetre * resolution
// pixels, so that a 0.02 m cell is 4 x 4 pixels. Atomic; throws std::runtime_error on failure.
inline constexpr double kFreeMapPixelsPerMetre = 200;
void SaveFreeSpaceMapPng(const OccupancyGrid& grid, double slab_height, const std::filesystem::path& path);

}  // namespace spatialgen
