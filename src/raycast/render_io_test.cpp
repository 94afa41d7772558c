#include "raycast/render_io.h"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include <unistd.h>

#include <filesystem>

#include "core/atomic_file.h"

namespace spatialgen {
namespace {

// A 2 x 1 render: a hit at 1.2346 m on object 4, then nothing.
ViewRender TinyRender() {
  ViewRender render;
  render.width = 2;
  render.height = 1;
  render.depth = {1.2346f, 0.0f};
  render.instance = {4, -1};
  render.rgb = {255, 0, 10, 1, 2, 3};
  return render;
}

class RaycastIoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = std::filesystem::temp_directory_path() /
              ("raycast_render_io_" + std::to_string(::getpid()));
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }
  std::filesystem::path folder_;
};

TEST_F(RaycastIoTest, WritesRgbDepthAndInstancePngs) {
  const ViewRender render = TinyRender();
  SaveRgbPng(render, folder_ / "rgb.png");
  SaveDepthPng(render, folder_ / "depth.png");
  SaveInstancePng(render, folder_ / "instance.png");

  const cv::Mat bgr = cv::imread((folder_ / "rgb.png").string(), cv::IMREAD_UNCHANGED);
  ASSERT_EQ(bgr.type(), CV_8UC3);
  EXPECT_EQ(bgr.at<cv::Vec3b>(0, 0), cv::Vec3b(10, 0, 255));
  EXPECT_EQ(bgr.at<cv::Vec3b>(0, 1), cv::Vec3b(3, 2, 1));

  const cv::Mat depth = cv::imread((folder_ / "depth.png").string(), cv::IMREAD_UNCHANGED);
  ASSERT_EQ(depth.type(), CV_16UC1);
  EXPECT_EQ(depth.at<uint16_t>(0, 0), 1235);  // millimetres, rounded
  EXPECT_EQ(depth.at<uint16_t>(0, 1), 0);

  const cv::Mat instance = cv::imread((folder_ / "instance.png").string(), cv::IMREAD_UNCHANGED);
  ASSERT_EQ(instance.type(), CV_16UC1);
  EXPECT_EQ(instance.at<uint16_t>(0, 0), 5);
  EXPECT_EQ(instance.at<uint16_t>(0, 1), 0);
}

TEST_F(RaycastIoTest, DepthIsClampedToSixteenBits) {
  ViewRender render = TinyRender();
  render.depth = {100.0f, 1e-5f};
  SaveDepthPng(render, folder_ / "depth.png");
  const cv::Mat depth = cv::imread((folder_ / "depth.png").string(), cv::IMREAD_UNCHANGED);
  EXPECT_EQ(depth.at<uint16_t>(0, 0), 65535);
  EXPECT_EQ(depth.at<uint16_t>(0, 1), 1);  // a hit never reads as "no hit"
}

TEST_F(RaycastIoTest, MaskIsAOneBitLosslessPng) {
  std::vector<uint8_t> mask(7 * 5, 0);
  mask[2 * 7 + 3] = 1;  // pixel (3, 2)
  mask[4 * 7 + 6] = 9;  // any non-zero value is inside
  const std::filesystem::path path = folder_ / "mask.png";
  SaveMaskPng(mask, 7, 5, path);
  const std::string bytes = ReadFileToString(path);
  ASSERT_GT(bytes.size(), 25u);
  EXPECT_EQ(bytes[24], 1);  // IHDR bit depth: one bit a pixel
  const cv::Mat read = cv::imread(path.string(), cv::IMREAD_UNCHANGED);
  ASSERT_EQ(read.rows, 5);
  ASSERT_EQ(read.cols, 7);
  for (int j = 0; j < 5; ++j) {
    for (int i = 0; i < 7; ++i) {
      EXPECT_EQ(read.at<uint8_t>(j, i) != 0, mask[j * 7 + i] != 0) << i << "," << j;
    }
  }
}

}  // namespace
}  // namespace spatialgen
