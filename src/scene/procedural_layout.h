#pragma once
// Where things go in a procedural room: the room, furniture against walls or free, chairs
// at tables, small objects resting on support tops or the floor. Boxes only; the meshes
// are built from the result.
#include <vector>

#include "core/rng.h"
#include "scene/procedural.h"
#include "scene/procedural_catalog.h"

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
};

Room SampleRoom(const ProceduralOptions& options, Rng& rng);

// Two to four support pieces, chairs at tables and desks, up to two other pieces.
void PlaceRoomFurniture(const Room& room, Rng& rng, std::vector<Placed>& layout);
// A big table in the corner of the first two walls, maybe a chair at it.
void PlaceTabletopFurniture(const Room& room, Rng& rng, std::vector<Placed>& layout);
// `count` small objects on the support furniture of `layout` or (with probability
// floor_fraction, and when no support has room) the floor. Labels prefer ones not used yet.
void PlaceSmallObjects(const Room& room, int count, double floor_fraction, Rng& rng,
                       std::vector<Placed>& layout);

}  // namespace spatialgen::procedural
