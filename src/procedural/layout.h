#pragma once
// Where things go in a procedural room: the room, furniture against walls or free, chairs
// at tables, wall shelves and pendant lamps above work tops and tables, small objects resting
// on support surfaces (tops and bookshelf boards) or the floor. Boxes only; the meshes are
// built from the result.
#include <vector>

#include "core/rng.h"
#include "procedural/generator.h"
#include "procedural/catalog.h"

namespace spatialgen::procedural {

// The room spans [0, width] x [0, depth]. Sides: 0 is x = 0, 1 is y = 0, 2 is x = width,
// 3 is y = depth; walls stand on consecutive sides, so two walls meet in a corner.
struct Room {
  double width = 0, depth = 0, wall_height = 0;
  std::vector<int> wall_sides;
};

struct Placed {
  Object object;  // id is the index in the layout
  const CatalogEntry* entry = nullptr;
  ObjectInfo info;       // mounting from the entry's placement; surfaces from AddSurfaces
  int inner_boards = 0;  // of a kShelf, from AddSurfaces
};

Room SampleRoom(const ProceduralOptions& options, Rng& rng);

// Two to four support pieces, chairs at tables and desks, up to two other pieces.
void PlaceRoomFurniture(const Room& room, Rng& rng, std::vector<Placed>& layout);
// A big table in the corner of the first two walls, maybe a chair at it.
void PlaceTabletopFurniture(const Room& room, Rng& rng, std::vector<Placed>& layout);
// Maybe (wall_shelf_probability) a wall shelf above each shelf_above work top whose back
// stands at one of the room's walls.
void MountWallShelves(const ProceduralOptions& options, const Room& room, Rng& rng,
                      std::vector<Placed>& layout);
// Maybe (pendant_probability) a pendant lamp above each lamp_above table, at most `max_count`
// in all, with room for its cord up to the ceiling. Returns how many hang.
int HangPendantLamps(const ProceduralOptions& options, const Room& room, int max_count, Rng& rng,
                     std::vector<Placed>& layout);
// Gives every support its surfaces: the top, and for bookshelves their inner boards (a count
// drawn from shelf_boards_*) below it. Call after all furniture is placed.
void AddSurfaces(const ProceduralOptions& options, const Room& room, Rng& rng,
                 std::vector<Placed>& layout);
// `count` small objects: first wall_shelf_objects_* on each wall shelf, then the rest on the
// surfaces of standing supports (drawn by area) or (with probability floor_fraction, and when
// no surface has room) the floor. Labels prefer ones not used yet.
void PlaceSmallObjects(const ProceduralOptions& options, const Room& room, int count,
                       double floor_fraction, Rng& rng, std::vector<Placed>& layout);

}  // namespace spatialgen::procedural
