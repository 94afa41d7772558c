#include "procedural/generator.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

#include "core/check.h"
#include "scene/box_geometry.h"
#include "scene/mesh_builder.h"
#include "procedural/layout.h"
#include "procedural/shapes.h"

namespace spatialgen {
namespace {

using procedural::Mounting;
using procedural::Placed;
using procedural::Room;

constexpr double kCordRadius = 0.005;  // m; pendant lamp cords
const Eigen::Vector3f kCordColor{0.1f, 0.1f, 0.1f};


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

// A range option pair PREFIX_min, PREFIX_max: min > 0 and max >= min.
void CheckRange(double min, double max, const std::string& prefix) {
  CheckOption(min > 0, prefix + "_min", fmt::format("must be > 0, got {}", min));
  CheckOption(max >= min, prefix + "_max", "must be >= " + prefix + "_min");
}

}  // namespace

void ProceduralOptions::Check() const {
  SG_CHECK_OPTION_GE(scene_count, 1);
  SG_CHECK_OPTION_GE(min_objects, 1);
  SG_CHECK_OPTION(max_objects >= min_objects, max_objects, "must be >= min_objects");
  SG_CHECK_OPTION(max_objects <= 60, max_objects, "must be <= 60 (rooms have no space for more)");
  SG_CHECK_OPTION(tabletop_max_objects >= min_objects && tabletop_max_objects <= 20, tabletop_max_objects,
                  "must lie in [min_objects, 20]");
  SG_CHECK_OPTION_IN(tabletop_fraction, 0.0, 1.0);
  SG_CHECK_OPTION_IN(floor_object_fraction, 0.0, 1.0);
  SG_CHECK_OPTION(room_size_min >= 3.5, room_size_min, "must be >= 3.5 (the largest furniture fits)");
  SG_CHECK_OPTION(room_size_max >= room_size_min && room_size_max <= 30, room_size_max,
                  "must lie in [room_size_min, 30]");
  SG_CHECK_OPTION_GE(wall_height, 2);
  CheckRange(tabletop_distance_min, tabletop_distance_max, "tabletop_distance");
  CheckRange(shelf_boards_min, shelf_boards_max, "shelf_boards");
  SG_CHECK_OPTION(shelf_boards_max <= 6, shelf_boards_max,
                  "must be <= 6 (compartments of the lowest bookshelf stay over 0.1 m)");
  SG_CHECK_OPTION_GE(headroom_margin, 0);
  SG_CHECK_OPTION_IN(wall_shelf_probability, 0.0, 1.0);
  CheckRange(wall_shelf_gap_min, wall_shelf_gap_max, "wall_shelf_gap");
  SG_CHECK_OPTION_GE(wall_shelf_objects_min, 0);
  SG_CHECK_OPTION(wall_shelf_objects_max >= wall_shelf_objects_min, wall_shelf_objects_max,
                  "must be >= wall_shelf_objects_min");
  SG_CHECK_OPTION_IN(pendant_probability, 0.0, 1.0);
  CheckRange(pendant_gap_min, pendant_gap_max, "pendant_gap");
  CheckNested(views, "views");
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
