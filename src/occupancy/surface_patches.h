#pragma once
// Groups upward faces into surfaces: by owner, by height, then by connectivity of the cells
// they cover on a world-aligned lattice (cell (i, j) spans [i, i + 1) x [j, j + 1) times the
// resolution), so that grids of different surfaces line up.
#include <cstdint>
#include <vector>

#include "occupancy/occupancy_grid.h"
#include "occupancy/scene_faces.h"

namespace spatialgen {

struct SurfacePatch {
  int object_id = -1;          // the owner of its faces; -1: background
  double height = 0;           // area-weighted mean height of its faces, world z
  GridLayout layout;           // the bounding box of its cells
  std::vector<uint8_t> cells;  // 1 where a face covers the cell centre; row-major by j
  std::vector<int> faces;      // indices of its faces, ascending: those covering its cells, and
                               // smaller ones whose centroid lies in or next to one of its cells
};

struct PatchOptions {
  double resolution = 0.02;        // lattice cell size, m
  double height_tolerance = 0.01;  // faces this close in height (chained) form one level, m
  double min_area = 0.01;          // patches with less cell area are dropped, m^2
};

// Connected patches (8-neighbour cells) of the faces listed in `upward`; faces that cover no
// cell centre belong to none. Sorted by owner, height,
// then the lattice position of the patch's lower corner.
std::vector<SurfacePatch> FindSurfacePatches(const std::vector<SceneFace>& faces,
                                             const std::vector<int>& upward,
                                             const PatchOptions& options);

}  // namespace spatialgen
