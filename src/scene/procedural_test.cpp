#include "scene/procedural.h"

#include <gtest/gtest.h>

#include <map>

#include "scene/box_geometry.h"
#include "scene/mesh_validation.h"

namespace spatialgen {
namespace {

constexpr uint64_t kSeed = 1234;
constexpr int kSceneCount = 24;  // enough to cover tabletop and room scenes

const std::vector<Scene>& Scenes() {
  static const std::vector<Scene> scenes = [] {
    std::vector<Scene> result;
    for (int i = 0; i < kSceneCount; ++i) {
      result.push_back(GenerateProceduralScene(ProceduralOptions(), CategoryOptions(), i, kSeed));
    }
    return result;
  }();
  return scenes;
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
  for (const Scene& scene : Scenes()) {
    int small = 0;
    for (const Object& object : scene.objects) small += object.movable;
    EXPECT_GE(small, options.min_objects) << scene.id;
    EXPECT_LE(small, options.max_objects) << scene.id;
  }
}

TEST(ProceduralTest, CoversTabletopAndRoomScenes) {
  int tabletop = 0;
  for (const Scene& scene : Scenes()) {
    int supports = 0;
    for (const Object& object : scene.objects) supports += object.support;
    tabletop += supports == 1 && scene.objects.size() <= 17;
  }
  EXPECT_GT(tabletop, 0);
  EXPECT_LT(tabletop, kSceneCount);
}

TEST(ProceduralTest, EveryObjectRestsOnTheFloorOrASupportTop) {
  for (const Scene& scene : Scenes()) {
    for (const Object& object : scene.objects) {
      const double bottom = BottomZ(object);
      if (std::abs(bottom) < 1e-6) continue;
      bool supported = false;
      for (const Object& support : scene.objects) {
        if (!support.support || std::abs(TopZ(support) - bottom) > 1e-6) continue;
        bool inside = true;
        for (const Eigen::Vector2d& corner : FootprintInWorld(object)) {
          inside = inside && InFootprint(support, corner, -1e-6);
        }
        supported = supported || inside;
      }
      EXPECT_TRUE(supported) << scene.id << " object " << object.id << " " << object.label;
    }
  }
}

TEST(ProceduralTest, NoTwoBoxesShareVolume) {
  for (const Scene& scene : Scenes()) {
    for (size_t i = 0; i < scene.objects.size(); ++i) {
      for (size_t j = i + 1; j < scene.objects.size(); ++j) {
        EXPECT_FALSE(BoxesOverlap(scene.objects[i], scene.objects[j], 1e-6))
            << scene.id << " objects " << i << " and " << j;
      }
    }
  }
}

TEST(ProceduralTest, BoxesAreTightAroundTheirTriangles) {
  for (const Scene& scene : Scenes()) {
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
  for (const Scene& scene : Scenes()) {
    std::map<std::string, int> counts;
    for (const Object& object : scene.objects) ++counts[object.label];
    int unique = 0;
    for (const auto& [label, count] : counts) unique += count == 1;
    EXPECT_GE(unique, 3) << scene.id;
  }
}

TEST(ProceduralTest, ViewsSeeAtLeastThreeObjects) {
  const ProceduralOptions options;
  for (const Scene& scene : Scenes()) {
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
  const Json good = Json::parse(R"({"min_objects": 3, "views": {"count": 2}})");
  JsonReader good_reader(good, "c.json");
  ReadOptions(good_reader, options);
  good_reader.Finish();
  EXPECT_EQ(options.min_objects, 3);
  EXPECT_EQ(options.views.count, 2);
}

}  // namespace
}  // namespace spatialgen
