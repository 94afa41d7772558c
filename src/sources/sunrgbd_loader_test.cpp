#include "sources/sunrgbd_loader.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "core/error.h"
#include "testing/eigen_matchers.h"

namespace spatialgen {
namespace {

namespace fs = std::filesystem;

const fs::path kSample =
    fs::path(SPATIALGEN_SOURCE_DIR) / ".." / "shared" / "data" / "real" / "sunrgbd_4frames";

// An axis-aligned image box.
struct Box2d {
  double x1, y1, x2, y2;
  double Area() const { return std::max(0.0, x2 - x1) * std::max(0.0, y2 - y1); }
};

double IntersectionArea(const Box2d& a, const Box2d& b) {
  return Box2d{std::max(a.x1, b.x1), std::max(a.y1, b.y1), std::min(a.x2, b.x2),
               std::min(a.y2, b.y2)}
      .Area();
}

double Iou(const Box2d& a, const Box2d& b) {
  const double intersection = IntersectionArea(a, b);
  return intersection / (a.Area() + b.Area() - intersection);
}

// The labelled 2D boxes ("x y w h" in MATLAB pixel coordinates, centres at 1, 2, ...) of a
// frame, in our pixel coordinates, in file order.
std::vector<Box2d> ReadLabelled2dBoxes(const std::string& frame_id) {
  std::ifstream stream(kSample / "label" / (frame_id + ".txt"));
  std::vector<Box2d> boxes;
  std::string label;
  double x, y, w, h, rest;
  while (stream >> label >> x >> y >> w >> h) {
    for (int i = 0; i < 8; ++i) stream >> rest;
    boxes.push_back({x - 0.5, y - 0.5, x + w - 0.5, y + h - 0.5});
  }
  return boxes;
}

// The 2D box of an object's projected corners clipped to the image; nullopt when a corner is
// behind the camera.
std::optional<Box2d> ProjectedBox(const View& view, const Object& object) {
  Box2d box{1e9, 1e9, -1e9, -1e9};
  for (const Eigen::Vector3d& corner : object.CornersInWorld()) {
    const std::optional<Eigen::Vector2d> pixel = view.Project(corner);
    if (!pixel) return std::nullopt;
    box = {std::min(box.x1, pixel->x()), std::min(box.y1, pixel->y()),
           std::max(box.x2, pixel->x()), std::max(box.y2, pixel->y())};
  }
  return Box2d{std::max(box.x1, 0.0), std::max(box.y1, 0.0),
               std::min(box.x2, double(view.width)), std::min(box.y2, double(view.height))};
}

class SunRgbdSampleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::is_directory(kSample)) {
      GTEST_SKIP() << "SUN RGB-D sample not found at " << kSample
                   << " (real data lives beside the project, not in it)";
    }
  }
};

TEST_F(SunRgbdSampleTest, ListsTheFourFrames) {
  EXPECT_EQ(ListSunRgbdFrames(kSample),
            (std::vector<std::string>{"000001", "000002", "000003", "000004"}));
}

TEST_F(SunRgbdSampleTest, ReadsLabelsInFileOrder) {
  const std::map<std::string, std::vector<std::string>> expected = {
      {"000001", {"bed", "night stand", "ottoman", "dresser mirror", "dresser", "lamp"}},
      {"000002", {"bed", "night stand"}},
      {"000003", {"bed", "night stand", "dresser mirror", "dresser", "lamp"}},
      {"000004", {"bed", "night stand", "lamp", "ottoman"}}};
  for (const auto& [frame_id, labels] : expected) {
    const Scene scene = LoadSunRgbdFrame(kSample, frame_id, CategoryOptions{});
    EXPECT_EQ(scene.id, "sunrgbd_" + frame_id);
    EXPECT_FALSE(scene.world_front.has_value());
    EXPECT_TRUE(scene.mesh.empty());
    std::vector<std::string> read;
    for (const Object& object : scene.objects) read.push_back(object.label);
    EXPECT_EQ(read, labels) << frame_id;
  }
}

TEST_F(SunRgbdSampleTest, ViewIsThePhoto) {
  const Scene scene = LoadSunRgbdFrame(kSample, "000001", CategoryOptions{});
  ASSERT_EQ(scene.views.size(), 1u);
  const View& view = scene.views[0];
  EXPECT_EQ(view.width, 730);
  EXPECT_EQ(view.height, 530);
  EXPECT_EQ(fs::path(view.rgb_path), kSample / "image" / "000001.jpg");
  EXPECT_DOUBLE_EQ(view.intrinsics.fx, 529.5);
  EXPECT_DOUBLE_EQ(view.intrinsics.cx, 364.5);  // K's 365 in 1-based pixel centres
  EXPECT_TRUE(view.CenterInWorld().isZero(1e-12));
  // The camera looks forward (+y) and a little down, as Rtilt's pitch says.
  EXPECT_GT(view.ForwardInWorld().y(), 0.9);
}

TEST_F(SunRgbdSampleTest, SizesFollowTheHeading) {
  // 000001's dresser: sx sy sz = 0.781567 0.356405 1.052273, heading ~ +x (out of the wall).
  const Scene scene = LoadSunRgbdFrame(kSample, "000001", CategoryOptions{});
  const Object& dresser = scene.objects[4];
  EXPECT_THAT(dresser.size, testing::IsApprox(Eigen::Vector3d(0.71281, 1.563134, 2.104546), 1e-9));
  EXPECT_NEAR(dresser.Yaw(), std::atan2(-0.102029, 0.994781), 1e-9);
  EXPECT_TRUE(dresser.has_front);
}

// Every box projects onto its labelled 2D box. Labelled boxes cover the visible part only, so
// each must lie inside the projection; IoU > 0.5 holds except where the 3D box is much bigger
// than what shows (below, with the reason).
TEST_F(SunRgbdSampleTest, BoxesProjectOntoTheirLabelled2dBoxes) {
  const std::set<std::pair<std::string, std::string>> low_iou = {
      {"000001", "night stand"},  // the bed hides its lower two thirds
      {"000001", "lamp"}};        // its 3D box is twice as wide as the lamp
  for (const std::string& frame_id : ListSunRgbdFrames(kSample)) {
    const Scene scene = LoadSunRgbdFrame(kSample, frame_id, CategoryOptions{});
    const std::vector<Box2d> labelled = ReadLabelled2dBoxes(frame_id);
    ASSERT_EQ(labelled.size(), scene.objects.size());
    for (size_t i = 0; i < labelled.size(); ++i) {
      const Object& object = scene.objects[i];
      const std::optional<Box2d> projected = ProjectedBox(scene.views[0], object);
      if (!projected) {
        std::cout << frame_id << " " << object.label << ": partly behind the camera\n";
        continue;
      }
      const double iou = Iou(*projected, labelled[i]);
      const double inside = IntersectionArea(*projected, labelled[i]) / labelled[i].Area();
      std::cout << frame_id << " " << object.label << ": IoU " << iou << ", labelled box inside "
                << inside << "\n";
      EXPECT_GT(inside, 0.9) << frame_id << " " << object.label;
      const bool expect_low = low_iou.count({frame_id, object.label}) > 0;
      EXPECT_GT(iou, expect_low ? 0.2 : 0.5) << frame_id << " " << object.label;
    }
  }
}

// Synthetic frames written into a temporary folder.
class SunRgbdSyntheticTest : public ::testing::Test {
 protected:
  static constexpr const char* kIdentityCalib =
      "1 0 0 0 1 0 0 0 1\n"
      "500 0 0 0 500 0 320 240 1\n";

  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("sunrgbd_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    for (const char* folder : {"calib", "label", "image"}) fs::create_directories(root_ / folder);
    // A plain photo of the SUN RGB-D size; image errors are tested separately.
    cv::imwrite((root_ / "image" / "f.jpg").string(), cv::Mat(530, 730, CV_8UC3, cv::Scalar(90, 120, 150)));
  }
  void TearDown() override { fs::remove_all(root_); }

  void Write(const std::string& relative, const std::string& text) {
    std::ofstream(root_ / relative) << text;
  }
  void WriteFrame(const std::string& calib, const std::string& label) {
    Write("calib/f.txt", calib);
    Write("label/f.txt", label);
  }

  // Loads frame "f" expecting an InputError; returns it.
  InputError LoadError() {
    try {
      LoadSunRgbdFrame(root_, "f", CategoryOptions{});
    } catch (const InputError& error) {
      return error;
    }
    ADD_FAILURE() << "expected an InputError";
    return InputError({}, "");
  }

  fs::path root_;
};

TEST_F(SunRgbdSyntheticTest, HeadingGivesYaw) {
  std::ostringstream label;
  label.precision(17);
  label << "Coffee_Table 1 2 3 4 0.5 3 -0.2 0.4 0.3 0.2 " << std::cos(0.4) << " " << std::sin(0.4)
        << "\n\n";
  WriteFrame(kIdentityCalib, label.str());
  const Scene scene = LoadSunRgbdFrame(root_, "f", CategoryOptions{});
  ASSERT_EQ(scene.objects.size(), 1u);
  const Object& table = scene.objects[0];
  EXPECT_EQ(table.id, 0);
  EXPECT_EQ(table.label, "coffee table");
  EXPECT_TRUE(table.support);
  EXPECT_NEAR(table.Yaw(), 0.4, 1e-12);
  EXPECT_THAT(table.world_from_object.col(2), testing::IsApprox(Eigen::Vector3d::UnitZ()));
  EXPECT_THAT(table.center_in_world, testing::IsApprox(Eigen::Vector3d(0.5, 3, -0.2)));
  EXPECT_THAT(table.size, testing::IsApprox(Eigen::Vector3d(0.6, 0.8, 0.4)));
  EXPECT_EQ(scene.views[0].width, 730);
}

TEST_F(SunRgbdSyntheticTest, IdentityRtiltLooksAlongY) {
  WriteFrame(kIdentityCalib, "");
  const View view = LoadSunRgbdFrame(root_, "f", CategoryOptions{}).views.at(0);
  // A point 2 m ahead and 1 m up lands on the principal column, above the principal row.
  const std::optional<Eigen::Vector2d> pixel = view.Project(Eigen::Vector3d(0, 2, 1));
  ASSERT_TRUE(pixel.has_value());
  EXPECT_NEAR(pixel->x(), 319.5, 1e-9);
  EXPECT_NEAR(pixel->y(), 239.5 - 250, 1e-9);
}

TEST_F(SunRgbdSyntheticTest, MalformedLabelLinesNameFileAndLine) {
  const std::string good = "chair 1 2 3 4 0 2 0 0.3 0.3 0.4 1 0\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {good + good + "chair 1 2 3 4 0 2 0 0.3 0.3 0.4 1\n", "12 numbers"},
      {good + good + "chair 1 2 3 4 0 2 nan 0.3 0.3 0.4 1 0\n", "'nan' is not a finite number"},
      {good + good + "chair 1 2 3 4 0 2 0 0.3 0 0.4 1 0\n", "must be positive"},
      {good + good + "chair 1 2 3 4 0 2 0 0.3 0.3 0.4 0 0\n", "heading"}};
  for (const auto& [label, reason] : cases) {
    WriteFrame(kIdentityCalib, label);
    const InputError error = LoadError();
    EXPECT_EQ(error.location().file, (root_ / "label" / "f.txt").string());
    EXPECT_EQ(error.location().scene, "sunrgbd_f");
    EXPECT_EQ(error.location().field, "line 3");
    EXPECT_NE(error.reason().find(reason), std::string::npos) << error.what();
  }
}

TEST_F(SunRgbdSyntheticTest, MalformedCalibNamesFileAndLine) {
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"1 0 0 0 1 0 0 0\n500 0 0 0 500 0 320 240 1\n", "line 1", "9 numbers"},
      {"1 0 0 0 1 0.1 0 0 1\n500 0 0 0 500 0 320 240 1\n", "line 1", "not a rotation"},
      {"-1 0 0 0 1 0 0 0 1\n500 0 0 0 500 0 320 240 1\n", "line 1", "not a rotation"},
      {"1 0 0 0 1 0 0 0 1\n500 0 0 0 500 0 320 inf 1\n", "line 2", "not a finite number"},
      {"1 0 0 0 1 0 0 0 1\n500 0 0 2 500 0 320 240 1\n", "line 2", "fx 0 0 0 fy 0 cx cy 1"},
      {"1 0 0 0 1 0 0 0 1\n", "line 2", "expected 2 lines"}};
  for (const auto& [calib, field, reason] : cases) {
    WriteFrame(calib, "");
    const InputError error = LoadError();
    EXPECT_EQ(error.location().file, (root_ / "calib" / "f.txt").string());
    EXPECT_EQ(error.location().scene, "sunrgbd_f");
    EXPECT_EQ(error.location().field, field);
    EXPECT_NE(error.reason().find(reason), std::string::npos) << error.what();
  }
}

TEST_F(SunRgbdSyntheticTest, MissingFilesAreNamed) {
  Write("calib/f.txt", kIdentityCalib);
  EXPECT_EQ(LoadError().location().file, (root_ / "label" / "f.txt").string());
  Write("label/f.txt", "");
  fs::remove(root_ / "calib" / "f.txt");
  EXPECT_EQ(LoadError().location().file, (root_ / "calib" / "f.txt").string());
  Write("calib/f.txt", kIdentityCalib);
  fs::remove(root_ / "image" / "f.jpg");
  EXPECT_EQ(LoadError().location().file, (root_ / "image" / "f.jpg").string());
  Write("image/f.jpg", "not a jpeg");
  EXPECT_NE(LoadError().reason().find("neither a PNG nor a JPEG file"), std::string::npos);
  EXPECT_THROW(ListSunRgbdFrames(root_ / "nowhere"), InputError);
}

// Issue 15: a JPEG cut to 1000 bytes decoded as a mostly grey image and its scene passed.
TEST_F(SunRgbdSyntheticTest, CutShortPhotoNamesTheImage) {
  Write("calib/f.txt", kIdentityCalib);
  Write("label/f.txt", "");
  const fs::path photo = root_ / "image" / "f.jpg";
  cv::Mat noise(530, 730, CV_8UC3);
  cv::randu(noise, cv::Scalar::all(0), cv::Scalar::all(255));
  cv::imwrite(photo.string(), noise);
  fs::resize_file(photo, 1000);
  const InputError error = LoadError();
  EXPECT_EQ(error.location().file, photo.string());
  EXPECT_EQ(error.reason(), "cut short: no end-of-image marker");
}

}  // namespace
}  // namespace spatialgen
