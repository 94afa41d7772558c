#include "sources/scannet_loader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <numbers>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <sstream>

#include "core/json_reader.h"
#include "sources/mesh_io.h"

namespace spatialgen {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSceneId = "scene0001_00";
// Row-major: a quarter turn about z, then a shift; what the .txt file holds.
constexpr const char* kAlignmentText = "0 -1 0 0.5 1 0 0 -1 0 0 1 0.2 0 0 0 1";

struct BoxSpec {
  Eigen::Vector3d center, size;
  double yaw;
};

// Corners of a box, bit 0/1/2 of the index picking -/+ along its x/y/z.
std::vector<Eigen::Vector3d> Corners(const BoxSpec& box) {
  std::vector<Eigen::Vector3d> corners;
  const Eigen::Matrix3d rotation = Eigen::AngleAxisd(box.yaw, Eigen::Vector3d::UnitZ()).matrix();
  for (int i = 0; i < 8; ++i) {
    const Eigen::Vector3d sign(i & 1 ? 1 : -1, i & 2 ? 1 : -1, i & 4 ? 1 : -1);
    corners.push_back(box.center + rotation * (0.5 * sign.cwiseProduct(box.size)));
  }
  return corners;
}

class ScanNetLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() /
              ("scannet_test_" + std::to_string(::getpid()) + "_" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name()) /
              kSceneId;
    fs::remove_all(folder_.parent_path());
    fs::create_directories(folder_);
    std::istringstream numbers(kAlignmentText);
    for (int i = 0; i < 16; ++i) numbers >> alignment_(i / 4, i % 4);
  }
  void TearDown() override { fs::remove_all(folder_.parent_path()); }

  // The chair (segments 10, 11), the table (segments 20, 21) and a wall quad (segment 30), in
  // the aligned frame; the PLY holds them before alignment.
  void WriteScene() {
    AddBox(Corners(kChair), 10);
    AddBox(Corners(kTable), 20);
    AddQuad({{3, -2, 0}, {3, 2, 0}, {3, 2, 2}, {3, -2, 2}}, 30);
    Mesh raw = aligned_;
    const Eigen::Affine3d unalign(alignment_.inverse());
    for (Eigen::Vector3f& v : raw.vertices) v = (unalign * v.cast<double>()).cast<float>();
    raw.vertex_colors.assign(raw.vertices.size(), Eigen::Vector3f(0.5f, 0.5f, 0.5f));
    WriteMeshFile(raw, folder_ / (std::string(kSceneId) + "_vh_clean_2.ply"));
    WriteFile("_vh_clean_2.0.010000.segs.json", Json{{"segIndices", segments_}}.dump());
    WriteFile(".aggregation.json", Json{{"segGroups", Json::array({
        Json{{"objectId", 5}, {"label", "chair"}, {"segments", {10, 11}}},
        Json{{"objectId", 7}, {"label", "Coffee_Table"}, {"segments", {20, 21}}},
        Json{{"objectId", 9}, {"label", "wall"}, {"segments", {30}}}})}}.dump());
    WriteFile(".txt", std::string("colorHeight = 968\naxisAlignment = ") + kAlignmentText + "\n");
  }

  void WriteFile(const std::string& suffix, const std::string& text) {
    std::ofstream(folder_ / (kSceneId + suffix)) << text;
  }

  // 12 triangles; the lower 4 corners get `segment`, the upper 4 `segment + 1` (two
  // segments per object, as ScanNet's over-segmentation splits objects).
  void AddBox(const std::vector<Eigen::Vector3d>& corners, int segment) {
    const int first = int(aligned_.vertices.size());
    for (int i = 0; i < 8; ++i) {
      aligned_.vertices.push_back(corners[i].cast<float>());
      segments_.push_back(i < 4 ? segment : segment + 1);
    }
    for (const auto& [a, b, c, d] : std::vector<std::array<int, 4>>{
             {0, 2, 6, 4}, {1, 5, 7, 3}, {0, 4, 5, 1}, {2, 3, 7, 6}, {0, 1, 3, 2}, {4, 6, 7, 5}}) {
      aligned_.triangles.emplace_back(first + a, first + b, first + c);
      aligned_.triangles.emplace_back(first + a, first + c, first + d);
    }
  }

  void AddQuad(const std::vector<Eigen::Vector3d>& corners, int segment) {
    const int first = int(aligned_.vertices.size());
    for (const Eigen::Vector3d& corner : corners) {
      aligned_.vertices.push_back(corner.cast<float>());
      segments_.push_back(segment);
    }
    aligned_.triangles.emplace_back(first, first + 1, first + 2);
    aligned_.triangles.emplace_back(first, first + 2, first + 3);
  }

  // Frame `id`: its photo (kPhotoWidth x kPhotoHeight) and its camera-to-world pose, written
  // row-major as ScanNet does. Also writes the colour intrinsics.
  void WriteFrame(const std::string& id, const Eigen::Matrix4d& camera_to_world) {
    for (const char* sub : {"pose", "color", "intrinsic"}) fs::create_directories(folder_ / sub);
    cv::imwrite((folder_ / "color" / (id + ".jpg")).string(),
                cv::Mat(kPhotoHeight, kPhotoWidth, CV_8UC3, cv::Scalar(90, 120, 150)));
    WriteMatrix(folder_ / "pose" / (id + ".txt"), camera_to_world);
    Eigen::Matrix4d k = Eigen::Matrix4d::Identity();
    k.topLeftCorner<3, 3>() << kFx, 0, kCx, 0, kFy, kCy, 0, 0, 1;
    WriteMatrix(folder_ / "intrinsic" / "intrinsic_color.txt", k);
  }

  static void WriteMatrix(const fs::path& file, const Eigen::Matrix4d& matrix) {
    static const Eigen::IOFormat kRowFormat(Eigen::FullPrecision, Eigen::DontAlignCols, " ");
    std::ofstream out(file);
    out << std::setprecision(17);
    for (int r = 0; r < 4; ++r) out << matrix.row(r).format(kRowFormat) << "\n";
  }

  // A camera at (1, -2, 0.45) in the aligned frame looking along +y at the chair, image x
  // along +x, image y along -z; the pose file holds it in the scan's original frame.
  Eigen::Matrix4d CameraToOriginal() const {
    Eigen::Matrix4d aligned_from_cam = Eigen::Matrix4d::Identity();
    aligned_from_cam.topRows<3>() << 1, 0, 0, 1, 0, 0, 1, -2, 0, -1, 0, 0.45;
    return alignment_.inverse() * aligned_from_cam;
  }

  // Loads expecting an InputError; checks its location and returns it.
  InputError LoadError(const std::string& suffix, const std::string& field) {
    return LoadErrorIn(folder_ / (kSceneId + suffix), field);
  }

  InputError LoadErrorIn(const fs::path& file, const std::string& field) {
    try {
      LoadScanNetScene(folder_, CategoryOptions());
    } catch (const InputError& e) {
      EXPECT_EQ(e.location().file, file.string()) << e.what();
      EXPECT_EQ(e.location().scene, kSceneId);
      EXPECT_EQ(e.location().field, field) << e.what();
      return e;
    }
    ADD_FAILURE() << "expected an InputError";
    return InputError({}, "");
  }

  // The chair is axis-aligned; the table is turned by 120 degrees, which a rectangle cannot
  // tell from 30 degrees with x and y swapped.
  const BoxSpec kChair{{1, 2, 0.45}, {0.5, 0.6, 0.9}, 0};
  const BoxSpec kTable{{-1, 0.5, 0.4}, {1.2, 0.8, 0.8}, 2 * std::numbers::pi / 3};
  static constexpr int kPhotoWidth = 64, kPhotoHeight = 48;
  static constexpr double kFx = 60, kFy = 62, kCx = 32, kCy = 24;  // OpenCV convention
  fs::path folder_;
  Eigen::Matrix4d alignment_;
  Mesh aligned_;
  std::vector<int> segments_;
};

void ExpectBox(const Object& object, const Eigen::Vector3d& center, const Eigen::Vector3d& size,
               double yaw) {
  constexpr double kTolerance = 1e-5;  // the PLY stores floats
  EXPECT_LT((object.center_in_world - center).norm(), kTolerance) << object.label;
  EXPECT_LT((object.size - size).norm(), kTolerance) << object.label;
  EXPECT_NEAR(object.Yaw(), yaw, kTolerance) << object.label;
  EXPECT_LT((object.world_from_object.col(2) - Eigen::Vector3d::UnitZ()).norm(), 1e-12);
}

TEST_F(ScanNetLoaderTest, InstancesGetExactUprightBoxes) {
  WriteScene();
  const Scene scene = LoadScanNetScene(folder_, CategoryOptions());
  EXPECT_EQ(scene.id, kSceneId);
  ASSERT_EQ(scene.objects.size(), 2u);  // the wall is no object
  EXPECT_EQ(scene.objects[0].id, 5);
  EXPECT_EQ(scene.objects[0].label, "chair");
  EXPECT_FALSE(scene.objects[0].has_front);
  ExpectBox(scene.objects[0], kChair.center, kChair.size, 0);
  EXPECT_EQ(scene.objects[1].id, 7);
  EXPECT_EQ(scene.objects[1].label, "coffee table");
  EXPECT_TRUE(scene.objects[1].support);
  ExpectBox(scene.objects[1], kTable.center, {0.8, 1.2, 0.8}, std::numbers::pi / 6);
}

TEST_F(ScanNetLoaderTest, WallTrianglesStayAsBackgroundAndAlignmentIsApplied) {
  WriteScene();
  const Scene scene = LoadScanNetScene(folder_, CategoryOptions());
  std::vector<int> expected(12, 5);
  expected.resize(24, 7);
  expected.resize(26, -1);
  EXPECT_EQ(scene.mesh.triangle_instance, expected);
  ASSERT_EQ(scene.mesh.vertices.size(), aligned_.vertices.size());
  for (size_t v = 0; v < aligned_.vertices.size(); ++v) {
    EXPECT_LT((scene.mesh.vertices[v] - aligned_.vertices[v]).norm(), 1e-5f) << v;
  }
  EXPECT_EQ(scene.mesh.vertex_colors.size(), aligned_.vertices.size());
}

TEST_F(ScanNetLoaderTest, EachInstancesVerticesLieInItsBox) {
  WriteScene();
  const Scene scene = LoadScanNetScene(folder_, CategoryOptions());
  for (const Object& object : scene.objects) {
    int own = 0, inside = 0;
    for (size_t t = 0; t < scene.mesh.triangles.size(); ++t) {
      if (scene.mesh.triangle_instance[t] != object.id) continue;
      for (int k = 0; k < 3; ++k) {
        const Eigen::Vector3d p = scene.mesh.vertices[scene.mesh.triangles[t][k]].cast<double>();
        const Eigen::Vector3d local =
            object.world_from_object.transpose() * (p - object.center_in_world);
        ++own;
        inside += (local.cwiseAbs() - 0.5 * object.size).maxCoeff() < 1e-5;
      }
    }
    ASSERT_GT(own, 0);
    EXPECT_GE(inside, 0.95 * own) << object.label;
  }
}

TEST_F(ScanNetLoaderTest, MissingAlignmentFileMeansIdentity) {
  WriteScene();
  fs::remove(folder_ / (std::string(kSceneId) + ".txt"));
  const Scene scene = LoadScanNetScene(folder_, CategoryOptions());
  const Eigen::Affine3d unalign(alignment_.inverse());
  EXPECT_LT((scene.mesh.vertices[0].cast<double>() -
             unalign * aligned_.vertices[0].cast<double>()).norm(), 1e-5);
}

TEST_F(ScanNetLoaderTest, LabelsAreCleaned) {
  EXPECT_EQ(NormalizeScanNetLabel(" Trash_Can "), "trash bin");
  EXPECT_EQ(NormalizeScanNetLabel("Office Chair"), "office chair");
}

TEST_F(ScanNetLoaderTest, SegsLengthMismatchNamesSegsFile) {
  WriteScene();
  segments_.pop_back();
  WriteFile("_vh_clean_2.0.010000.segs.json", Json{{"segIndices", segments_}}.dump());
  LoadError("_vh_clean_2.0.010000.segs.json", "segIndices");
}

TEST_F(ScanNetLoaderTest, MissingSegGroupsNamesAggregationFile) {
  WriteScene();
  WriteFile(".aggregation.json", R"({"sceneId": "scene0001_00"})");
  LoadError(".aggregation.json", "segGroups");
}

TEST_F(ScanNetLoaderTest, UnknownSegmentNamesGroup) {
  WriteScene();
  WriteFile(".aggregation.json",
            R"({"segGroups": [{"objectId": 1, "label": "chair", "segments": [10, 99]}]})");
  LoadError(".aggregation.json", "segGroups[0].segments");
}

TEST_F(ScanNetLoaderTest, NanOrShortAlignmentNamesField) {
  WriteScene();
  WriteFile(".txt", "axisAlignment = nan 0 0 0 0 1 0 0 0 0 1 0 0 0 0 1\n");
  EXPECT_NE(std::string(LoadError(".txt", "axisAlignment").what()).find("finite"),
            std::string::npos);
  WriteFile(".txt", "axisAlignment = 1 0 0 0 0 1 0 0 0 0 1 0\n");
  LoadError(".txt", "axisAlignment");
}

TEST_F(ScanNetLoaderTest, PosedFramesBecomeViewsWithPhotos) {
  WriteScene();
  WriteFrame("0", CameraToOriginal());
  WriteFrame("50", Eigen::Matrix4d::Constant(-std::numeric_limits<double>::infinity()));
  WriteFrame("100", CameraToOriginal());
  fs::create_directories(folder_ / "depth");
  cv::imwrite((folder_ / "depth" / "0.png").string(), cv::Mat(24, 32, CV_16UC1, cv::Scalar(1500)));
  const Scene scene = LoadScanNetScene(folder_, CategoryOptions(), 1);
  ASSERT_EQ(scene.views.size(), 2u);  // frame 50's pose is invalid
  EXPECT_EQ(scene.views[0].id, "f0");
  EXPECT_EQ(scene.views[1].id, "f100");
  const View& view = scene.views[0];
  EXPECT_EQ(view.rgb_path, (folder_ / "color" / "0.jpg").string());
  EXPECT_EQ(view.depth_path, (folder_ / "depth" / "0.png").string());
  EXPECT_EQ(view.depth_scale, 1000.0);
  EXPECT_EQ(scene.views[1].depth_path, "");
  EXPECT_EQ(view.width, kPhotoWidth);
  EXPECT_EQ(view.height, kPhotoHeight);
  EXPECT_EQ(view.intrinsics.fx, kFx);
  EXPECT_EQ(view.intrinsics.fy, kFy);
  EXPECT_EQ(view.intrinsics.cx, kCx + 0.5);
  EXPECT_EQ(view.intrinsics.cy, kCy + 0.5);
  // The chair's corner 0, (0.75, 1.7, 0) aligned, is at (-0.25, 0.45, 3.7) in the camera.
  const Eigen::Vector3d corner = scene.mesh.vertices[0].cast<double>();
  ASSERT_LT((corner - Eigen::Vector3d(0.75, 1.7, 0)).norm(), 1e-5);
  const std::optional<Eigen::Vector2d> pixel = view.Project(corner);
  ASSERT_TRUE(pixel.has_value());
  EXPECT_LT((*pixel - Eigen::Vector2d(kFx * -0.25 / 3.7 + kCx + 0.5,
                                      kFy * 0.45 / 3.7 + kCy + 0.5)).norm(), 1e-4);
}

TEST_F(ScanNetLoaderTest, FrameStepSelectsFramesInNumericOrder) {
  WriteScene();
  for (const char* id : {"100", "0", "50", "150"}) WriteFrame(id, CameraToOriginal());
  fs::remove(folder_ / "color" / "150.jpg");  // no photo: not a frame
  auto view_ids = [&](int frame_step) {
    std::vector<std::string> ids;
    for (const View& view : LoadScanNetScene(folder_, CategoryOptions(), frame_step).views) {
      ids.push_back(view.id);
    }
    return ids;
  };
  EXPECT_EQ(view_ids(1), (std::vector<std::string>{"f0", "f50", "f100"}));
  EXPECT_EQ(view_ids(2), (std::vector<std::string>{"f0", "f100"}));
  EXPECT_EQ(view_ids(kScanNetFrameStep), (std::vector<std::string>{"f0"}));
}

TEST_F(ScanNetLoaderTest, NoPoseFolderMeansNoViews) {
  WriteScene();
  EXPECT_TRUE(LoadScanNetScene(folder_, CategoryOptions()).views.empty());
}

TEST_F(ScanNetLoaderTest, NonRigidPoseNamesPoseFile) {
  WriteScene();
  WriteFrame("0", 2 * CameraToOriginal());
  LoadErrorIn(folder_ / "pose" / "0.txt", "");
}

// Issue 15: an axisAlignment that scales was applied to the vertices without a word.
TEST_F(ScanNetLoaderTest, ScalingAlignmentIsAnError) {
  WriteScene();
  WriteFile(".txt", "axisAlignment = 2 0 0 0 0 2 0 0 0 0 2 0 0 0 0 1\n");
  EXPECT_NE(std::string(LoadError(".txt", "axisAlignment").what()).find("not rigid"), std::string::npos);
}

// Issue 15: a photo cut short decoded as a mostly grey image and its scene passed.
TEST_F(ScanNetLoaderTest, CutShortPhotoOrDepthNamesTheFile) {
  WriteScene();
  WriteFrame("0", CameraToOriginal());
  const fs::path photo = folder_ / "color" / "0.jpg";
  fs::resize_file(photo, fs::file_size(photo) / 2);
  LoadErrorIn(photo, "");
  WriteFrame("0", CameraToOriginal());
  fs::create_directories(folder_ / "depth");
  const fs::path depth = folder_ / "depth" / "0.png";
  cv::imwrite(depth.string(), cv::Mat(24, 32, CV_16UC1, cv::Scalar(1500)));
  fs::resize_file(depth, fs::file_size(depth) - 4);
  EXPECT_NE(std::string(LoadErrorIn(depth, "").what()).find("cut short"), std::string::npos);
}

}  // namespace
}  // namespace spatialgen
