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

bool IsRed(std::span<const uint8_t> rgb, const ViewRender& render, int i, int j) {
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
  RedBoxMarker marker(render, MarkingOptions{});
  const std::span<const uint8_t> marked = marker.Mark(box);
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
  RedBoxMarker marker(render, MarkingOptions{});
  const std::span<const uint8_t> marked = marker.Mark(box);
  EXPECT_TRUE(IsRed(marked, render, 10, 0));
  EXPECT_TRUE(IsRed(marked, render, 0, 10));
  EXPECT_FALSE(IsRed(marked, render, 0, 0));
}

TEST(ImageMarkingTest, EachMarkShowsOnlyItsOwnBox) {
  const ViewRender render = Grey(64, 48);
  RedBoxMarker marker(render, MarkingOptions{});
  const std::span<const uint8_t> first_mark = marker.Mark({Eigen::Vector2d(5, 5), Eigen::Vector2d(15, 15)});
  const std::vector<uint8_t> first(first_mark.begin(), first_mark.end());
  const std::span<const uint8_t> second = marker.Mark({Eigen::Vector2d(30, 30), Eigen::Vector2d(40, 40)});
  EXPECT_TRUE(IsRed(first, render, 4, 5));
  EXPECT_FALSE(IsRed(second, render, 4, 5));  // the first box is gone
  EXPECT_TRUE(IsRed(second, render, 29, 30));
  // Outside the second box's line the image is the render's.
  size_t differing = 0;
  for (size_t k = 0; k < render.rgb.size(); ++k) differing += second[k] != render.rgb[k];
  EXPECT_EQ(differing, size_t(3) * (12 * 12 - 10 * 10));
}

}  // namespace
}  // namespace spatialgen
