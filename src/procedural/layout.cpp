#include "procedural/layout.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "scene/box_geometry.h"
#include "procedural/shapes.h"

namespace spatialgen::procedural {
namespace {

constexpr double kWallGap = 0.02;      // furniture backs stand this far from a wall
constexpr double kFurnitureGap = 0.5;  // walking space between furniture pieces
constexpr double kChairGap = 0.08;     // between a chair and its table
constexpr double kObjectGap = 0.02;    // between small objects, and their inset on tops
constexpr double kFaceJitter = 0.35;   // radians a front-facing object turns off its support
constexpr int kAttempts = 60;          // tries per piece before it is left out

Eigen::Vector2d Inward(int side) {
  static const Eigen::Vector2d normals[4] = {{1, 0}, {0, 1}, {-1, 0}, {0, -1}};
  return normals[side % 4];
}

// The corner where side s meets side s + 1.
Eigen::Vector2d Corner(const Room& room, int side) {
  static const int corner_x[4] = {0, 1, 1, 0}, corner_y[4] = {0, 0, 1, 1};
  return {corner_x[side % 4] * room.width, corner_y[side % 4] * room.depth};
}

double WallLength(const Room& room, int side) { return side % 2 == 0 ? room.depth : room.width; }

double YawOf(const Eigen::Vector2d& direction) { return std::atan2(direction.y(), direction.x()); }

Eigen::Vector3d SampleSize(const CatalogEntry& entry, Rng& rng) {
  Eigen::Vector3d size;
  for (int i = 0; i < 3; ++i) size[i] = rng.Uniform(entry.size_min[i], entry.size_max[i]);
  if (entry.round) size.y() = size.x();
  return size;
}

Eigen::Vector3f JitterColor(const Eigen::Vector3f& color, Rng& rng) {
  Eigen::Vector3f jittered = color;
  for (int i = 0; i < 3; ++i) jittered[i] += float(rng.Uniform(-0.06, 0.06));
  return jittered.cwiseMax(0.0f).cwiseMin(1.0f);
}

// An upright box standing on height `bottom_z`.
Object MakeObject(const CatalogEntry& entry, const Eigen::Vector3d& size,
                  const Eigen::Vector2d& center_xy, double bottom_z, double yaw) {
  Object object;
  object.label = entry.label;
  object.size = size;
  object.center_in_world = {center_xy.x(), center_xy.y(), bottom_z + 0.5 * size.z()};
  object.world_from_object = Eigen::AngleAxisd(yaw, Eigen::Vector3d::UnitZ()).matrix();
  return object;
}

bool InsideRoom(const Room& room, const Object& object, double margin) {
  for (const Eigen::Vector2d& c : FootprintInWorld(object)) {
    if (c.x() < margin || c.y() < margin || c.x() > room.width - margin ||
        c.y() > room.depth - margin) {
      return false;
    }
  }
  return true;
}

// Whether `object` keeps `gap` (horizontally) from every placed object it shares height with,
// bar `holder`: the support it stands on, inside which a board's rectangle and headroom keep
// it clear of the panels.
bool IsFree(const std::vector<Placed>& layout, const Object& object, double gap,
            const Placed* holder = nullptr) {
  return std::none_of(layout.begin(), layout.end(), [&](const Placed& other) {
    if (&other == holder) return false;
    // Tolerance: an object resting on a support touches it, bar rounding.
    if (TopZ(other.object) <= BottomZ(object) + 1e-9 ||
        TopZ(object) <= BottomZ(other.object) + 1e-9) {
      return false;
    }
    return FootprintsOverlap(other.object, object, 0.5 * gap);
  });
}

Mounting MountingOf(Placement placement) {
  switch (placement) {
    case Placement::kWallAbove:
      return Mounting::kOnWall;
    case Placement::kHangingAbove:
      return Mounting::kHanging;
    default:
      return Mounting::kStanding;
  }
}

void Add(std::vector<Placed>& layout, Object object, const CatalogEntry& entry, Rng& rng) {
  object.id = int(layout.size());
  object.color = JitterColor(entry.color, rng);
  Placed placed;
  placed.object = std::move(object);
  placed.entry = &entry;
  placed.info.mounting = MountingOf(entry.placement);
  layout.push_back(std::move(placed));
}

// Whether the object's back (-x face) stands kWallGap from one of the room's walls, its
// front facing into the room, as AgainstWall puts it.
bool BacksOntoWall(const Room& room, const Object& object) {
  const Eigen::Vector2d front = object.world_from_object.col(0).head<2>();
  const Eigen::Vector2d back = object.center_in_world.head<2>() - 0.5 * object.size.x() * front;
  return std::any_of(room.wall_sides.begin(), room.wall_sides.end(), [&](int side) {
    const double from_wall = (back - Corner(room, side)).dot(Inward(side));
    return front.dot(Inward(side)) > 1 - 1e-9 && std::abs(from_wall - kWallGap) < 1e-6;
  });
}

// Back against a random wall side (any of the four room sides), front into the room.
Object AgainstWall(const Room& room, const CatalogEntry& entry, Rng& rng) {
  const int side = int(rng.UniformInt(0, 3));
  const Eigen::Vector3d size = SampleSize(entry, rng);
  const double slack = std::max(0.0, WallLength(room, side) - size.y() - 2 * kWallGap);
  const Eigen::Vector2d center =
      Corner(room, side) + Inward(side) * (0.5 * size.x() + kWallGap) +
      Inward(side + 1) * (kWallGap + 0.5 * size.y() + rng.Uniform(0, slack));
  return MakeObject(entry, size, center, 0, YawOf(Inward(side)));
}

Object FreeStanding(const Room& room, const CatalogEntry& entry, Rng& rng) {
  const Eigen::Vector3d size = SampleSize(entry, rng);
  const Eigen::Vector2d center(rng.Uniform(0, room.width), rng.Uniform(0, room.depth));
  const double yaw = M_PI / 2 * double(rng.UniformInt(0, 3)) + rng.Uniform(-0.3, 0.3);
  return MakeObject(entry, size, center, 0, yaw);
}

// Tries to place one piece; leaves it out when no sample fits.
template <typename Sample>
void TryPlace(const Room& room, const CatalogEntry& entry, Sample sample, double gap, Rng& rng,
              std::vector<Placed>& layout) {
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    Object object = sample();
    if (InsideRoom(room, object, 0) && IsFree(layout, object, gap)) {
      Add(layout, std::move(object), entry, rng);
      return;
    }
  }
}

// A chair beside `table` on one of its four sides, facing it.
void PlaceChair(const Room& room, const Object& table, Rng& rng, std::vector<Placed>& layout) {
  const CatalogEntry& chair = Chair();
  auto sample = [&] {
    const Eigen::Vector3d size = SampleSize(chair, rng);
    const int side = int(rng.UniformInt(0, 3));
    const Eigen::Vector2d axis =
        (table.world_from_object *
         Eigen::Vector3d(std::cos(side * M_PI / 2), std::sin(side * M_PI / 2), 0))
            .head<2>();
    const double reach = side % 2 == 0 ? table.size.x() : table.size.y();
    const Eigen::Vector2d center =
        table.center_in_world.head<2>() + axis * (0.5 * reach + kChairGap + 0.5 * size.x());
    return MakeObject(chair, size, center, 0, YawOf(-axis));
  };
  // Half the gap, so that a chair exactly kChairGap away is not rejected by rounding.
  TryPlace(room, chair, sample, 0.5 * kChairGap, rng, layout);
}

const CatalogEntry& PickWeighted(const std::vector<const CatalogEntry*>& entries, Rng& rng) {
  double total = 0;
  for (const CatalogEntry* entry : entries) total += entry->weight;
  double x = rng.Uniform(0, total);
  for (const CatalogEntry* entry : entries) {
    if ((x -= entry->weight) < 0) return *entry;
  }
  return *entries.back();
}

const CatalogEntry& PickWeighted(const std::vector<CatalogEntry>& entries, Rng& rng) {
  std::vector<const CatalogEntry*> pointers;
  for (const CatalogEntry& entry : entries) pointers.push_back(&entry);
  return PickWeighted(pointers, rng);
}

// A small-object kind for the floor or a support top; most picks take a label not used
// yet, so that scenes hold uniquely labelled objects (the only ones questions can name).
const CatalogEntry& PickSmall(bool floor, const std::set<std::string>& used, Rng& rng) {
  std::vector<const CatalogEntry*> fitting, unused;
  for (const CatalogEntry& entry : SmallObjects()) {
    if (floor && !entry.floor_ok) continue;
    fitting.push_back(&entry);
    if (!used.count(entry.label)) unused.push_back(&entry);
  }
  return PickWeighted(!unused.empty() && rng.Bernoulli(0.7) ? unused : fitting, rng);
}

// The top of a support, free up to the ceiling.
Surface TopSurface(const Room& room, const Object& support) {
  const Eigen::Vector2d half = 0.5 * support.size.head<2>();
  return {TopZ(support), -half, half, room.wall_height - TopZ(support)};
}

// The inner boards of a bookshelf, bottom up: between the side panels, in front of the back,
// free up to the board above.
std::vector<Surface> BoardSurfaces(const Object& shelf, int inner_boards) {
  const double panel = ShelfPanelThickness(shelf.size);
  const std::vector<double> bottoms = ShelfBoardBottoms(shelf.size, inner_boards);
  const Eigen::Vector2d half = 0.5 * shelf.size.head<2>();
  std::vector<Surface> surfaces;
  for (int k = 0; k < inner_boards; ++k) {
    const double top = bottoms[k] + panel;
    surfaces.push_back({BottomZ(shelf) + top, Eigen::Vector2d(-half.x() + panel, -half.y() + panel),
                        Eigen::Vector2d(half.x(), half.y() - panel), bottoms[k + 1] - top});
  }
  return surfaces;
}

// A random spot on `surface` of `holder` where the object fits with an inset and
// `headroom_margin` below whatever is above; nullopt when it is too big for that surface.
std::optional<Object> OnSurface(const Object& holder, const Surface& surface,
                                const CatalogEntry& entry, double headroom_margin, Rng& rng) {
  const Eigen::Vector3d size = SampleSize(entry, rng);
  const double yaw =
      entry.faces_front ? rng.Uniform(-kFaceJitter, kFaceJitter) : rng.Uniform(-M_PI, M_PI);
  if (size.z() + headroom_margin > surface.headroom) return std::nullopt;
  const double c = std::abs(std::cos(yaw)), s = std::abs(std::sin(yaw));
  const Eigen::Vector2d middle = 0.5 * (surface.min + surface.max);
  const Eigen::Vector2d half = 0.5 * (surface.max - surface.min);
  const double room_x = half.x() - kObjectGap - 0.5 * (c * size.x() + s * size.y());
  const double room_y = half.y() - kObjectGap - 0.5 * (s * size.x() + c * size.y());
  if (room_x < 0 || room_y < 0) return std::nullopt;
  const Eigen::Vector3d offset(middle.x() + rng.Uniform(-room_x, room_x),
                               middle.y() + rng.Uniform(-room_y, room_y), 0);
  const Eigen::Vector3d center = holder.center_in_world + holder.world_from_object * offset;
  return MakeObject(entry, size, center.head<2>(), surface.z, holder.Yaw() + yaw);
}

Object OnFloor(const Room& room, const CatalogEntry& entry, Rng& rng) {
  const Eigen::Vector3d size = SampleSize(entry, rng);
  const Eigen::Vector2d center(rng.Uniform(0, room.width), rng.Uniform(0, room.depth));
  return MakeObject(entry, size, center, 0, rng.Uniform(-M_PI, M_PI));
}

// A wall shelf above `work_top`, its back flush with the work top's (so at the same wall).
Object WallShelfAbove(const Object& work_top, const ProceduralOptions& options, Rng& rng) {
  const CatalogEntry& entry = WallShelf();
  Eigen::Vector3d size = SampleSize(entry, rng);
  size.head<2>() = size.head<2>().cwiseMin(work_top.size.head<2>());
  const double slack = 0.5 * (work_top.size.y() - size.y());
  const Eigen::Vector3d offset(0.5 * (size.x() - work_top.size.x()), rng.Uniform(-slack, slack), 0);
  const Eigen::Vector3d center = work_top.center_in_world + work_top.world_from_object * offset;
  const double bottom =
      TopZ(work_top) + rng.Uniform(options.wall_shelf_gap_min, options.wall_shelf_gap_max);
  return MakeObject(entry, size, center.head<2>(), bottom, work_top.Yaw());
}

// The lamp's box stretched up to the ceiling: the space it and its cord take.
Object WithCord(Object lamp, double ceiling) {
  const double bottom = BottomZ(lamp);
  lamp.size.z() = ceiling - bottom;
  lamp.center_in_world.z() = bottom + 0.5 * lamp.size.z();
  return lamp;
}

// A surface of a support: layout[holder].info.surfaces[index].
struct SurfaceRef {
  size_t holder = 0;
  size_t index = 0;
};

double Area(const Surface& surface) { return (surface.max - surface.min).prod(); }

// The surfaces of the supports that stand (wall shelves get their own objects).
std::vector<SurfaceRef> StandingSurfaces(const std::vector<Placed>& layout) {
  std::vector<SurfaceRef> refs;
  for (size_t i = 0; i < layout.size(); ++i) {
    if (layout[i].info.mounting != Mounting::kStanding) continue;
    for (size_t k = 0; k < layout[i].info.surfaces.size(); ++k) refs.push_back({i, k});
  }
  return refs;
}

// A surface drawn by area.
SurfaceRef PickSurface(const std::vector<Placed>& layout, const std::vector<SurfaceRef>& refs,
                       Rng& rng) {
  auto area = [&](SurfaceRef ref) { return Area(layout[ref.holder].info.surfaces[ref.index]); };
  double total = 0;
  for (SurfaceRef ref : refs) total += area(ref);
  double x = rng.Uniform(0, total);
  for (SurfaceRef ref : refs) {
    if ((x -= area(ref)) < 0) return ref;
  }
  return refs.back();
}

// One small object drawn for `on` (the floor when nullopt); nullopt when it does not fit.
std::optional<Object> SmallCandidate(const ProceduralOptions& options, const Room& room,
                                     const std::vector<Placed>& layout,
                                     std::optional<SurfaceRef> on, const CatalogEntry& entry,
                                     Rng& rng) {
  const Placed* holder = on ? &layout[on->holder] : nullptr;
  std::optional<Object> object = on ? OnSurface(holder->object, holder->info.surfaces[on->index],
                                                entry, options.headroom_margin, rng)
                                    : OnFloor(room, entry, rng);
  if (!object || !InsideRoom(room, *object, kObjectGap) ||
      !IsFree(layout, *object, kObjectGap, holder)) {
    return std::nullopt;
  }
  return object;
}

void AddSmall(Object object, const CatalogEntry& entry, std::set<std::string>& used, Rng& rng,
              std::vector<Placed>& layout) {
  used.insert(entry.label);
  Add(layout, std::move(object), entry, rng);
}

// Tries small objects on `on` until one fits; returns whether one was added.
bool PlaceSmallOn(const ProceduralOptions& options, const Room& room, SurfaceRef on,
                  std::set<std::string>& used, Rng& rng, std::vector<Placed>& layout) {
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    const CatalogEntry& entry = PickSmall(false, used, rng);
    if (std::optional<Object> object = SmallCandidate(options, room, layout, on, entry, rng)) {
      AddSmall(std::move(*object), entry, used, rng, layout);
      return true;
    }
  }
  return false;
}

// Puts wall_shelf_objects_* small objects on each wall shelf, at most `max_count` in all;
// returns how many.
int StockWallShelves(const ProceduralOptions& options, const Room& room, int max_count,
                     std::set<std::string>& used, Rng& rng, std::vector<Placed>& layout) {
  int placed = 0;
  const size_t holders = layout.size();
  for (size_t i = 0; i < holders; ++i) {
    if (layout[i].info.mounting != Mounting::kOnWall || layout[i].info.surfaces.empty()) continue;
    const int wanted =
        int(rng.UniformInt(options.wall_shelf_objects_min, options.wall_shelf_objects_max));
    const SurfaceRef top{i, layout[i].info.surfaces.size() - 1};
    for (int k = 0; k < wanted && placed < max_count; ++k) {
      placed += PlaceSmallOn(options, room, top, used, rng, layout);
    }
  }
  return placed;
}

}  // namespace

Room SampleRoom(const ProceduralOptions& options, Rng& rng) {
  Room room;
  room.width = rng.Uniform(options.room_size_min, options.room_size_max);
  room.depth = rng.Uniform(options.room_size_min, options.room_size_max);
  room.wall_height = options.wall_height;
  const int first = int(rng.UniformInt(0, 3)), count = int(rng.UniformInt(2, 4));
  for (int k = 0; k < count; ++k) room.wall_sides.push_back((first + k) % 4);
  return room;
}

void PlaceRoomFurniture(const Room& room, Rng& rng, std::vector<Placed>& layout) {
  const int support_count = int(rng.UniformInt(2, 4));
  for (int k = 0; k < support_count; ++k) {
    const CatalogEntry& entry = PickWeighted(SupportFurniture(), rng);
    const bool free = entry.placement == Placement::kFreeOrWall && rng.Bernoulli(0.7);
    auto sample = [&] {
      return free ? FreeStanding(room, entry, rng) : AgainstWall(room, entry, rng);
    };
    TryPlace(room, entry, sample, kFurnitureGap, rng, layout);
  }
  const size_t supports = layout.size();
  for (size_t i = 0; i < supports; ++i) {
    const Object table = layout[i].object;
    const int chairs = table.label == "table"  ? int(rng.UniformInt(0, 2))
                       : table.label == "desk" ? int(rng.Bernoulli(0.7))
                                               : 0;
    for (int c = 0; c < chairs; ++c) PlaceChair(room, table, rng, layout);
  }
  const int other_count = int(rng.UniformInt(0, 2));
  for (int k = 0; k < other_count; ++k) {
    const CatalogEntry& entry = PickWeighted(OtherFurniture(), rng);
    TryPlace(
        room, entry, [&] { return AgainstWall(room, entry, rng); }, kFurnitureGap, rng, layout);
  }
}

void PlaceTabletopFurniture(const Room& room, Rng& rng, std::vector<Placed>& layout) {
  const CatalogEntry& entry = BigTable();
  const int side = room.wall_sides[0];
  const Eigen::Vector3d size = SampleSize(entry, rng);
  const Eigen::Vector2d center = Corner(room, side) + Inward(side) * (0.5 * size.x() + kWallGap) +
                                 Inward(side + 1) * (0.5 * size.y() + kWallGap);
  Add(layout, MakeObject(entry, size, center, 0, YawOf(Inward(side))), entry, rng);
  if (rng.Bernoulli(0.5)) PlaceChair(room, layout[0].object, rng, layout);
}

void MountWallShelves(const ProceduralOptions& options, const Room& room, Rng& rng,
                      std::vector<Placed>& layout) {
  const size_t furniture = layout.size();
  for (size_t i = 0; i < furniture; ++i) {
    const Object work_top = layout[i].object;  // a copy: `layout` grows
    if (!layout[i].entry->shelf_above || !BacksOntoWall(room, work_top) ||
        !rng.Bernoulli(options.wall_shelf_probability)) {
      continue;
    }
    const Object shelf = WallShelfAbove(work_top, options, rng);
    if (TopZ(shelf) < room.wall_height && IsFree(layout, shelf, kObjectGap)) {
      Add(layout, shelf, WallShelf(), rng);
    }
  }
}

int HangPendantLamps(const ProceduralOptions& options, const Room& room, int max_count, Rng& rng,
                     std::vector<Placed>& layout) {
  int hung = 0;
  const size_t furniture = layout.size();
  for (size_t i = 0; i < furniture && hung < max_count; ++i) {
    const Object table = layout[i].object;  // a copy: `layout` grows
    if (!layout[i].entry->lamp_above || !rng.Bernoulli(options.pendant_probability)) continue;
    // The lamp hangs over the table top like an object over a surface at its height.
    Surface over_table = TopSurface(room, table);
    over_table.z += rng.Uniform(options.pendant_gap_min, options.pendant_gap_max);
    over_table.headroom = room.wall_height - over_table.z;
    const std::optional<Object> lamp =
        OnSurface(table, over_table, PendantLamp(), options.headroom_margin, rng);
    if (lamp && IsFree(layout, WithCord(*lamp, room.wall_height), kObjectGap)) {
      Add(layout, *lamp, PendantLamp(), rng);
      ++hung;
    }
  }
  return hung;
}

void AddSurfaces(const ProceduralOptions& options, const Room& room, Rng& rng,
                 std::vector<Placed>& layout) {
  for (Placed& placed : layout) {
    if (!placed.entry->support) continue;
    if (placed.entry->shape == Shape::kShelf) {
      placed.inner_boards = int(rng.UniformInt(options.shelf_boards_min, options.shelf_boards_max));
      placed.info.surfaces = BoardSurfaces(placed.object, placed.inner_boards);
    }
    placed.info.surfaces.push_back(TopSurface(room, placed.object));
  }
}

void PlaceSmallObjects(const ProceduralOptions& options, const Room& room, int count,
                       double floor_fraction, Rng& rng, std::vector<Placed>& layout) {
  std::set<std::string> used;
  const int stocked = StockWallShelves(options, room, count, used, rng, layout);
  const std::vector<SurfaceRef> surfaces = StandingSurfaces(layout);
  for (int k = stocked; k < count; ++k) {
    // The second half of the attempts go to the floor, for when the surfaces are full.
    for (int attempt = 0; attempt < 2 * kAttempts; ++attempt) {
      const bool floor = surfaces.empty() || attempt >= kAttempts || rng.Bernoulli(floor_fraction);
      const CatalogEntry& entry = PickSmall(floor, used, rng);
      const std::optional<SurfaceRef> on =
          floor ? std::nullopt : std::optional(PickSurface(layout, surfaces, rng));
      if (std::optional<Object> object = SmallCandidate(options, room, layout, on, entry, rng)) {
        AddSmall(std::move(*object), entry, used, rng, layout);
        break;
      }
    }
  }
}

}  // namespace spatialgen::procedural
