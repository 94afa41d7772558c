#include "procedural/catalog.h"

namespace spatialgen::procedural {
namespace {

using V3 = Eigen::Vector3d;
using C3 = Eigen::Vector3f;

struct FurnitureFlags {
  bool support = false;
  bool shelf_above = false;
  bool lamp_above = false;
};

CatalogEntry Furniture(std::string label, Shape shape, Placement placement, V3 min, V3 max,
                       C3 color, double weight, FurnitureFlags flags) {
  CatalogEntry entry{std::move(label), shape, placement, min, max, color, weight};
  entry.support = flags.support;
  entry.shelf_above = flags.shelf_above;
  entry.lamp_above = flags.lamp_above;
  return entry;
}

struct SmallFlags {
  bool round = false;
  bool floor_ok = false;
  bool faces_front = false;
};

CatalogEntry Small(std::string label, Shape shape, V3 min, V3 max, C3 color, double weight,
                   SmallFlags flags) {
  CatalogEntry entry{std::move(label), shape, Placement::kOnSupport, min, max, color, weight};
  entry.round = flags.round;
  entry.floor_ok = flags.floor_ok;
  entry.faces_front = flags.faces_front;
  return entry;
}

}  // namespace

const std::vector<CatalogEntry>& SupportFurniture() {
  static const std::vector<CatalogEntry> entries = {
      Furniture("table", Shape::kTable, Placement::kFreeOrWall, V3(0.7, 1.0, 0.72),
                V3(1.0, 1.8, 0.78), C3(0.60, 0.42, 0.26), 3,
                {.support = true, .shelf_above = true, .lamp_above = true}),
      Furniture("desk", Shape::kDesk, Placement::kWall, V3(0.6, 1.1, 0.72), V3(0.8, 1.6, 0.76),
                C3(0.75, 0.70, 0.62), 2, {.support = true, .shelf_above = true}),
      Furniture("counter", Shape::kSolid, Placement::kWall, V3(0.55, 1.2, 0.88),
                V3(0.65, 2.2, 0.94), C3(0.80, 0.80, 0.82), 1,
                {.support = true, .shelf_above = true}),
      Furniture("bookshelf", Shape::kShelf, Placement::kWall, V3(0.3, 0.8, 0.9), V3(0.4, 1.2, 1.5),
                C3(0.50, 0.36, 0.24), 1.5, {.support = true}),
      Furniture("cabinet", Shape::kSolid, Placement::kWall, V3(0.45, 0.6, 0.8), V3(0.6, 1.2, 1.0),
                C3(0.45, 0.50, 0.58), 1, {.support = true}),
      Furniture("nightstand", Shape::kSolid, Placement::kWall, V3(0.4, 0.4, 0.5),
                V3(0.5, 0.55, 0.62), C3(0.55, 0.40, 0.30), 1, {.support = true}),
  };
  return entries;
}

const std::vector<CatalogEntry>& OtherFurniture() {
  static const std::vector<CatalogEntry> entries = {
      Furniture("sofa", Shape::kSofa, Placement::kWall, V3(0.85, 1.6, 0.8), V3(1.0, 2.2, 0.95),
                C3(0.30, 0.38, 0.55), 2, {}),
      Furniture("bed", Shape::kBed, Placement::kWall, V3(1.9, 1.4, 0.9), V3(2.1, 1.8, 1.1),
                C3(0.85, 0.85, 0.90), 1, {}),
      Furniture("refrigerator", Shape::kSolid, Placement::kWall, V3(0.65, 0.6, 1.6),
                V3(0.75, 0.8, 1.9), C3(0.92, 0.92, 0.94), 1, {}),
  };
  return entries;
}

const CatalogEntry& Chair() {
  static const CatalogEntry entry =
      Furniture("chair", Shape::kChair, Placement::kNextToTable, V3(0.42, 0.42, 0.8),
                V3(0.52, 0.5, 1.0), C3(0.35, 0.25, 0.20), 1, {});
  return entry;
}

const CatalogEntry& BigTable() {
  static const CatalogEntry entry = Furniture(
      "table", Shape::kTable, Placement::kWall, V3(0.8, 1.4, 0.72), V3(1.0, 2.0, 0.78),
      C3(0.62, 0.45, 0.28), 1, {.support = true, .shelf_above = true, .lamp_above = true});
  return entry;
}

const std::vector<CatalogEntry>& SmallObjects() {
  static const std::vector<CatalogEntry> entries = {
      Small("cup", Shape::kCylinder, V3(0.07, 0.07, 0.08), V3(0.09, 0.09, 0.11),
            C3(0.90, 0.90, 0.85), 2, {.round = true}),
      Small("mug", Shape::kCylinder, V3(0.08, 0.08, 0.09), V3(0.10, 0.10, 0.11),
            C3(0.80, 0.20, 0.20), 2, {.round = true}),
      Small("can", Shape::kCylinder, V3(0.066, 0.066, 0.115), V3(0.068, 0.068, 0.125),
            C3(0.75, 0.10, 0.10), 1, {.round = true}),
      Small("bowl", Shape::kCylinder, V3(0.14, 0.14, 0.05), V3(0.20, 0.20, 0.08),
            C3(0.95, 0.90, 0.70), 1.5, {.round = true}),
      Small("vase", Shape::kCylinder, V3(0.09, 0.09, 0.2), V3(0.14, 0.14, 0.35),
            C3(0.30, 0.55, 0.70), 1, {.round = true, .floor_ok = true}),
      Small("bottle", Shape::kBottle, V3(0.06, 0.06, 0.2), V3(0.08, 0.08, 0.3),
            C3(0.20, 0.60, 0.30), 2, {.round = true, .floor_ok = true}),
      Small("book", Shape::kSolid, V3(0.15, 0.2, 0.02), V3(0.22, 0.3, 0.05), C3(0.20, 0.30, 0.70),
            2, {}),
      Small("box", Shape::kSolid, V3(0.12, 0.12, 0.08), V3(0.4, 0.4, 0.3), C3(0.70, 0.55, 0.35), 2,
            {.floor_ok = true}),
      Small("laptop", Shape::kLaptop, V3(0.22, 0.3, 0.2), V3(0.25, 0.36, 0.24),
            C3(0.25, 0.25, 0.28), 1.5, {.faces_front = true}),
      Small("monitor", Shape::kMonitor, V3(0.18, 0.45, 0.35), V3(0.22, 0.6, 0.48),
            C3(0.10, 0.10, 0.12), 1, {.faces_front = true}),
      Small("keyboard", Shape::kSolid, V3(0.13, 0.42, 0.025), V3(0.15, 0.46, 0.035),
            C3(0.15, 0.15, 0.15), 1, {.faces_front = true}),
      Small("plant", Shape::kPlant, V3(0.15, 0.15, 0.25), V3(0.35, 0.35, 0.6), C3(0.20, 0.55, 0.20),
            1.5, {.round = true, .floor_ok = true}),
      Small("lamp", Shape::kLamp, V3(0.18, 0.18, 0.35), V3(0.28, 0.28, 0.55), C3(0.95, 0.85, 0.55),
            1, {.round = true}),
      Small("phone", Shape::kSolid, V3(0.07, 0.14, 0.008), V3(0.08, 0.16, 0.01),
            C3(0.05, 0.05, 0.08), 1, {}),
      Small("apple", Shape::kCylinder, V3(0.07, 0.07, 0.07), V3(0.08, 0.08, 0.08),
            C3(0.85, 0.15, 0.10), 1, {.round = true}),
      Small("basket", Shape::kCylinder, V3(0.25, 0.25, 0.15), V3(0.4, 0.4, 0.3),
            C3(0.70, 0.60, 0.40), 1, {.round = true, .floor_ok = true}),
  };
  return entries;
}

const CatalogEntry& WallShelf() {
  static const CatalogEntry entry =
      Furniture("wall shelf", Shape::kSolid, Placement::kWallAbove, V3(0.2, 0.5, 0.025),
                V3(0.3, 1.0, 0.04), C3(0.62, 0.48, 0.32), 1, {.support = true});
  return entry;
}

const CatalogEntry& PendantLamp() {
  static const CatalogEntry entry = [] {
    CatalogEntry lamp = Small("pendant lamp", Shape::kPendant, V3(0.25, 0.25, 0.3),
                              V3(0.45, 0.45, 0.45), C3(0.90, 0.80, 0.45), 1, {.round = true});
    lamp.placement = Placement::kHangingAbove;
    return lamp;
  }();
  return entry;
}

}  // namespace spatialgen::procedural
