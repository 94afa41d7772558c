#include "scene/procedural_layout.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "scene/box_geometry.h"

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

// Whether `object` keeps `gap` (horizontally) from every placed object it shares height with.
bool IsFree(const std::vector<Placed>& layout, const Object& object, double gap) {
  return std::none_of(layout.begin(), layout.end(), [&](const Placed& other) {
    // Tolerance: an object resting on a support touches it, bar rounding.
    if (TopZ(other.object) <= BottomZ(object) + 1e-9 ||
        TopZ(object) <= BottomZ(other.object) + 1e-9) {
      return false;
    }
    return FootprintsOverlap(other.object, object, 0.5 * gap);
  });
}

void Add(std::vector<Placed>& layout, Object object, const CatalogEntry& entry, Rng& rng) {
  object.id = int(layout.size());
  object.color = JitterColor(entry.color, rng);
  layout.push_back({std::move(object), &entry});
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

// A random spot on the top of `support` where the object's footprint fits with an inset;
// nullopt when it is too big for that top.
std::optional<Object> OnSupport(const Object& support, const CatalogEntry& entry, Rng& rng) {
  const Eigen::Vector3d size = SampleSize(entry, rng);
  const double yaw =
      entry.faces_front ? rng.Uniform(-kFaceJitter, kFaceJitter) : rng.Uniform(-M_PI, M_PI);
  const double c = std::abs(std::cos(yaw)), s = std::abs(std::sin(yaw));
  const double room_x = 0.5 * support.size.x() - kObjectGap - 0.5 * (c * size.x() + s * size.y());
  const double room_y = 0.5 * support.size.y() - kObjectGap - 0.5 * (s * size.x() + c * size.y());
  if (room_x < 0 || room_y < 0) return std::nullopt;
  const Eigen::Vector3d offset(rng.Uniform(-room_x, room_x), rng.Uniform(-room_y, room_y), 0);
  const Eigen::Vector3d center = support.center_in_world + support.world_from_object * offset;
  return MakeObject(entry, size, center.head<2>(), TopZ(support), support.Yaw() + yaw);
}

Object OnFloor(const Room& room, const CatalogEntry& entry, Rng& rng) {
  const Eigen::Vector3d size = SampleSize(entry, rng);
  const Eigen::Vector2d center(rng.Uniform(0, room.width), rng.Uniform(0, room.depth));
  return MakeObject(entry, size, center, 0, rng.Uniform(-M_PI, M_PI));
}

// A support index drawn by top area.
size_t PickSupport(const std::vector<Placed>& layout, const std::vector<size_t>& supports,
                   Rng& rng) {
  double total = 0;
  for (size_t i : supports) total += layout[i].object.size.x() * layout[i].object.size.y();
  double x = rng.Uniform(0, total);
  for (size_t i : supports) {
    if ((x -= layout[i].object.size.x() * layout[i].object.size.y()) < 0) return i;
  }
  return supports.back();
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

void PlaceSmallObjects(const Room& room, int count, double floor_fraction, Rng& rng,
                       std::vector<Placed>& layout) {
  std::vector<size_t> supports;
  for (size_t i = 0; i < layout.size(); ++i) {
    if (layout[i].entry->support) supports.push_back(i);
  }
  std::set<std::string> used;
  for (int k = 0; k < count; ++k) {
    // The second half of the attempts go to the floor, for when the tops are full.
    for (int attempt = 0; attempt < 2 * kAttempts; ++attempt) {
      const bool floor = supports.empty() || attempt >= kAttempts || rng.Bernoulli(floor_fraction);
      const CatalogEntry& entry = PickSmall(floor, used, rng);
      std::optional<Object> object =
          floor ? OnFloor(room, entry, rng)
                : OnSupport(layout[PickSupport(layout, supports, rng)].object, entry, rng);
      if (!object || !InsideRoom(room, *object, kObjectGap) ||
          !IsFree(layout, *object, kObjectGap)) {
        continue;
      }
      used.insert(entry.label);
      Add(layout, std::move(*object), entry, rng);
      break;
    }
  }
}

}  // namespace spatialgen::procedural
