#include "qa_gen/image_marking.h"

#include <gtest/gtest.h>

namespace spatialgen {
namespace {

ViewRender Grey(int width, int height) {
  ViewRender render;
  render.width = width;
  render.height = height;
  render.rgb.assign(size_t(3) * width * height, 100);
  return render;
}

bool IsRed(const std::vector<uint8_t>& rgb, const ViewRender& render, int i, int j) {
  const uint8_t* pixel = &rgb[3 * render.PixelIndex(i, j)];
  return pixel[0] == 255 && pixel[1] == 0 && pixel[2] == 0;
}

TEST(ImageMarkingTest, LineWidthIsHalfAPercentOfTheDiagonal) {
  EXPECT_EQ(MarkingOptions{}.LineWidth(640, 480), 4);  // 0.005 * 800
  EXPECT_EQ(MarkingOptions{}.LineWidth(64, 48), 1);    // never below one pixel
}

TEST(ImageMarkingTest, RectangleIsDrawnJustOutsideTheBox) {
  const ViewRender render = Grey(640, 480);
  const Eigen::AlignedBox2d box(Eigen::Vector2d(100, 50), Eigen::Vector2d(200, 150));
  const std::vector<uint8_t> marked = MarkWithRedBox(render, box, MarkingOptions{});
  EXPECT_TRUE(IsRed(marked, render, 96, 50));    // 4 pixels to the left of the box
  EXPECT_TRUE(IsRed(marked, render, 203, 153));  // the outer corner
  EXPECT_FALSE(IsRed(marked, render, 95, 50));   // beyond the line
  EXPECT_FALSE(IsRed(marked, render, 100, 50));  // the box itself stays visible
  EXPECT_FALSE(IsRed(marked, render, 150, 100));
  EXPECT_EQ(render.rgb[0], 100);                  // the render is not modified
}

TEST(ImageMarkingTest, RectangleIsClippedAtTheBorder) {
  const ViewRender render = Grey(64, 48);
  const Eigen::AlignedBox2d box(Eigen::Vector2d(0, 0), Eigen::Vector2d(10, 10));
  const std::vector<uint8_t> marked = MarkWithRedBox(render, box, MarkingOptions{});
  EXPECT_TRUE(IsRed(marked, render, 10, 0));
  EXPECT_TRUE(IsRed(marked, render, 0, 10));
  EXPECT_FALSE(IsRed(marked, render, 0, 0));
}

}  // namespace
}  // namespace spatialgen
