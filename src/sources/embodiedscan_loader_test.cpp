#include "sources/embodiedscan_loader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <fstream>

#include "core/json_reader.h"
#include "testing/eigen_matchers.h"

namespace spatialgen {
namespace {

namespace fs = std::filesystem;

// Camera-to-world of a camera at (-2, 0, 1) looking along world +x: its x (right) is world
// -y, its y (down) world -z, its z (forward) world +x.
const Json kExtrinsic = {{0, 0, 1, -2}, {-1, 0, 0, 0}, {0, -1, 0, 1}, {0, 0, 0, 1}};
const Json kIntrinsic = {{500, 0, 320, 0}, {0, 500, 240, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};
// A point 2 m in front of that camera, 0.5 m left and 0.2 m up: OpenCV pixel (195, 190).
const Eigen::Vector3d kPointInOriginalWorld(0, 0.5, 1.2);
const Eigen::Vector2d kPixelOfPoint(195.5, 190.5);  // ours: pixel centres at +0.5
const char* const kSceneId = "scannet_scene0001_00_frame_000123";

Json Box(const std::string& name, const Eigen::Vector3d& center, double a, double b, double c) {
  return {{"Name", name},
          {"bbox_3d", {{center.x(), center.y(), center.z(), 0.6, 0.5, 0.9, a, b, c}}}};
}

class EmbodiedScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() /
              ("embodiedscan_loader_test_" + std::to_string(::getpid()) + "_" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_ / "images" / "scan");
    std::ofstream(folder_ / "images" / "scan" / "frame_000123.jpg") << "not decoded";
  }
  void TearDown() override { fs::remove_all(folder_); }

  // A valid file holding `objects`.
  static Json Annotation(const Json& objects) {
    return {{"dataset", "scannet"},
            {"scene_name", "scannet/scene0001_00"},
            {"image_name", "scan/frame_000123.jpg"},
            {"image_size", {640, 480}},
            {"visible_instance_ids", {7}},
            {"camera_annotations", {{"extrinsic", kExtrinsic}, {"intrinsic", kIntrinsic}}},
            {"objects", objects}};
  }
  static Json OneBox(double a, double b, double c) {
    return Annotation(Json::array({Box("chair", kPointInOriginalWorld, a, b, c)}));
  }

  fs::path Write(const Json& annotation) {
    const fs::path path = folder_ / "frame_000123.json";
    std::ofstream(path) << annotation.dump();
    return path;
  }
  Scene Load(const Json& annotation) {
    return LoadEmbodiedScanImage(Write(annotation), folder_ / "images", CategoryOptions());
  }
  // Loads expecting an InputError naming the file and the scene; returns its message.
  std::string LoadError(const Json& annotation) {
    const fs::path path = Write(annotation);
    try {
      LoadEmbodiedScanImage(path, folder_ / "images", CategoryOptions());
    } catch (const InputError& e) {
      EXPECT_EQ(e.location().file, path.string());
      EXPECT_EQ(e.location().scene, kSceneId);
      return e.what();
    }
    ADD_FAILURE() << "expected an InputError";
    return "";
  }

  fs::path folder_;
};

TEST_F(EmbodiedScanTest, OneSceneWithOneViewAndTheBoxes) {
  const Scene scene = Load(OneBox(0, 0, 0));
  EXPECT_EQ(scene.id, kSceneId);
  EXPECT_TRUE(scene.mesh.empty());
  ASSERT_EQ(scene.views.size(), 1u);
  const View& view = scene.views[0];
  EXPECT_EQ(view.id, kSceneId);
  EXPECT_EQ(view.rgb_path, (folder_ / "images" / "scan" / "frame_000123.jpg").string());
  EXPECT_EQ(view.width, 640);
  EXPECT_EQ(view.height, 480);
  EXPECT_DOUBLE_EQ(view.intrinsics.fx, 500);
  EXPECT_DOUBLE_EQ(view.intrinsics.cx, 320.5);
  EXPECT_DOUBLE_EQ(view.intrinsics.cy, 240.5);
  ASSERT_EQ(scene.objects.size(), 1u);
  const Object& chair = scene.objects[0];
  EXPECT_EQ(chair.id, 0);
  EXPECT_EQ(chair.label, "chair");
  EXPECT_TRUE(chair.has_front);
  EXPECT_THAT(chair.center_in_world, testing::IsApprox(kPointInOriginalWorld, 1e-12));
  EXPECT_THAT(chair.size, testing::IsApprox(Eigen::Vector3d(0.6, 0.5, 0.9), 1e-12));
}

TEST_F(EmbodiedScanTest, AngleAIsTheYaw) {
  const Object chair = Load(OneBox(0.7, 0, 0)).objects[0];
  EXPECT_NEAR(chair.Yaw(), 0.7, 1e-12);
  EXPECT_THAT(chair.world_from_object, testing::IsApprox(
      Eigen::AngleAxisd(0.7, Eigen::Vector3d::UnitZ()).toRotationMatrix(), 1e-12));
  EXPECT_THAT(chair.size, testing::IsApprox(Eigen::Vector3d(0.6, 0.5, 0.9), 1e-12));
}

TEST_F(EmbodiedScanTest, AngleBTurnsAboutX) {
  const Eigen::Matrix3d r = Load(OneBox(0, 0.3, 0)).objects[0].world_from_object;
  const double c = std::cos(0.3), s = std::sin(0.3);
  EXPECT_THAT(r.col(0), testing::IsApprox(Eigen::Vector3d(1, 0, 0), 1e-12));
  EXPECT_THAT(r.col(1), testing::IsApprox(Eigen::Vector3d(0, c, s), 1e-12));
  EXPECT_THAT(r.col(2), testing::IsApprox(Eigen::Vector3d(0, -s, c), 1e-12));
}

TEST_F(EmbodiedScanTest, AngleCTurnsAboutY) {
  const Eigen::Matrix3d r = Load(OneBox(0, 0, 0.4)).objects[0].world_from_object;
  const double c = std::cos(0.4), s = std::sin(0.4);
  EXPECT_THAT(r.col(0), testing::IsApprox(Eigen::Vector3d(c, 0, -s), 1e-12));
  EXPECT_THAT(r.col(1), testing::IsApprox(Eigen::Vector3d(0, 1, 0), 1e-12));
  EXPECT_THAT(r.col(2), testing::IsApprox(Eigen::Vector3d(s, 0, c), 1e-12));
}

// Quarter turns tell the order apart: Rz * Rx * Ry, and no other product, gives these columns.
TEST_F(EmbodiedScanTest, RotationIsRzRxRy) {
  const Eigen::Matrix3d r = Load(OneBox(M_PI / 2, M_PI / 2, M_PI / 2)).objects[0].world_from_object;
  EXPECT_LT((r.col(0) - Eigen::Vector3d(-1, 0, 0)).norm(), 1e-12);
  EXPECT_LT((r.col(1) - Eigen::Vector3d(0, 0, 1)).norm(), 1e-12);
  EXPECT_LT((r.col(2) - Eigen::Vector3d(0, 1, 0)).norm(), 1e-12);
}

TEST_F(EmbodiedScanTest, KnownCameraProjectsTheBoxCentre) {
  const Scene scene = Load(OneBox(0, 0, 0));
  const View& view = scene.views[0];
  EXPECT_THAT(view.CenterInWorld(), testing::IsApprox(Eigen::Vector3d(-2, 0, 1), 1e-12));
  double depth = 0;
  const auto pixel = view.Project(scene.objects[0].center_in_world, &depth);
  ASSERT_TRUE(pixel.has_value());
  EXPECT_LT((*pixel - kPixelOfPoint).norm(), 1e-9);
  EXPECT_NEAR(depth, 2, 1e-12);
}

// Boxes are in the axis-aligned world: the camera is moved there with axis_align_matrix.
TEST_F(EmbodiedScanTest, AxisAlignMatrixMovesTheCamera) {
  Eigen::Isometry3d aligned_from_original = Eigen::Isometry3d::Identity();
  aligned_from_original.linear() =
      Eigen::AngleAxisd(M_PI / 2, Eigen::Vector3d::UnitZ()).toRotationMatrix();
  aligned_from_original.translation() = Eigen::Vector3d(1, 2, 0.5);
  const Eigen::Vector3d point_in_aligned = aligned_from_original * kPointInOriginalWorld;
  Json annotation = Annotation(Json::array({Box("chair", point_in_aligned, 0, 0, 0)}));
  Json matrix = Json::array();
  for (int row = 0; row < 4; ++row) {
    const Eigen::Vector4d values = aligned_from_original.matrix().row(row);
    matrix.push_back({values[0], values[1], values[2], values[3]});
  }
  annotation["camera_annotations"]["axis_align_matrix"] = matrix;

  const Scene scene = Load(annotation);
  const View& view = scene.views[0];
  EXPECT_THAT(view.CenterInWorld(), testing::IsApprox(Eigen::Vector3d(1, 0, 1.5), 1e-12));
  EXPECT_THAT(view.ForwardInWorld(), testing::IsApprox(Eigen::Vector3d(0, 1, 0), 1e-12));
  const auto pixel = view.Project(scene.objects[0].center_in_world);
  ASSERT_TRUE(pixel.has_value());
  EXPECT_LT((*pixel - kPixelOfPoint).norm(), 1e-9);
}

TEST_F(EmbodiedScanTest, MalformedBoxesNameTheObjectField) {
  const Json good = Box("table", Eigen::Vector3d(1, 0, 0.4), 0, 0, 0);
  Json missing = good;
  missing.erase("bbox_3d");
  Json eight_numbers = good;
  eight_numbers["bbox_3d"][0].erase(8);
  Json nan = good;
  nan["bbox_3d"][0][1] = NAN;  // JSON has no NaN: written as null
  Json zero_size = good;
  zero_size["bbox_3d"][0][4] = 0;
  const std::vector<std::pair<Json, std::string>> cases = {
      {missing, "objects[2].bbox_3d: missing required key"},
      {eight_numbers, "objects[2].bbox_3d: expected a 1x9 matrix"},
      {nan, "objects[2].bbox_3d: element [0][1] must be a finite number"},
      {zero_size, "objects[2].bbox_3d: sizes (elements 3 to 5) must be positive"}};
  for (const auto& [bad, expected] : cases) {
    const std::string message = LoadError(Annotation(Json::array({good, good, bad})));
    EXPECT_NE(message.find(expected), std::string::npos) << message;
  }
}

TEST_F(EmbodiedScanTest, MalformedCameraNamesTheField) {
  Json scaled = OneBox(0, 0, 0);
  scaled["camera_annotations"]["extrinsic"][0][2] = 2;  // not a rotation
  EXPECT_NE(LoadError(scaled).find("camera_annotations.extrinsic: not a rigid transform: its 3x3 part is not a rotation: not orthonormal"),
            std::string::npos);
  Json three_by_three = OneBox(0, 0, 0);
  three_by_three["camera_annotations"]["intrinsic"] = {{500, 0, 320}, {0, 500, 240}, {0, 0, 1}};
  EXPECT_NE(LoadError(three_by_three).find("camera_annotations.intrinsic: expected a 4x4 matrix"),
            std::string::npos);
  Json no_focal = OneBox(0, 0, 0);
  no_focal["camera_annotations"]["intrinsic"][1][1] = 0;
  EXPECT_NE(LoadError(no_focal).find("camera_annotations.intrinsic: top-left 3x3 must be"),
            std::string::npos);
  Json empty_image = OneBox(0, 0, 0);
  empty_image["image_size"] = {0, 480};
  EXPECT_NE(LoadError(empty_image).find("image_size: must be two positive integers"),
            std::string::npos);
}

TEST_F(EmbodiedScanTest, MissingImageNamesThePath) {
  fs::remove(folder_ / "images" / "scan" / "frame_000123.jpg");
  const std::string message = LoadError(OneBox(0, 0, 0));
  // Every place looked in is named: flat, then RoboSpatial's <dataset>/<scene_name>/ layout.
  EXPECT_NE(message.find("image_name: image not found (looked for " +
                         (folder_ / "images" / "scan" / "frame_000123.jpg").string() + ", " +
                         (folder_ / "images" / "scannet" / "scannet" / "scene0001_00" / "scan" / "frame_000123.jpg").string()),
            std::string::npos)
      << message;
}

TEST_F(EmbodiedScanTest, ImagesAreFoundInRoboSpatialsLayoutToo) {
  // RoboSpatial's loader reads image_root/<dataset>/<scene_name>/<image_name>.
  const fs::path nested = folder_ / "images" / "scannet" / "scannet" / "scene0001_00" / "scan" / "frame_000123.jpg";
  fs::create_directories(nested.parent_path());
  fs::rename(folder_ / "images" / "scan" / "frame_000123.jpg", nested);
  EXPECT_EQ(Load(OneBox(0, 0, 0)).views.at(0).rgb_path, nested.string());
}

}  // namespace
}  // namespace spatialgen
