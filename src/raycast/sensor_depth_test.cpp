#include "raycast/sensor_depth.h"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include <unistd.h>

#include "core/error.h"

namespace spatialgen {
namespace {

class SensorDepthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = std::filesystem::temp_directory_path() / ("raycast_sensor_depth_" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  std::filesystem::path WriteDepth(const std::string& name, const cv::Mat& millimetres) {
    const auto path = folder_ / name;
    cv::imwrite(path.string(), millimetres);
    return path;
  }
  std::filesystem::path folder_;
};

TEST_F(SensorDepthTest, ReadsMillimetresAsMetres) {
  cv::Mat depth(2, 3, CV_16UC1, cv::Scalar(0));
  depth.at<uint16_t>(0, 0) = 1500;
  depth.at<uint16_t>(1, 2) = 65535;
  const std::vector<float> metres = LoadSensorDepth(WriteDepth("d.png", depth), 1000.0, 3, 2);
  ASSERT_EQ(metres.size(), 6u);
  EXPECT_FLOAT_EQ(metres[0], 1.5f);
  EXPECT_FLOAT_EQ(metres[1], 0.0f);
  EXPECT_FLOAT_EQ(metres[5], 65.535f);
}

TEST_F(SensorDepthTest, SameAspectIsResampledToTheNearestPixelOtherAspectsAreRejected) {
  cv::Mat depth(2, 2, CV_16UC1, cv::Scalar(1000));
  depth.at<uint16_t>(1, 1) = 3000;  // the lower right quarter at 4x4
  const std::vector<float> metres = LoadSensorDepth(WriteDepth("small.png", depth), 1000.0, 4, 4);
  EXPECT_FLOAT_EQ(metres[0], 1.0f);
  EXPECT_FLOAT_EQ(metres[2 * 4 + 2], 3.0f);
  EXPECT_FLOAT_EQ(metres[3 * 4 + 3], 3.0f);
  EXPECT_FLOAT_EQ(metres[1 * 4 + 2], 1.0f);
  try {
    LoadSensorDepth(WriteDepth("wide.png", cv::Mat(2, 4, CV_16UC1, cv::Scalar(1))), 1000.0, 4, 4);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("wide.png"), std::string::npos) << e.what();
  }
  EXPECT_THROW(LoadSensorDepth(folder_ / "absent.png", 1000.0, 4, 4), InputError);
  EXPECT_THROW(LoadSensorDepth(WriteDepth("colour.png", cv::Mat(4, 4, CV_8UC3, cv::Scalar(1, 2, 3))), 1000.0, 4, 4),
               InputError);
}

// Four pixels: object 7 at 2 m seen as is, object 7 hidden by something at 1 m, object 7 seen
// through (the sensor reads the wall behind: kept, not agreeing), and no sensor reading.
TEST_F(SensorDepthTest, NearerSensorReadingsHideObjectPixels) {
  ViewRender render;
  render.width = 4;
  render.height = 1;
  render.depth = {2.0f, 2.0f, 2.0f, 2.0f};
  render.instance = {7, 7, 7, 7};
  render.primitive = {0, 1, 2, 3};
  VisibilityOptions options;
  options.sensor_depth_tolerance = 0.1;
  const DepthAgreement agreement = ApplySensorDepth({2.05f, 1.0f, 3.0f, 0.0f}, options, render);
  EXPECT_EQ(render.instance, (std::vector<int32_t>{7, -1, 7, 7}));
  EXPECT_EQ(render.primitive, (std::vector<int32_t>{0, -1, 2, 3}));  // no surface shows there either
  EXPECT_EQ(agreement.compared, 3);
  EXPECT_EQ(agreement.agreeing, 1);
  EXPECT_EQ(agreement.hidden, 1);
  EXPECT_DOUBLE_EQ(agreement.Share(), 1.0 / 3.0);
}

}  // namespace
}  // namespace spatialgen
