#include "scene/procedural.h"

#include <algorithm>
#include <cstdio>

#include "scene/box_geometry.h"
#include "scene/mesh_builder.h"
#include "scene/procedural_layout.h"
#include "scene/procedural_shapes.h"

namespace spatialgen {
namespace {

using procedural::Mounting;
using procedural::Placed;
using procedural::Room;

constexpr double kCordRadius = 0.005;  // m; pendant lamp cords
const Eigen::Vector3f kCordColor{0.1f, 0.1f, 0.1f};

void Require(bool condition, const std::string& field, const std::string& message) {
  if (!condition) throw InputError({"", "", field}, message);
}

void BuildRoomMesh(const Room& room, Mesh& mesh) {
  MeshBuilder builder(mesh, -1, Eigen::Isometry3d::Identity());
  const double w = room.width, d = room.depth, h = room.wall_height;
  builder.AddQuad({Eigen::Vector3d(0, 0, 0), {w, 0, 0}, {w, d, 0}, {0, d, 0}},
                  procedural::kFloorColor);
  // Corners of each side at floor height, in the side order of procedural::Room.
  const Eigen::Vector2d ends[4][2] = {
      {{0, d}, {0, 0}}, {{0, 0}, {w, 0}}, {{w, 0}, {w, d}}, {{w, d}, {0, d}}};
  for (int side : room.wall_sides) {
    const Eigen::Vector2d a = ends[side][0], b = ends[side][1];
    builder.AddQuad(
        {Eigen::Vector3d(a.x(), a.y(), 0), {b.x(), b.y(), 0}, {b.x(), b.y(), h}, {a.x(), a.y(), h}},
        procedural::kWallColor);
  }
}

void BuildObjectMesh(const Placed& placed, Mesh& mesh) {
  const Object& object = placed.object;
  // The shapes' local frame has its origin at the middle of the box bottom.
  Eigen::Isometry3d world_from_local = Eigen::Isometry3d::Identity();
  world_from_local.linear() = object.world_from_object;
  world_from_local.translation() =
      object.center_in_world - Eigen::Vector3d(0, 0, 0.5 * object.size.z());
  MeshBuilder builder(mesh, object.id, world_from_local);
  procedural::BuildShape(placed.entry->shape, object.size, placed.inner_boards, object.color,
                         builder);
}

// The cord of a hanging object, from its top up to the ceiling. It is background (like the
// walls), so that the object's box stays the lamp itself.
void BuildCord(const Object& hanging, double ceiling, Mesh& mesh) {
  MeshBuilder builder(mesh, -1, Eigen::Isometry3d::Identity());
  builder.AddCylinder(hanging.center_in_world.head<2>(), TopZ(hanging), ceiling, kCordRadius,
                      kCordColor);
}

// Furniture, then what hangs above it, then the small objects on its surfaces or the floor.
std::vector<Placed> LayOut(const ProceduralOptions& options, const Room& room, bool tabletop,
                           Rng& rng) {
  std::vector<Placed> layout;
  if (tabletop) {
    procedural::PlaceTabletopFurniture(room, rng, layout);
  } else {
    procedural::PlaceRoomFurniture(room, rng, layout);
  }
  procedural::MountWallShelves(options, room, rng, layout);
  const int small_count =
      tabletop ? int(rng.UniformInt(options.min_objects,
                                    std::min(options.max_objects, options.tabletop_max_objects)))
               : int(rng.UniformInt(options.min_objects, options.max_objects));
  // Pendant lamps are small objects too: they count towards small_count.
  const int hanging = procedural::HangPendantLamps(options, room, small_count, rng, layout);
  procedural::AddSurfaces(options, room, rng, layout);
  procedural::PlaceSmallObjects(options, room, small_count - hanging,
                                tabletop ? 0.0 : options.floor_object_fraction, rng, layout);
  return layout;
}

void RequireRange(double min, double max, const std::string& prefix) {
  Require(min > 0, prefix + "_min", "must be positive");
  Require(max >= min, prefix + "_max", "must be >= " + prefix + "_min");
}

}  // namespace

void ProceduralOptions::Check() const {
  Require(scene_count >= 0, "scene_count", "must be >= 0");
  Require(min_objects >= 1, "min_objects", "must be >= 1");
  Require(max_objects >= min_objects, "max_objects", "must be >= min_objects");
  Require(max_objects <= 60, "max_objects", "must be <= 60 (rooms have no space for more)");
  Require(tabletop_max_objects >= min_objects && tabletop_max_objects <= 20, "tabletop_max_objects",
          "must lie in [min_objects, 20]");
  Require(tabletop_fraction >= 0 && tabletop_fraction <= 1, "tabletop_fraction",
          "must lie in [0, 1]");
  Require(floor_object_fraction >= 0 && floor_object_fraction <= 1, "floor_object_fraction",
          "must lie in [0, 1]");
  Require(room_size_min >= 3.5, "room_size_min", "must be >= 3.5 (the largest furniture fits)");
  Require(room_size_max >= room_size_min && room_size_max <= 30, "room_size_max",
          "must lie in [room_size_min, 30]");
  Require(wall_height >= 2, "wall_height", "must be >= 2");
  RequireRange(tabletop_distance_min, tabletop_distance_max, "tabletop_distance");
  RequireRange(shelf_boards_min, shelf_boards_max, "shelf_boards");
  Require(shelf_boards_max <= 6, "shelf_boards_max",
          "must be <= 6 (compartments of the lowest bookshelf stay over 0.1 m)");
  Require(headroom_margin >= 0, "headroom_margin", "must be >= 0");
  Require(wall_shelf_probability >= 0 && wall_shelf_probability <= 1, "wall_shelf_probability",
          "must lie in [0, 1]");
  RequireRange(wall_shelf_gap_min, wall_shelf_gap_max, "wall_shelf_gap");
  Require(wall_shelf_objects_min >= 0, "wall_shelf_objects_min", "must be >= 0");
  Require(wall_shelf_objects_max >= wall_shelf_objects_min, "wall_shelf_objects_max",
          "must be >= wall_shelf_objects_min");
  Require(pendant_probability >= 0 && pendant_probability <= 1, "pendant_probability",
          "must lie in [0, 1]");
  RequireRange(pendant_gap_min, pendant_gap_max, "pendant_gap");
  try {
    views.Check();
  } catch (const InputError& e) {
    throw InputError({"", "", "views." + e.location().field}, e.reason());
  }
}

void ReadOptions(JsonReader& reader, ProceduralOptions& options) {
  reader.Read("scene_count", options.scene_count);
  reader.Read("min_objects", options.min_objects);
  reader.Read("max_objects", options.max_objects);
  reader.Read("tabletop_max_objects", options.tabletop_max_objects);
  reader.Read("tabletop_fraction", options.tabletop_fraction);
  reader.Read("floor_object_fraction", options.floor_object_fraction);
  reader.Read("room_size_min", options.room_size_min);
  reader.Read("room_size_max", options.room_size_max);
  reader.Read("wall_height", options.wall_height);
  reader.Read("tabletop_distance_min", options.tabletop_distance_min);
  reader.Read("tabletop_distance_max", options.tabletop_distance_max);
  reader.Read("shelf_boards_min", options.shelf_boards_min);
  reader.Read("shelf_boards_max", options.shelf_boards_max);
  reader.Read("headroom_margin", options.headroom_margin);
  reader.Read("wall_shelf_probability", options.wall_shelf_probability);
  reader.Read("wall_shelf_gap_min", options.wall_shelf_gap_min);
  reader.Read("wall_shelf_gap_max", options.wall_shelf_gap_max);
  reader.Read("wall_shelf_objects_min", options.wall_shelf_objects_min);
  reader.Read("wall_shelf_objects_max", options.wall_shelf_objects_max);
  reader.Read("pendant_probability", options.pendant_probability);
  reader.Read("pendant_gap_min", options.pendant_gap_min);
  reader.Read("pendant_gap_max", options.pendant_gap_max);
  ReadSection(reader, "views", options.views);
}

std::string ProceduralSceneId(int index) {
  char id[32];
  std::snprintf(id, sizeof(id), "proc_%04d", index);
  return id;
}

Scene GenerateProceduralScene(const ProceduralOptions& options, const CategoryOptions& categories,
                              int index, uint64_t seed) {
  return GenerateProceduralSceneWithInfo(options, categories, index, seed).scene;
}

ProceduralScene GenerateProceduralSceneWithInfo(const ProceduralOptions& options,
                                                const CategoryOptions& categories, int index,
                                                uint64_t seed) {
  ProceduralScene result;
  Scene& scene = result.scene;
  scene.id = ProceduralSceneId(index);
  scene.source = "procedural";
  Rng rng = Rng::ForScene(seed, scene.id);

  const bool tabletop = rng.Bernoulli(options.tabletop_fraction);
  const Room room = procedural::SampleRoom(options, rng);
  const std::vector<Placed> layout = LayOut(options, room, tabletop, rng);

  BuildRoomMesh(room, scene.mesh);
  for (const Placed& placed : layout) {
    BuildObjectMesh(placed, scene.mesh);
    if (placed.info.mounting == Mounting::kHanging) {
      BuildCord(placed.object, room.wall_height, scene.mesh);
    }
    scene.objects.push_back(placed.object);
    result.objects.push_back(placed.info);
  }
  ApplyCategoryFlags(categories, scene);

  ViewSamplingOptions view_options = options.views;
  if (tabletop) {
    view_options.distance_min = options.tabletop_distance_min;
    view_options.distance_max = options.tabletop_distance_max;
  }
  scene.views = SampleViews(scene, view_options, rng);
  return result;
}

}  // namespace spatialgen
