#include "raycast/visibility.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "testing/synthetic_scenes.h"

namespace spatialgen {
namespace {

using testing::MakeBox;
using testing::MakeViewAlongX;

std::vector<ObjectVisibility> VisibilityOf(const Scene& scene, const VisibilityOptions& options,
                                           int64_t* rays_cast = nullptr) {
  const RayCaster caster(scene);
  const View view = MakeViewAlongX();
  const ViewRender render = Render(caster, view, RenderOptions{});
  return ComputeVisibility(caster, scene, view, render, options, rays_cast);
}

// A unit box whose near face x = 2.5 covers pixels 22..41 x 14..33 (see render_test).
Object TargetBox() { return MakeBox(0, {3, 0, 0}, {1, 1, 1}); }

TEST(RaycastTest, UnhiddenBoxIsReferable) {
  Scene scene;
  scene.objects.push_back(TargetBox());
  int64_t rays_cast = 0;
  const std::vector<ObjectVisibility> visibility = VisibilityOf(scene, {}, &rays_cast);
  ASSERT_EQ(visibility.size(), 1u);
  const ObjectVisibility& target = visibility[0];
  EXPECT_EQ(target.object_id, 0);
  EXPECT_EQ(target.visible_pixels, 400);
  EXPECT_EQ(target.unoccluded_pixels, 400);
  EXPECT_DOUBLE_EQ(target.inside_image_fraction, 1.0);
  EXPECT_EQ(target.visible_box.min(), Eigen::Vector2d(22, 14));
  EXPECT_EQ(target.visible_box.max(), Eigen::Vector2d(42, 34));
  EXPECT_DOUBLE_EQ(target.centroid_x, 32.0);
  EXPECT_DOUBLE_EQ(target.centroid_y, 24.0);
  EXPECT_TRUE(target.referable);
  // The render decides every pixel around the box's projection (the box, or nothing behind
  // it): no ray is traced.
  EXPECT_EQ(rays_cast, 0);
}

TEST(RaycastTest, BoxHiddenBehindWallIsNotReferable) {
  Scene scene;
  scene.objects.push_back(MakeBox(0, {4, 0, 0}, {1, 1, 1}));
  scene.objects.push_back(MakeBox(1, {2, 0, 0}, {0.1, 3, 3}));  // fills the whole image
  const std::vector<ObjectVisibility> visibility = VisibilityOf(scene, {});
  const ObjectVisibility& hidden = visibility[0];
  EXPECT_EQ(hidden.visible_pixels, 0);
  EXPECT_EQ(hidden.unoccluded_pixels, -1);  // not counted: it fails min_visible_pixels already
  // Near face x = 3.5: pixels within 50 * 0.5 / 3.5 = 7.14 of the centre, 25..38 both ways.
  EXPECT_EQ(RayCaster(scene).UnoccludedPixelCount(MakeViewAlongX(), 0), 14 * 14);
  EXPECT_TRUE(hidden.visible_box.isEmpty());
  EXPECT_FALSE(hidden.referable);
  EXPECT_EQ(visibility[1].visible_pixels, 64 * 48);
}

TEST(RaycastTest, HalfHiddenBoxShowsHalfItsProjection) {
  Scene scene;
  scene.objects.push_back(TargetBox());
  // A wall over world y in [-2, 0] in front of the box hides the image right of x = 32.
  scene.objects.push_back(MakeBox(1, {2, -1, 0}, {0.1, 2, 3}));
  const ObjectVisibility half = VisibilityOf(scene, {})[0];
  EXPECT_EQ(half.visible_pixels, 10 * 20);
  EXPECT_EQ(half.unoccluded_pixels, -1);  // 200 < min_visible_pixels: not counted
  EXPECT_EQ(half.visible_box.min(), Eigen::Vector2d(22, 14));
  EXPECT_EQ(half.visible_box.max(), Eigen::Vector2d(32, 34));
  EXPECT_DOUBLE_EQ(half.centroid_x, 27.0);
  EXPECT_FALSE(half.referable);  // 200 < min_visible_pixels

  VisibilityOptions options;
  options.min_visible_pixels = 100;
  EXPECT_EQ(VisibilityOf(scene, options)[0].unoccluded_pixels, 20 * 20);
  EXPECT_TRUE(VisibilityOf(scene, options)[0].referable);  // 200 >= 0.3 * 400
  options.min_visible_fraction = 0.6;
  EXPECT_FALSE(VisibilityOf(scene, options)[0].referable);  // 200 < 0.6 * 400
}

TEST(RaycastTest, BoxCutByTheBorderIsNotReferable) {
  VisibilityOptions options;  // only the border criterion can fail
  options.min_visible_pixels = 1;
  options.min_visible_fraction = 0;

  Scene scene;
  scene.objects.push_back(MakeBox(0, {3, 2, 0}, {1, 1, 1}));
  // Its 2D box spans x from 32 - 50 * 2.5 / 2.5 = -18 (near face) to 32 - 50 * 1.5 / 3.5
  // (far face), so only 10.57 of its 28.57 pixels of width are inside the image.
  const ObjectVisibility cut = VisibilityOf(scene, options)[0];
  EXPECT_NEAR(cut.inside_image_fraction, (32 - 50 * 1.5 / 3.5) / (50 - 50 * 1.5 / 3.5), 1e-9);
  EXPECT_GT(cut.visible_pixels, 0);
  EXPECT_FALSE(cut.referable);

  scene.objects[0].center_in_world = {3, 1, 0};  // x from 2 to 24.9: inside
  const ObjectVisibility inside = VisibilityOf(scene, options)[0];
  EXPECT_DOUBLE_EQ(inside.inside_image_fraction, 1.0);
  EXPECT_TRUE(inside.referable);
}

TEST(RaycastTest, BoxAroundTheCameraHasNoInsideFraction) {
  Scene scene;
  scene.objects.push_back(MakeBox(0, {0.2, 0, 0}, {1, 1, 1}));
  const ObjectVisibility around = VisibilityOf(scene, {})[0];
  EXPECT_EQ(around.inside_image_fraction, 0.0);
  EXPECT_EQ(around.visible_pixels, 64 * 48);  // seen from inside, on every pixel
  EXPECT_EQ(around.unoccluded_pixels, -1);  // the border test fails first
  EXPECT_FALSE(around.referable);
}

TEST(RaycastTest, UnoccludedCountCoversMeshBeyondATightBox) {
  // A 2 x 2 quad of object 7 at x = 3 whose annotated box is far too small: the traced
  // region must still cover the whole quad, 32 -+ 50 / 3 both ways: pixels 15..48 x 7..40.
  Scene scene;
  scene.mesh.vertices = {{3, -1, -1}, {3, 1, -1}, {3, 1, 1}, {3, -1, 1}};
  scene.mesh.triangles = {{0, 1, 2}, {0, 2, 3}};
  scene.mesh.triangle_instance = {7, 7};
  scene.objects.push_back(MakeBox(7, {3, 0, 0}, {0.1, 0.1, 0.1}));
  const ObjectVisibility quad = VisibilityOf(scene, {})[0];
  EXPECT_EQ(quad.visible_pixels, 34 * 34);
  EXPECT_EQ(quad.unoccluded_pixels, 34 * 34);
}

// The pixels whose ray hits `instance`'s triangles when nothing else exists: a render of a
// scene holding only those triangles (the reference for UnoccludedPixelCount).
int64_t PixelsOfAlone(const Scene& scene, int instance, const View& view) {
  Scene alone;
  alone.mesh.vertices = scene.mesh.vertices;
  for (size_t t = 0; t < scene.mesh.triangles.size(); ++t) {
    if (scene.mesh.triangle_instance[t] != instance) continue;
    alone.mesh.triangles.push_back(scene.mesh.triangles[t]);
    alone.mesh.triangle_instance.push_back(instance);
  }
  for (const Object& object : scene.objects) {
    if (object.id == instance && alone.mesh.triangles.empty()) alone.objects.push_back(object);
  }
  const ViewRender render = Render(RayCaster(alone), view, RenderOptions{});
  return std::count(render.instance.begin(), render.instance.end(), instance);
}

TEST(RaycastTest, UnoccludedCountEqualsARenderOfTheObjectAlone) {
  // A bumpy grid of shared-edge triangles split between objects 3 and 4 and the background,
  // in front of and behind two box-only objects: each count must ignore everything else.
  Scene scene;
  const int side = 24;
  for (int j = 0; j <= side; ++j) {
    for (int i = 0; i <= side; ++i) {
      const float y = -1.5f + 3.0f * i / side, z = -1.2f + 2.4f * j / side;
      scene.mesh.vertices.emplace_back(3.0f + 0.3f * std::sin(5.0f * y) * std::cos(4.0f * z), y, z);
    }
  }
  for (int j = 0; j < side; ++j) {
    for (int i = 0; i < side; ++i) {
      const int v = j * (side + 1) + i;
      const int instance = i < side / 3 ? 3 : i < 2 * side / 3 ? -1 : 4;
      scene.mesh.triangles.emplace_back(v, v + 1, v + side + 2);
      scene.mesh.triangles.emplace_back(v, v + side + 2, v + side + 1);
      scene.mesh.triangle_instance.insert(scene.mesh.triangle_instance.end(), {instance, instance});
    }
  }
  scene.objects.push_back(MakeBox(3, {3, 1, 0}, {0.2, 0.2, 0.2}));  // smaller than its mesh
  scene.objects.push_back(MakeBox(4, {3, -1, 0}, {0.6, 1, 2.4}));
  scene.objects.push_back(MakeBox(5, {2, 0.2, 0.1}, {0.3, 0.5, 0.4}, 0.4));  // in front of the grid
  scene.objects.push_back(MakeBox(6, {5, 0, 0}, {0.5, 2, 1}));               // behind it
  const RayCaster caster(scene);
  const View view = MakeViewAlongX();
  for (int id : {3, 4, 5, 6}) {
    const int64_t expected = PixelsOfAlone(scene, id, view);
    EXPECT_GT(expected, 0) << "object " << id;
    EXPECT_EQ(caster.UnoccludedPixelCount(view, id), expected) << "object " << id;
  }
  EXPECT_EQ(caster.UnoccludedPixelCount(view, 9), 0);  // no such object

  // With the render's first hits, the pixels they decide take no ray and the count stays.
  const ViewRender render = Render(caster, view, RenderOptions{});
  for (int id : {3, 4, 5, 6}) {
    int64_t all_rays = 0, fewer_rays = 0;
    const int64_t traced = caster.UnoccludedPixelCount(view, id, &all_rays);
    const PrimaryHits primary{render.primitive, render.depth};
    EXPECT_EQ(caster.UnoccludedPixelCount(view, id, &fewer_rays, &primary), traced) << "object " << id;
    // Object 6 lies wholly behind the grid: every pixel of its window needs a ray.
    if (id == 6) {
      EXPECT_EQ(fewer_rays, all_rays);
    } else {
      EXPECT_LT(fewer_rays, all_rays) << "object " << id;
    }
  }
  // A render that withdrew every hit (as sensor depth does) leaves the rays to be traced.
  const std::vector<int32_t> withdrawn(render.primitive.size(), -1);
  const PrimaryHits none_known{withdrawn, render.depth};
  int64_t withdrawn_rays = 0, all_rays = 0;
  EXPECT_EQ(caster.UnoccludedPixelCount(view, 4, &withdrawn_rays, &none_known),
            caster.UnoccludedPixelCount(view, 4, &all_rays));
  EXPECT_GT(withdrawn_rays, 0);
  const PrimaryHits short_hits{std::span<const int32_t>(render.primitive).first(5), render.depth};
  EXPECT_THROW(caster.UnoccludedPixelCount(view, 3, nullptr, &short_hits), std::invalid_argument);
}

TEST(RaycastTest, VisibilityOptionsAreCheckedAndRead) {
  VisibilityOptions options;
  EXPECT_NO_THROW(options.Check());
  options.max_border_cut = -0.1;
  EXPECT_THROW(options.Check(), InputError);

  const Json json = Json::parse(
      R"({"min_visible_pixels": 50, "min_visible_fraction": 0.5, "max_border_cut": 0.25})");
  JsonReader reader(json, "v.json");
  VisibilityOptions read;
  ReadOptions(reader, read);
  reader.Finish();
  EXPECT_EQ(read.min_visible_pixels, 50);
  EXPECT_DOUBLE_EQ(read.min_visible_fraction, 0.5);
  EXPECT_DOUBLE_EQ(read.max_border_cut, 0.25);

  const Json bad = Json::parse(R"({"min_visible_fraction": 3})");
  JsonReader bad_reader(bad, "v.json", "visibility");
  try {
    ReadOptions(bad_reader, read);
    FAIL() << "expected an error";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(), "v.json: visibility.min_visible_fraction: must lie in [0, 1], got 3");
  }
}

}  // namespace
}  // namespace spatialgen
