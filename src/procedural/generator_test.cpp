#include "procedural/generator.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "scene/box_geometry.h"
#include "scene/mesh_validation.h"

namespace spatialgen {
namespace {

using procedural::Mounting;
using procedural::ObjectInfo;
using procedural::Surface;

constexpr uint64_t kSeed = 1234;
constexpr int kSceneCount = 24;  // enough to cover tabletop and room scenes
constexpr double kTolerance = 1e-6;

const std::vector<ProceduralScene>& Scenes() {
  static const std::vector<ProceduralScene> scenes = [] {
    std::vector<ProceduralScene> result;
    for (int i = 0; i < kSceneCount; ++i) {
      result.push_back(
          GenerateProceduralSceneWithInfo(ProceduralOptions(), CategoryOptions(), i, kSeed));
    }
    return result;
  }();
  return scenes;
}

// The surface of `holder` that `object` rests on: at the object's bottom, with the object's
// footprint inside the surface's rectangle. nullptr when there is none.
const Surface* RestingSurface(const Object& object, const Object& holder,
                              const ObjectInfo& holder_info) {
  for (const Surface& surface : holder_info.surfaces) {
    if (std::abs(surface.z - BottomZ(object)) > kTolerance) continue;
    bool inside = true;
    for (const Eigen::Vector2d& corner : FootprintInWorld(object)) {
      const Eigen::Vector2d in_holder =
          (holder.world_from_object.transpose() *
           (Eigen::Vector3d(corner.x(), corner.y(), 0) - holder.center_in_world))
              .head<2>();
      inside = inside && (in_holder.array() >= surface.min.array() - kTolerance).all() &&
               (in_holder.array() <= surface.max.array() + kTolerance).all();
    }
    if (inside) return &surface;
  }
  return nullptr;
}

// The support under `object` and the surface it rests on; {nullptr, nullptr} when none.
std::pair<const Object*, const Surface*> Holder(const ProceduralScene& generated,
                                                const Object& object) {
  for (const Object& holder : generated.scene.objects) {
    const Surface* surface = RestingSurface(object, holder, generated.objects[holder.id]);
    if (surface) return {&holder, surface};
  }
  return {nullptr, nullptr};
}

bool IsTopSurface(const Object& holder, const Surface& surface) {
  return std::abs(surface.z - TopZ(holder)) < kTolerance;
}

// The support right under a wall-mounted or hanging object, whose footprint holds its own.
const Object* SupportBelow(const Scene& scene, const Object& object) {
  for (const Object& support : scene.objects) {
    if (!support.support || &support == &object || TopZ(support) > BottomZ(object)) continue;
    bool inside = true;
    for (const Eigen::Vector2d& corner : FootprintInWorld(object)) {
      inside = inside && InFootprint(support, corner, -kTolerance);
    }
    if (inside) return &support;
  }
  return nullptr;
}

// The distinct heights of an object's mesh vertices, rounded to 0.1 mm.
std::set<long> VertexHeights(const Scene& scene, int id) {
  std::set<long> heights;
  for (size_t t = 0; t < scene.mesh.triangles.size(); ++t) {
    if (scene.mesh.triangle_instance[t] != id) continue;
    for (int k = 0; k < 3; ++k) {
      heights.insert(std::lround(scene.mesh.vertices[scene.mesh.triangles[t][k]].z() * 1e4));
    }
  }
  return heights;
}

bool SameScene(const Scene& a, const Scene& b) {
  if (a.id != b.id || a.objects.size() != b.objects.size() || a.views.size() != b.views.size() ||
      a.mesh.vertices != b.mesh.vertices || a.mesh.triangles != b.mesh.triangles ||
      a.mesh.triangle_instance != b.mesh.triangle_instance) {
    return false;
  }
  for (size_t i = 0; i < a.objects.size(); ++i) {
    if (a.objects[i].label != b.objects[i].label ||
        a.objects[i].center_in_world != b.objects[i].center_in_world ||
        a.objects[i].size != b.objects[i].size ||
        a.objects[i].world_from_object != b.objects[i].world_from_object) {
      return false;
    }
  }
  for (size_t i = 0; i < a.views.size(); ++i) {
    if (a.views[i].cam_from_world.matrix() != b.views[i].cam_from_world.matrix()) return false;
  }
  return true;
}

TEST(ProceduralTest, DeterministicPerSeedAndIndex) {
  const ProceduralOptions options;
  const Scene a = GenerateProceduralScene(options, CategoryOptions(), 7, kSeed);
  const Scene b = GenerateProceduralScene(options, CategoryOptions(), 7, kSeed);
  EXPECT_EQ(a.id, "proc_0007");
  EXPECT_TRUE(SameScene(a, b));
  EXPECT_FALSE(SameScene(a, GenerateProceduralScene(options, CategoryOptions(), 8, kSeed)));
  EXPECT_FALSE(SameScene(a, GenerateProceduralScene(options, CategoryOptions(), 7, kSeed + 1)));
}

TEST(ProceduralTest, SmallObjectCountWithinOptions) {
  const ProceduralOptions options;
  for (const auto& [scene, info] : Scenes()) {
    int small = 0;
    for (const Object& object : scene.objects) small += object.movable;
    EXPECT_GE(small, options.min_objects) << scene.id;
    EXPECT_LE(small, options.max_objects) << scene.id;
  }
}

TEST(ProceduralTest, CoversTabletopAndRoomScenes) {
  const ProceduralOptions options;
  int tabletop = 0;
  for (const auto& [scene, info] : Scenes()) {
    int floor_supports = 0;
    for (const Object& object : scene.objects) {
      floor_supports += object.support && std::abs(BottomZ(object)) < kTolerance;
    }
    // A tabletop scene: its table, maybe a chair and a wall shelf, and few small objects.
    tabletop +=
        floor_supports == 1 && int(scene.objects.size()) <= options.tabletop_max_objects + 3;
  }
  EXPECT_GT(tabletop, 0);
  EXPECT_LT(tabletop, kSceneCount);
}

TEST(ProceduralTest, EveryStandingObjectRestsOnTheFloorOrASupportSurface) {
  for (const ProceduralScene& generated : Scenes()) {
    const Scene& scene = generated.scene;
    ASSERT_EQ(generated.objects.size(), scene.objects.size());
    for (const Object& object : scene.objects) {
      // Wall shelves and pendant lamps are held from the side or above, and say so.
      if (generated.objects[object.id].mounting != Mounting::kStanding) continue;
      if (std::abs(BottomZ(object)) < kTolerance) continue;
      const auto [holder, surface] = Holder(generated, object);
      EXPECT_TRUE(holder && holder->support)
          << scene.id << " object " << object.id << " " << object.label;
    }
  }
}

TEST(ProceduralTest, NoTwoBoxesShareVolumeExceptOnShelfBoards) {
  for (const ProceduralScene& generated : Scenes()) {
    const Scene& scene = generated.scene;
    for (const Object& a : scene.objects) {
      for (const Object& b : scene.objects) {
        // An object on an inner board stands inside its bookshelf's box.
        if (a.id >= b.id || RestingSurface(b, a, generated.objects[a.id]) ||
            RestingSurface(a, b, generated.objects[b.id])) {
          continue;
        }
        EXPECT_FALSE(BoxesOverlap(a, b, kTolerance))
            << scene.id << " objects " << a.id << " and " << b.id;
      }
    }
  }
}

TEST(ProceduralTest, ShelfBoardsAreRealAndLeaveHeadroom) {
  const ProceduralOptions options;
  int on_inner_boards = 0;
  std::set<std::string> shelves_with_two_levels_used;
  for (const ProceduralScene& generated : Scenes()) {
    const Scene& scene = generated.scene;
    for (const Object& shelf : scene.objects) {
      const std::vector<Surface>& surfaces = generated.objects[shelf.id].surfaces;
      if (shelf.label != "bookshelf") continue;
      const int inner_boards = int(surfaces.size()) - 1;
      EXPECT_GE(inner_boards, options.shelf_boards_min) << scene.id;
      EXPECT_LE(inner_boards, options.shelf_boards_max) << scene.id;
      // Each board top and the bottom of the board above it are mesh geometry.
      const std::set<long> heights = VertexHeights(scene, shelf.id);
      for (int k = 0; k < inner_boards; ++k) {
        EXPECT_TRUE(heights.count(std::lround(surfaces[k].z * 1e4))) << scene.id;
        EXPECT_TRUE(heights.count(std::lround((surfaces[k].z + surfaces[k].headroom) * 1e4)))
            << scene.id;
        EXPECT_GT(surfaces[k].headroom, 0) << scene.id;
      }
    }
    std::map<int, std::set<double>> levels_used;  // by bookshelf id
    for (const Object& object : scene.objects) {
      const auto [holder, surface] = Holder(generated, object);
      if (!holder || holder->label != "bookshelf" || IsTopSurface(*holder, *surface)) continue;
      ++on_inner_boards;
      EXPECT_LE(object.size.z() + options.headroom_margin, surface->headroom + kTolerance)
          << scene.id << " object " << object.id;
      levels_used[holder->id].insert(surface->z);
    }
    for (const auto& [id, levels] : levels_used) {
      if (levels.size() >= 2) shelves_with_two_levels_used.insert(scene.id + std::to_string(id));
    }
  }
  EXPECT_GE(on_inner_boards, 10);
  EXPECT_GE(shelves_with_two_levels_used.size(), 2u);
}

TEST(ProceduralTest, WallShelvesAndPendantLampsHangAboveFurniture) {
  const ProceduralOptions options;
  int wall_shelves = 0, pendant_lamps = 0;
  for (const ProceduralScene& generated : Scenes()) {
    const Scene& scene = generated.scene;
    for (const Object& object : scene.objects) {
      const Mounting mounting = generated.objects[object.id].mounting;
      if (mounting == Mounting::kStanding) continue;
      const Object* below = SupportBelow(scene, object);
      ASSERT_TRUE(below) << scene.id << " object " << object.id;
      const double gap = BottomZ(object) - TopZ(*below);
      if (mounting == Mounting::kOnWall) {
        ++wall_shelves;
        int held = 0;
        for (const Object& other : scene.objects) {
          held += RestingSurface(other, object, generated.objects[object.id]) != nullptr;
        }
        EXPECT_LE(held, options.wall_shelf_objects_max) << scene.id;
        EXPECT_EQ(object.label, "wall shelf");
        EXPECT_TRUE(object.support);
        EXPECT_GE(gap, options.wall_shelf_gap_min - kTolerance) << scene.id;
        EXPECT_LE(gap, options.wall_shelf_gap_max + kTolerance) << scene.id;
      } else {
        ++pendant_lamps;
        EXPECT_EQ(object.label, "pendant lamp");
        EXPECT_EQ(below->label, "table");
        EXPECT_GE(gap, options.pendant_gap_min - kTolerance) << scene.id;
        EXPECT_LE(gap, options.pendant_gap_max + kTolerance) << scene.id;
      }
    }
  }
  EXPECT_GE(wall_shelves, 3);
  EXPECT_GE(pendant_lamps, 3);
}

TEST(ProceduralTest, ManyPairsAreClearlyAboveOneAnother) {
  constexpr double kMargin = 0.05;  // the default relation_margin
  int small_pairs = 0, scenes_with_pairs = 0;
  for (const auto& [scene, info] : Scenes()) {
    int pairs = 0;
    for (const Object& a : scene.objects) {
      for (const Object& b : scene.objects) {
        if (BottomZ(a) < TopZ(b) + kMargin || !FootprintsOverlap(a, b, 0)) continue;
        ++pairs;
        small_pairs += a.movable && b.movable;
      }
    }
    scenes_with_pairs += pairs > 0;
  }
  EXPECT_GE(small_pairs, kSceneCount);
  EXPECT_GE(scenes_with_pairs, kSceneCount / 2);
}

TEST(ProceduralTest, BoxesAreTightAroundTheirTriangles) {
  for (const auto& [scene, info] : Scenes()) {
    ASSERT_FALSE(FindMeshGeometryProblem(scene.mesh)) << scene.id;
    ASSERT_FALSE(FindMeshInstanceProblem(scene)) << scene.id;
    std::map<int, Eigen::AlignedBox3d> extents;  // per object, in the object frame
    for (size_t t = 0; t < scene.mesh.triangles.size(); ++t) {
      const int id = scene.mesh.triangle_instance[t];
      if (id < 0) continue;
      const Object& object = *scene.FindObject(id);
      for (int k = 0; k < 3; ++k) {
        const Eigen::Vector3d p_in_world =
            scene.mesh.vertices[scene.mesh.triangles[t][k]].cast<double>();
        extents[id].extend(object.world_from_object.transpose() *
                           (p_in_world - object.center_in_world));
      }
    }
    ASSERT_EQ(extents.size(), scene.objects.size()) << scene.id;
    for (const Object& object : scene.objects) {
      const Eigen::AlignedBox3d& box = extents[object.id];
      EXPECT_LE((box.max() - 0.5 * object.size).maxCoeff(), 1e-6) << scene.id << " " << object.id;
      EXPECT_LE((-0.5 * object.size - box.min()).maxCoeff(), 1e-6) << scene.id << " " << object.id;
      EXPECT_LE((box.sizes() - object.size).cwiseAbs().maxCoeff(), 1e-5)
          << scene.id << " object " << object.id << " " << object.label << " is not tight";
    }
  }
}

TEST(ProceduralTest, SeveralObjectsHaveUniqueLabels) {
  for (const auto& [scene, info] : Scenes()) {
    std::map<std::string, int> counts;
    for (const Object& object : scene.objects) ++counts[object.label];
    int unique = 0;
    for (const auto& [label, count] : counts) unique += count == 1;
    EXPECT_GE(unique, 3) << scene.id;
  }
}

TEST(ProceduralTest, ViewsSeeAtLeastThreeObjects) {
  const ProceduralOptions options;
  for (const auto& [scene, info] : Scenes()) {
    ASSERT_EQ(int(scene.views.size()), options.views.count) << scene.id;
    for (const View& view : scene.views) {
      int inside = 0;
      for (const Object& object : scene.objects) {
        const auto pixel = view.Project(object.center_in_world);
        inside += pixel && pixel->x() >= 0 && pixel->x() < view.width && pixel->y() >= 0 &&
                  pixel->y() < view.height;
      }
      EXPECT_GE(inside, 3) << scene.id << " " << view.id;
      // No roll: the camera x axis is horizontal.
      EXPECT_NEAR(view.cam_from_world.linear().row(0).z(), 0, 1e-12);
      EXPECT_GT(view.CenterInWorld().z(), 0.5);
    }
  }
}

TEST(ProceduralTest, OptionsCheckNamesTheField) {
  ProceduralOptions options;
  options.max_objects = 2;
  try {
    options.Check();
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().field, "max_objects");
  }
  options = ProceduralOptions();
  options.shelf_boards_max = 1;
  try {
    options.Check();
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().field, "shelf_boards_max");
  }
  options = ProceduralOptions();
  options.views.distance_max = 0.1;
  try {
    options.Check();
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().field, "views.distance_max");
  }
}

TEST(ProceduralTest, ReadsOptionsStrictly) {
  const Json json = Json::parse(R"({"min_objects": 3, "views": {"count": 2, "widht": 5}})");
  JsonReader reader(json, "c.json");
  ProceduralOptions options;
  EXPECT_THROW(ReadOptions(reader, options), InputError);  // views.widht is unknown
  const Json good =
      Json::parse(R"({"min_objects": 3, "pendant_gap_max": 0.7, "views": {"count": 2}})");
  JsonReader good_reader(good, "c.json");
  ReadOptions(good_reader, options);
  good_reader.Finish();
  EXPECT_EQ(options.min_objects, 3);
  EXPECT_EQ(options.views.count, 2);
  EXPECT_DOUBLE_EQ(options.pendant_gap_max, 0.7);
}

}  // namespace
}  // namespace spatialgen
