#include "raycast/render.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "testing/eigen_matchers.h"
#include "testing/synthetic_scenes.h"

namespace spatialgen {
namespace {

using testing::MakeBox;
using testing::MakeViewAlongX;

// The shading factor Render applies for a surface facing the camera head-on at pixel (i, j)
// of MakeViewAlongX(): ambient + (1 - ambient) |cos|, cos between the ray and the x axis.
float HeadOnShade(int i, int j, float ambient) {
  const Eigen::Vector3f ray((i + 0.5f - 32) / 50, (j + 0.5f - 24) / 50, 1);
  return ambient + (1 - ambient) / ray.norm();
}

int Channel(const ViewRender& render, int i, int j, int c) {
  return render.rgb[3 * render.PixelIndex(i, j) + c];
}

TEST(RaycastTest, RendersBoxDepthInstanceAndColor) {
  Scene scene;
  scene.objects.push_back(MakeBox(3, {3, 0, 0}, {1, 1, 1}));
  scene.objects.back().color = {1.0f, 0.5f, 0.0f};
  const RayCaster caster(scene);
  const RenderOptions options;
  const ViewRender render = Render(caster, MakeViewAlongX(), options);
  ASSERT_EQ(render.width, 64);
  ASSERT_EQ(render.height, 48);
  EXPECT_EQ(render.rays_cast, 64 * 48);

  // The near face x = 2.5 spans pixels x, y in (32 -+ 10, 24 -+ 10): centres 22.5..41.5 and
  // 14.5..33.5, so 20 x 20 pixels, all at depth 2.5 (the face is parallel to the image).
  int box_pixels = 0;
  for (int j = 0; j < 48; ++j) {
    for (int i = 0; i < 64; ++i) {
      const size_t pixel = render.PixelIndex(i, j);
      const bool inside = i >= 22 && i <= 41 && j >= 14 && j <= 33;
      EXPECT_EQ(render.instance[pixel], inside ? 3 : -1) << i << "," << j;
      EXPECT_FLOAT_EQ(render.depth[pixel], inside ? 2.5f : 0.0f) << i << "," << j;
      box_pixels += inside;
    }
  }
  EXPECT_EQ(box_pixels, 400);

  const float shade = HeadOnShade(32, 24, options.ambient);
  EXPECT_EQ(Channel(render, 32, 24, 0), std::lround(255 * 1.0f * shade));
  EXPECT_EQ(Channel(render, 32, 24, 1), std::lround(255 * 0.5f * shade));
  EXPECT_EQ(Channel(render, 32, 24, 2), 0);
  for (int c = 0; c < 3; ++c) {
    EXPECT_EQ(Channel(render, 0, 0, c), std::lround(255 * options.background_color[c]));
  }
}

// Two unit quads in the plane x = 3: object 5 at y in [0, 1] (image left, red), unlabelled
// at y in [-1, 0] (image right, blue at y = 0 blending to cyan at y = -1).
Scene TwoQuadScene() {
  Scene scene;
  scene.id = "quads";
  Mesh& mesh = scene.mesh;
  mesh.vertices = {{3, 0, -1}, {3, 1, -1}, {3, 1, 1}, {3, 0, 1},      // left quad
                   {3, -1, -1}, {3, 0, -1}, {3, 0, 1}, {3, -1, 1}};  // right quad
  const Eigen::Vector3f red(1, 0, 0), blue(0, 0, 1), cyan(0, 1, 1);
  mesh.vertex_colors = {red, red, red, red, cyan, blue, blue, cyan};
  mesh.triangles = {{0, 1, 2}, {0, 2, 3}, {4, 5, 6}, {4, 6, 7}};
  mesh.triangle_instance = {5, 5, -1, -1};
  scene.objects.push_back(MakeBox(5, {3, 0.5, 0}, {0.02, 1, 2}));
  scene.objects.back().color = {0.0f, 1.0f, 0.0f};
  return scene;
}

TEST(RaycastTest, RendersMeshInstancesAndVertexColors) {
  const Scene scene = TwoQuadScene();
  const RayCaster caster(scene);
  const RenderOptions options;
  const ViewRender render = Render(caster, MakeViewAlongX(), options);

  // Left of the image centre: object 5, red (vertex colours win over the object colour).
  const size_t left = render.PixelIndex(20, 24);
  EXPECT_EQ(render.instance[left], 5);
  EXPECT_FLOAT_EQ(render.depth[left], 3.0f);
  EXPECT_EQ(Channel(render, 20, 24, 0), std::lround(255 * HeadOnShade(20, 24, options.ambient)));
  EXPECT_EQ(Channel(render, 20, 24, 1), 0);

  // Right of it: unlabelled, green = -y interpolated between the vertex colours.
  const size_t right = render.PixelIndex(40, 24);
  EXPECT_EQ(render.instance[right], -1);
  EXPECT_FLOAT_EQ(render.depth[right], 3.0f);
  const float y = -(40.5f - 32) / 50 * 3;
  const float shade = HeadOnShade(40, 24, options.ambient);
  EXPECT_NEAR(Channel(render, 40, 24, 1), 255 * -y * shade, 1.0);
  EXPECT_EQ(Channel(render, 40, 24, 2), std::lround(255 * shade));

  // Beyond the quads (|y| > 1 at x = 3: pixel x < 15.3 or > 48.7): background.
  EXPECT_EQ(render.instance[render.PixelIndex(5, 24)], -1);
  EXPECT_EQ(render.depth[render.PixelIndex(5, 24)], 0.0f);
}

TEST(RaycastTest, GeometryRenderIsTheRenderWithoutItsImage) {
  Scene scene;
  scene.objects.push_back(MakeBox(3, {3, 0, 0}, {1, 1, 1}));
  scene.objects.push_back(MakeBox(5, {5, 1, 0.5}, {1, 2, 1}, 0.3));
  const RayCaster caster(scene);
  const ViewRender full = Render(caster, MakeViewAlongX(), RenderOptions{});
  const ViewRender geometry = RenderGeometry(caster, MakeViewAlongX());
  EXPECT_TRUE(geometry.rgb.empty());
  EXPECT_EQ(geometry.width, full.width);
  EXPECT_EQ(geometry.height, full.height);
  EXPECT_EQ(geometry.depth, full.depth);
  EXPECT_EQ(geometry.instance, full.instance);
  EXPECT_EQ(geometry.primitive, full.primitive);
  EXPECT_EQ(geometry.rays_cast, full.rays_cast);
}

TEST(RaycastTest, SurfaceColorFallsBackToObjectThenGrey) {
  Scene scene = TwoQuadScene();
  scene.mesh.vertex_colors.clear();
  const RayCaster caster(scene);
  const RayHit object_hit = caster.Intersect(Eigen::Vector3f::Zero(), Eigen::Vector3f(1, 0.1f, 0));
  ASSERT_EQ(object_hit.instance, 5);
  EXPECT_THAT(caster.SurfaceColor(object_hit), testing::IsApprox(Eigen::Vector3f(0, 1, 0)));
  const RayHit wall_hit = caster.Intersect(Eigen::Vector3f::Zero(), Eigen::Vector3f(1, -0.1f, 0));
  ASSERT_EQ(wall_hit.instance, -1);
  const Eigen::Vector3f grey = caster.SurfaceColor(wall_hit);
  EXPECT_FLOAT_EQ(grey.x(), grey.y());
  EXPECT_FLOAT_EQ(grey.y(), grey.z());
}

TEST(RaycastTest, RenderOptionsAreCheckedAndRead) {
  RenderOptions options;
  EXPECT_NO_THROW(options.Check());
  options.ambient = 1.5f;
  EXPECT_THROW(options.Check(), InputError);

  const Json json = Json::parse(R"({"ambient": 0.5, "background_color": [0, 0.5, 1]})");
  JsonReader reader(json, "render.json", "render");
  RenderOptions read;
  ReadOptions(reader, read);
  reader.Finish();
  EXPECT_FLOAT_EQ(read.ambient, 0.5f);
  EXPECT_THAT(read.background_color, testing::IsApprox(Eigen::Vector3f(0, 0.5f, 1)));

  const Json bad = Json::parse(R"({"background_color": [0, 2, 1]})");
  JsonReader bad_reader(bad, "render.json", "render");
  try {
    ReadOptions(bad_reader, read);
    FAIL() << "expected an error";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("render.json"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("render.background_color"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace spatialgen
