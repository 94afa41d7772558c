#pragma once
// Support surfaces (SPEC sections 4 and 5): the floor, table tops, counters, shelf boards;
// found from the scene's triangles, each with a top-down occupancy grid.
#include <vector>

#include "core/json_reader.h"
#include "occupancy/occupancy_grid.h"
#include "scene/scene.h"

namespace spatialgen {

struct SupportOptions {
  double occupancy_resolution = 0.02;  // grid cell size, m (SPEC 5)
  double min_up_normal_z = 0.95;  // a face whose outward normal has z at least this is upward
  double height_tolerance = 0.01;  // faces within this height of each other form one surface, m
  double min_surface_area = 0.01;  // smaller connected patches are not surfaces, m^2
  double contact_tolerance = 0.02;  // an object rests on a surface within this of its bottom, m
  double contact_margin = 0.1;  // surface cells this far around an object's footprint count as under
                                // it (scans have no floor under furniture: the scanner never saw it), m
  double floor_margin = 1.0;  // box-only scenes: the lowest support plane extends this far beyond the boxes, m
  double upper_plane_margin = 0.3;  // box-only scenes: a higher plane (an unannotated table) reaches
                                    // this beyond its own boxes, m
  double box_bottom_tolerance = 0.06;  // box-only scenes: annotation noise of box bottoms; bottoms this
                                       // close (chained) stand on one plane (scene/support_planes.h), m
  double grid_margin = 0.2;  // grids reach this far beyond their surface, so clearance tests see
                             // what stands beside it; at least sqrt(2) x the placement clearance, m
  void Check() const;
};

// Reads each field above by its own name (the caller calls Finish()).
void ReadOptions(JsonReader& reader, SupportOptions& options);

struct SupportSurface {
  int object_id = -1;  // the object whose top (or board) this is; -1: floor / background
  double height = 0;   // world z of the surface
  OccupancyGrid grid;  // its cells (and grid_margin around them) and what stands above them
  std::vector<int> faces;  // the upward triangles it is made of, sorted: RayCaster primitives
};

// Surfaces things can stand on. From the scene's triangle soup (raycast/scene_geometry.h:
// mesh triangles, and the boxes of objects that own none): upward faces (outward normal z >=
// min_up_normal_z; mesh triangles are taken as wound counter-clockwise seen from outside, box
// faces point away from their box's centre) of one owner, chained within height_tolerance
// and connected through the cells whose centres they cover. Kept when they belong to the
// background (instance -1: floors) or to an object with `support`. Cells on which the
// owner's other geometry rests (inside its solid: a desk panel's top under the desk top, a
// shelf board under a side panel, the floor under a background wall) are not surface; a
// surface keeps at least min_surface_area of cells. (Box-only scenes get their floors and
// unannotated tables as background mesh planes when loaded: scene/support_planes.h.) Bookshelf boards are
// surfaces of the shelf. Sorted by object id, then height, then position. Each grid holds
// every other triangle that rises above the surface (or rests on it with a downward face:
// the bottom of a box standing there), so box objects count as solids.
// Throws InputError for bad options or a malformed mesh.
std::vector<SupportSurface> FindSupportSurfaces(const Scene& scene, const SupportOptions& options);

// For each scene object (scene.objects order), the index of the surface it rests on, among the
// surfaces that are not its own. A box-only scene says what its objects stand on
// (Object::stands_on, stands_at_height): the top surface of that object, or the background
// surface at that height, when it has cells under the object. Otherwise: the one within contact_tolerance of its bottom with the most
// surface cells under its footprint grown by contact_margin (ties: nearest in height); else
// the highest one below its bottom with surface cells there; -1 when none. Hanging and
// wall-mounted objects (pendant lamps, wall shelves) thus get the surface below them (the
// table, the floor), or -1 when none.
std::vector<int> AssignSupportSurfaces(const Scene& scene,
                                       const std::vector<SupportSurface>& surfaces,
                                       const SupportOptions& options);

}  // namespace spatialgen
