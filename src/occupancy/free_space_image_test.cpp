#include "occupancy/free_space_image.h"

#include <gtest/gtest.h>

#include "occupancy/support_surfaces.h"
#include "testing/synthetic_scenes.h"

namespace spatialgen {
namespace {

TEST(FreeSpaceImageTest, FreeGreenOccupiedRedOffSurfaceTransparent) {
  // A 1 x 1 m table top at 0.5 m with a 0.2 m box on its (+x, +y) quarter.
  Scene scene;
  scene.id = "image";
  Object table = testing::MakeLabeledBox(0, "table", {0.5, 0.5, 0.25}, {1, 1, 0.5});
  table.support = true;
  scene.objects = {table, testing::MakeLabeledBox(1, "box", {0.75, 0.75, 0.6}, {0.2, 0.2, 0.2})};
  testing::AddBoxOnlyFloor(scene);
  const std::vector<SupportSurface> surfaces = FindSupportSurfaces(scene, SupportOptions());
  ASSERT_EQ(surfaces.size(), 2u);
  const OccupancyGrid& grid = surfaces[1].grid;
  const cv::Mat image = FreeSpaceImage(grid, 0.1);
  ASSERT_EQ(image.cols, grid.width());
  ASSERT_EQ(image.rows, grid.height());
  ASSERT_EQ(image.type(), CV_8UC4);
  const auto pixel = [&](double x, double y) {
    const Eigen::Vector2i cell = *grid.CellAt({x, y});
    return image.at<cv::Vec4b>(grid.height() - 1 - cell.y(), cell.x());
  };
  EXPECT_EQ(pixel(0.75, 0.75), cv::Vec4b(0, 0, 255, 255));  // under the box
  EXPECT_EQ(pixel(0.25, 0.75), cv::Vec4b(0, 255, 0, 255));
  EXPECT_EQ(pixel(0.75, 0.25), cv::Vec4b(0, 255, 0, 255));
  EXPECT_EQ(pixel(-0.1, 0.5), cv::Vec4b(0, 0, 0, 0));       // in the margin
  // Row 0 holds the highest y: the grid's 70 rows are the 50 of the top and 10 of margin on
  // each side, so cell row j = 40 (y = 0.81) is image row 69 - 50 = 19.
  ASSERT_EQ(grid.height(), 70);
  EXPECT_EQ(image.at<cv::Vec4b>(19, 50), cv::Vec4b(0, 0, 255, 255));
  EXPECT_EQ(image.at<cv::Vec4b>(69 - 15, 50), cv::Vec4b(0, 255, 0, 255));
}

}  // namespace
}  // namespace spatialgen
