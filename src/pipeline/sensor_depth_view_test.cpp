// Views with a sensor depth image: pixels the sensor shows hidden count for no object, and a
// view whose sensor depth disagrees with the scene is skipped.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <unistd.h>

#include <fstream>

#include "core/atomic_file.h"
#include "pipeline/generate.h"
#include "pipeline/prepared_view.h"
#include "raycast/render_io.h"
#include "sources/scene_file.h"

namespace spatialgen {
namespace {

const std::filesystem::path kSource(SPATIALGEN_SOURCE_DIR);
const std::filesystem::path kData = kSource / "tests" / "data";

class SensorDepthViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("spatialgen_sensor_depth_view_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    config_ = LoadRunConfig(kData / "tiny_config.json");
    scene_ = LoadSceneFile(kData / "tiny_scene.json", config_.categories);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::vector<int> ReferableIds(const PreparedView& prepared) {
    std::vector<int> ids;
    for (const VisibleObject& visible : prepared.context.referable) ids.push_back(visible.object->id);
    return ids;
  }
  // The rendered depth of view 0 in millimetres, as a sensor that agrees would record it.
  cv::Mat AgreeingDepth(const PreparedView& prepared) {
    SaveDepthPng(prepared.render, dir_ / "rendered.png");
    return cv::imread((dir_ / "rendered.png").string(), cv::IMREAD_UNCHANGED);
  }
  void UseDepth(const cv::Mat& millimetres) {
    cv::imwrite((dir_ / "depth.png").string(), millimetres);
    scene_.views[0].depth_path = (dir_ / "depth.png").string();
    scene_.views[0].depth_scale = 1000.0;
  }

  std::filesystem::path dir_;
  RunConfig config_;
  Scene scene_;
};

TEST_F(SensorDepthViewTest, AgreeingDepthChangesNothing) {
  const PreparedScene geometry(scene_, config_.support);
  const PreparedView plain(geometry, scene_.views[0], config_);
  UseDepth(AgreeingDepth(plain));
  const PreparedView sensed(geometry, scene_.views[0], config_);
  EXPECT_TRUE(sensed.usable);
  EXPECT_EQ(sensed.depth_agreement.hidden, 0);
  EXPECT_DOUBLE_EQ(sensed.depth_agreement.Share(), 1.0);
  EXPECT_EQ(sensed.render.instance, plain.render.instance);
  EXPECT_EQ(ReferableIds(sensed), ReferableIds(plain));
}

TEST_F(SensorDepthViewTest, SomethingInFrontOfAnObjectHidesIt) {
  const PreparedScene geometry(scene_, config_.support);
  const PreparedView plain(geometry, scene_.views[0], config_);
  ASSERT_FALSE(plain.context.referable.empty());
  const VisibleObject& hidden = plain.context.referable.front();
  cv::Mat depth = AgreeingDepth(plain);
  // A person 0.3 m from the camera, standing over the whole visible box of the object.
  const Eigen::AlignedBox2d& box = hidden.visible_box;
  depth(cv::Rect(int(box.min().x()), int(box.min().y()), int(box.sizes().x()), int(box.sizes().y()))) = 300;
  UseDepth(depth);
  const PreparedView sensed(geometry, scene_.views[0], config_);
  EXPECT_TRUE(sensed.usable);  // the rest of the view agrees
  EXPECT_GT(sensed.depth_agreement.hidden, 0);
  const std::vector<int> ids = ReferableIds(sensed);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), hidden.object->id), 0);
  for (const int id : ids) {
    const std::vector<int> before = ReferableIds(plain);
    EXPECT_NE(std::count(before.begin(), before.end(), id), 0) << "object " << id << " became referable";
  }
}

TEST_F(SensorDepthViewTest, DepthOfAnotherPlaceSkipsTheView) {
  const PreparedScene geometry(scene_, config_.support);
  UseDepth(cv::Mat(scene_.views[0].height, scene_.views[0].width, CV_16UC1, cv::Scalar(9000)));
  const PreparedView sensed(geometry, scene_.views[0], config_);
  EXPECT_FALSE(sensed.usable);
  EXPECT_DOUBLE_EQ(sensed.depth_agreement.Share(), 0.0);
  EXPECT_TRUE(sensed.context.referable.empty());

  // generate skips it: no image, no item, and a counter says why.
  auto scene = nlohmann::json::parse(ReadFileToString(kData / "tiny_scene.json"), nullptr, true, true);
  scene["views"][0]["depth"] = (dir_ / "depth.png").string();
  std::ofstream(dir_ / "scene.json") << scene.dump();
  std::ofstream(dir_ / "config.json") << R"({"templates": ")" << (kSource / "templates").string()
                                      << R"(", "scenes": {"source": "files", "files": ["scene.json"]},
                                           "visibility": {"min_visible_pixels": 40}})";
  GenerateOptions options;
  options.config = dir_ / "config.json";
  options.out = dir_ / "out";
  options.progress = false;
  const GenerateSummary summary = RunGenerate(options);
  EXPECT_EQ(summary.scenes_ok, 1);
  EXPECT_EQ(summary.counters.Get("views.depth_disagrees"), 1);
  EXPECT_EQ(summary.robospatial_items + summary.robopoint_items, 0);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "out" / "images" / "tiny" / "v0.png"));
}

}  // namespace
}  // namespace spatialgen
