#pragma once
// What the procedural generator can place: furniture and small objects, with their shapes,
// size ranges and colours. Sizes are full extents along the object's x (front), y, z.
#include <Eigen/Core>
#include <string>
#include <vector>

namespace spatialgen::procedural {

enum class Shape {
  kSolid,     // one box: cabinets, counters, boxes, books
  kTable,     // top slab on four legs
  kDesk,      // top slab on two side panels
  kShelf,     // open bookshelf: sides, back, boards
  kChair,     // seat on four legs, backrest at -x
  kSofa,      // seat block, back at -x, arms at +-y
  kBed,       // mattress block, headboard at -x
  kCylinder,  // cups, cans, bowls
  kBottle,    // body and neck
  kLaptop,    // base and an upright screen at -x
  kMonitor,   // foot, neck and screen
  kPlant,     // pot and foliage
  kLamp,      // foot, pole and shade
  kPendant,   // shade, cap and a short stem, hanging
};

enum class Placement {
  kFreeOrWall,    // stands free in the room or against a wall (tables)
  kWall,          // back (-x) against a wall, front into the room
  kNextToTable,   // beside a table or desk, facing it (chairs)
  kOnSupport,     // small object on a support top (or the floor when floor_ok)
  kWallAbove,     // fixed to the wall above a work top (wall shelves)
  kHangingAbove,  // hanging from the ceiling above a table (pendant lamps)
};

struct CatalogEntry {
  std::string label;
  Shape shape;
  Placement placement;
  Eigen::Vector3d size_min;  // for round shapes, x is the diameter and y = x
  Eigen::Vector3d size_max;
  Eigen::Vector3f color;     // base colour; objects vary around it
  double weight;             // relative frequency within its list
  bool round = false;        // footprint is a circle: size y = size x
  bool support = false;      // furniture whose top takes small objects
  bool floor_ok = false;     // small object that may stand on the floor
  bool faces_front = false;  // small object whose front follows its support's front
  bool shelf_above = false;  // work top that may get a wall shelf above it (when at a wall)
  bool lamp_above = false;   // table that may get a pendant lamp above it
};

// Furniture with a support top (tables, desks, counters, shelves, cabinets, nightstands).
const std::vector<CatalogEntry>& SupportFurniture();
// Furniture placed against walls without a support top (sofas, beds, refrigerators).
const std::vector<CatalogEntry>& OtherFurniture();
const CatalogEntry& Chair();
// The big table of tabletop scenes.
const CatalogEntry& BigTable();
const std::vector<CatalogEntry>& SmallObjects();
// A board on the wall above a work top; a support.
const CatalogEntry& WallShelf();
// A lamp hanging above a table; a small object.
const CatalogEntry& PendantLamp();

// Colours for the room itself (background geometry).
inline const Eigen::Vector3f kFloorColor{0.55f, 0.45f, 0.35f};
inline const Eigen::Vector3f kWallColor{0.85f, 0.83f, 0.78f};

}  // namespace spatialgen::procedural
