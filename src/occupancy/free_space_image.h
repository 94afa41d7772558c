#pragma once
// A picture of a surface's free map, for people (the render command overlays it).
#include <opencv2/core.hpp>

#include "occupancy/occupancy_grid.h"

namespace spatialgen {

// One pixel per cell, 8-bit BGRA: surface cells free up to slab_height green, occupied red,
// cells off the surface transparent black. Seen from above: x to the right, y up (image row
// 0 holds the cells of the highest j).
cv::Mat FreeSpaceImage(const OccupancyGrid& grid, double slab_height);

}  // namespace spatialgen
