#include "pipeline/free_space_overlay.h"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include "testing/synthetic_scenes.h"
#include "raycast/raycaster.h"
#include "testing/temp_path.h"

namespace spatialgen {
namespace {

// A 1 x 1 m table (support) with its top at 0.5 m and a 0.1 m box on its centre, seen
// straight down from 1.5 m above the top (x to the right, world y up the image), 0.0075 m
// of table top per pixel.
struct TableScene {
  TableScene() {
    scene.id = "overlay";
    Object table = testing::MakeLabeledBox(0, "table", {0.5, 0.5, 0.25}, {1, 1, 0.5});
    table.support = true;
    scene.objects = {table, testing::MakeLabeledBox(1, "box", {0.5, 0.5, 0.55}, {0.1, 0.1, 0.1})};
    testing::AddBoxOnlyFloor(scene);
    View view;
    view.id = "down";
    view.width = view.height = 200;
    view.intrinsics = {200, 200, 100, 100};
    Eigen::Matrix3d cam_from_world_rotation;
    cam_from_world_rotation << 1, 0, 0, 0, -1, 0, 0, 0, -1;
    view.cam_from_world.linear() = cam_from_world_rotation;
    view.cam_from_world.translation() = -cam_from_world_rotation * Eigen::Vector3d(0.5, 0.5, 2);
    scene.views = {view};
  }
  Scene scene;
};

class FreeSpaceOverlayTest : public ::testing::Test {
 protected:
  FreeSpaceOverlayTest()
      : surfaces_(FindSupportSurfaces(table_.scene, SupportOptions())),
        render_(Render(RayCaster(table_.scene), table_.scene.views[0], RenderOptions())),
        overlay_(FreeSpaceOverlay(render_, table_.scene.views[0], surfaces_, FreeSpaceOptions())) {}

  // The byte offset of the pixel showing a world point.
  size_t PixelOf(const Eigen::Vector3d& p_in_world) const {
    const Eigen::Vector2d pixel = *table_.scene.views[0].Project(p_in_world);
    return 3 * render_.PixelIndex(int(pixel.x()), int(pixel.y()));
  }
  bool Unchanged(size_t offset) const {
    return std::equal(&overlay_[offset], &overlay_[offset] + 3, &render_.rgb[offset]);
  }

  TableScene table_;
  std::vector<SupportSurface> surfaces_;
  ViewRender render_;
  std::vector<uint8_t> overlay_;
};

TEST_F(FreeSpaceOverlayTest, FreeTableTopGreenBoxTopAndBackgroundUnchanged) {
  ASSERT_EQ(surfaces_.size(), 2u);  // the floor plane of the box-only scene and the table top
  ASSERT_EQ(overlay_.size(), render_.rgb.size());

  const size_t free_top = PixelOf({0.25, 0.5, 0.5});  // 0.2 m from the box
  EXPECT_GT(overlay_[free_top + 1], render_.rgb[free_top + 1]);
  EXPECT_LT(overlay_[free_top + 0], render_.rgb[free_top + 0]);
  EXPECT_LT(overlay_[free_top + 2], render_.rgb[free_top + 2]);

  // Just right of the box (its edge at x = 0.55): the cell [0.54, 0.56) it shares with the box
  // is occupied.
  const size_t beside_box = PixelOf({0.556, 0.5, 0.5});
  EXPECT_EQ(render_.instance[beside_box / 3], 0);
  EXPECT_GT(overlay_[beside_box + 0], render_.rgb[beside_box + 0]);
  EXPECT_LT(overlay_[beside_box + 1], render_.rgb[beside_box + 1]);

  // The box's top is not a support surface, and its height is not the table's.
  const size_t box_top = PixelOf({0.5, 0.5, 0.6});
  EXPECT_EQ(render_.instance[box_top / 3], 1);
  EXPECT_TRUE(Unchanged(box_top));

  // Beyond the table the rays hit the floor plane, free too.
  const size_t outside = PixelOf({-0.2, 0.5, 0});
  EXPECT_EQ(render_.instance[outside / 3], -1);
  EXPECT_GT(render_.depth[outside / 3], 0.0f);
  EXPECT_GT(overlay_[outside + 1], render_.rgb[outside + 1]);
  size_t unchanged = 0;
  for (size_t offset = 0; offset < overlay_.size(); offset += 3) unchanged += Unchanged(offset);
  // Only the box's top (14 x 14 pixels) shows no support surface.
  EXPECT_NEAR(double(unchanged) / (200 * 200), 14.0 * 14 / (200 * 200), 0.002);
}

TEST_F(FreeSpaceOverlayTest, TopDownMapHasFourPixelsPerCell) {
  const std::filesystem::path path = spatialgen::testing::TempPath("spatialgen_free_map_test.png");
  const OccupancyGrid& top = surfaces_[1].grid;
  SaveFreeSpaceMapPng(top, 0.1, path);
  const cv::Mat map = cv::imread(path.string(), cv::IMREAD_UNCHANGED);
  std::filesystem::remove(path);
  ASSERT_EQ(map.type(), CV_8UC4);
  ASSERT_EQ(map.cols, 4 * top.width());
  ASSERT_EQ(map.rows, 4 * top.height());
  // Image row 0 holds the highest cell row; the box's cells are red, the rest of the top green.
  const auto pixel = [&](double x, double y) {
    const Eigen::Vector2i cell = *top.CellAt({x, y});
    return map.at<cv::Vec4b>(4 * (top.height() - 1 - cell.y()) + 3, 4 * cell.x() + 3);
  };
  EXPECT_EQ(pixel(0.5, 0.5), cv::Vec4b(0, 0, 255, 255));
  EXPECT_EQ(pixel(0.25, 0.5), cv::Vec4b(0, 255, 0, 255));
}

}  // namespace
}  // namespace spatialgen
