#include "raycast/raycaster.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "core/error.h"
#include "testing/eigen_matchers.h"
#include "testing/synthetic_scenes.h"

namespace spatialgen {
namespace {

using testing::MakeBox;

// A wall box 0.1 thick at x = 2 (near face x = 1.95, far face x = 2.05), 2 x 2 across.
Scene WallScene() {
  Scene scene;
  scene.id = "wall";
  scene.objects.push_back(MakeBox(0, {2, 0, 0}, {0.1, 2, 2}));
  return scene;
}

bool IsOccluded(const RayCaster& caster, const Eigen::Vector3f& origin,
                const Eigen::Vector3f& target) {
  uint8_t occluded = 2;
  caster.Occluded({&origin, 1}, {&target, 1}, {&occluded, 1});
  return occluded == 1;
}

TEST(RaycastTest, BoxOnlySceneHitsTheNearFace) {
  const RayCaster caster(WallScene());
  EXPECT_EQ(caster.triangle_count(), 12u);
  const RayHit hit = caster.Intersect(Eigen::Vector3f::Zero(), Eigen::Vector3f(2, 0, 0));
  ASSERT_TRUE(hit.hit());
  EXPECT_FLOAT_EQ(hit.t, 1.95f / 2.0f);  // in units of the direction's length
  EXPECT_EQ(hit.instance, 0);
  EXPECT_THAT(hit.normal, testing::IsApprox(Eigen::Vector3f(-1, 0, 0)));

  const RayHit miss = caster.Intersect(Eigen::Vector3f::Zero(), Eigen::Vector3f(-1, 0, 0));
  EXPECT_FALSE(miss.hit());
  EXPECT_EQ(miss.instance, -1);
  EXPECT_TRUE(std::isinf(miss.t));
}

TEST(RaycastTest, OccludedBlocksSegmentsThroughTheWallOnly) {
  const RayCaster caster(WallScene());
  const Eigen::Vector3f origin = Eigen::Vector3f::Zero();
  EXPECT_TRUE(IsOccluded(caster, origin, {4, 0, 0}));
  EXPECT_FALSE(IsOccluded(caster, origin, {4, 0, 3}));   // passes above the wall (z = 1.5 at x = 2)
  EXPECT_FALSE(IsOccluded(caster, origin, {1, 0, 0}));   // stops before the wall
  // A target on the near face is not blocked by that face; one on the far face is blocked by
  // the near face.
  EXPECT_FALSE(IsOccluded(caster, origin, {1.95f, 0.3f, 0.2f}));
  EXPECT_TRUE(IsOccluded(caster, origin, {2.05f, 0.3f, 0.2f}));
  // Zero-length segments are never blocked.
  EXPECT_FALSE(IsOccluded(caster, {1.95f, 0, 0}, {1.95f, 0, 0}));
}

TEST(RaycastTest, OccludedBatchMatchesSingleQueries) {
  const RayCaster caster(WallScene());
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> coordinate(-3, 3);
  std::vector<Eigen::Vector3f> origins, targets;
  for (int k = 0; k < 1000; ++k) {
    origins.emplace_back(coordinate(rng), coordinate(rng), coordinate(rng));
    targets.emplace_back(coordinate(rng), coordinate(rng), coordinate(rng));
  }
  std::vector<uint8_t> occluded(origins.size());
  caster.Occluded(origins, targets, occluded);
  int blocked = 0;
  for (size_t k = 0; k < origins.size(); ++k) {
    // Reference: the closest hit along the segment lies before the shortened target.
    const Eigen::Vector3f direction = targets[k] - origins[k];
    const RayHit hit = caster.Intersect(origins[k], direction);
    const float tfar = 1.0f - RayCaster::kDefaultOcclusionEpsilon / direction.norm();
    EXPECT_EQ(occluded[k], hit.t <= tfar ? 1 : 0) << "segment " << k;
    blocked += occluded[k];
  }
  EXPECT_GT(blocked, 50);
  EXPECT_LT(blocked, 950);
}

TEST(RaycastTest, IntersectBatchMatchesSingleRays) {
  Scene scene;
  scene.id = "random_boxes";
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> position(-4, 4), extent(0.2, 1.5);
  for (int id = 0; id < 20; ++id) {
    scene.objects.push_back(
        MakeBox(id, {position(rng), position(rng), position(rng)}, {extent(rng), extent(rng), extent(rng)}));
  }
  const RayCaster caster(scene);
  std::uniform_real_distribution<float> coordinate(-1, 1);
  std::vector<Eigen::Vector3f> origins, directions;
  for (int k = 0; k < 2003; ++k) {  // not a multiple of the packet width
    origins.emplace_back(coordinate(rng), coordinate(rng), coordinate(rng));
    directions.emplace_back(coordinate(rng), coordinate(rng), coordinate(rng));
  }
  std::vector<RayHit> hits(origins.size());
  caster.Intersect(origins, directions, hits);
  int hit_count = 0;
  for (size_t k = 0; k < origins.size(); ++k) {
    const RayHit single = caster.Intersect(origins[k], directions[k]);
    EXPECT_EQ(hits[k].primitive, single.primitive) << "ray " << k;
    EXPECT_EQ(hits[k].instance, single.instance) << "ray " << k;
    if (single.hit()) {
      ++hit_count;
      EXPECT_NEAR(hits[k].t, single.t, 1e-5f * single.t) << "ray " << k;
      EXPECT_NEAR(hits[k].u, single.u, 1e-4f);
      EXPECT_NEAR(hits[k].v, single.v, 1e-4f);
      EXPECT_THAT(hits[k].normal, testing::IsApprox(single.normal, 1e-5f));
    }
  }
  EXPECT_GT(hit_count, 100);
}

TEST(RaycastTest, ObjectsOwningMeshTrianglesGetNoBox) {
  Scene scene;
  scene.id = "mesh";
  scene.mesh.vertices = {{3, 1, -1}, {3, -1, -1}, {3, 0, 1}};
  scene.mesh.triangles = {{0, 1, 2}};
  scene.mesh.triangle_instance = {4};
  scene.objects.push_back(MakeBox(4, {3, 0, 0}, {0.1, 2, 2}));
  scene.objects.push_back(MakeBox(5, {-3, 0, 0}, {1, 1, 1}));
  const RayCaster caster(scene);
  EXPECT_EQ(caster.triangle_count(), 1u + 12u);  // the mesh triangle, and object 5's box
  EXPECT_EQ(caster.Intersect(Eigen::Vector3f::Zero(), Eigen::Vector3f(1, 0, 0)).instance, 4);
  EXPECT_EQ(caster.Intersect(Eigen::Vector3f::Zero(), Eigen::Vector3f(-1, 0, 0)).instance, 5);
}

TEST(RaycastTest, MalformedMeshIsAnInputError) {
  Scene scene;
  scene.id = "broken";
  scene.mesh.vertices = {{0, 0, 0}, {1, 0, 0}};
  scene.mesh.triangles = {{0, 1, 2}};
  EXPECT_THROW(RayCaster{scene}, InputError);
  scene.mesh.vertices.emplace_back(0, 1, 0);
  scene.mesh.triangle_instance = {1, 2};
  EXPECT_THROW(RayCaster{scene}, InputError);
}

TEST(RaycastTest, BatchesOfDifferentSizesAreRefused) {
  Scene scene;
  scene.objects.push_back(MakeBox(0, {2, 0, 0}, {0.1, 2, 2}));
  const RayCaster caster(scene);
  const std::vector<Eigen::Vector3f> two(2, Eigen::Vector3f::Zero()), three(3, Eigen::Vector3f::UnitX());
  std::vector<RayHit> hits(2);
  EXPECT_THROW(caster.Intersect(two, three, hits), std::invalid_argument);
  std::vector<uint8_t> occluded(3);
  EXPECT_THROW(caster.Occluded(two, two, occluded), std::invalid_argument);
}

TEST(RaycastTest, EmptySceneMissesEverything) {
  const RayCaster caster(Scene{});
  EXPECT_FALSE(caster.Intersect(Eigen::Vector3f::Zero(), Eigen::Vector3f(1, 0, 0)).hit());
  EXPECT_FALSE(IsOccluded(caster, Eigen::Vector3f::Zero(), {5, 0, 0}));
}

TEST(RaycastTest, MovedCasterKeepsWorking) {
  RayCaster first(WallScene());
  const RayCaster second(std::move(first));
  EXPECT_EQ(second.Intersect(Eigen::Vector3f::Zero(), Eigen::Vector3f(1, 0, 0)).instance, 0);
}

}  // namespace
}  // namespace spatialgen
