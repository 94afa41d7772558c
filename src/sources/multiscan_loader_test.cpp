#include "sources/multiscan_loader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <fstream>

#include "core/json_reader.h"
#include "testing/eigen_matchers.h"

namespace spatialgen {
namespace {

namespace fs = std::filesystem;

const fs::path kSample = fs::path(SPATIALGEN_SOURCE_DIR) / ".." / "shared" / "data" / "real" /
                         "multiscan_annotation" / "scene_00000_00.annotations.json";

Eigen::Vector3d ToVector(const Json& values) {
  return Eigen::Vector3d(values[0].get<double>(), values[1].get<double>(), values[2].get<double>());
}

class MultiScanSampleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::is_regular_file(kSample)) {
      GTEST_SKIP() << "real sample absent (" << kSample.string()
                   << "): the MultiScan conformance checks need ../shared/data/real/";
    }
    scene_ = LoadMultiScanScene(kSample, CategoryOptions());
    file_ = ReadJsonFile(kSample);
  }
  Scene scene_;
  Json file_;
};

TEST_F(MultiScanSampleTest, KeepsTheObjectsAndSkipsStructureAndRemovalMarkers) {
  EXPECT_EQ(scene_.id, "scene_00000_00");
  EXPECT_TRUE(scene_.mesh.empty());
  EXPECT_TRUE(scene_.views.empty());
  // 28 records: wall x2, floor, ceiling, beam, pillar and one "remove" marker are skipped.
  ASSERT_EQ(file_["objects"].size(), 28u);
  const std::vector<std::pair<int, std::string>> expected = {
      {0, "bag"},           {2, "box"},     {3, "box"},           {5, "ceiling light"},
      {6, "chair"},         {7, "curtain"}, {8, "door"},          {10, "gate"},
      {11, "handkerchief"}, {12, "mop"},    {14, "rag"},          {15, "refrigerator"},
      {16, "refrigerator"}, {18, "shelf"},  {19, "sliding door"}, {20, "slippers"},
      {21, "stiker"},       {22, "stiker"}, {23, "stiker"},       {26, "wall cabinet"},
      {27, "wall cabinet"}};
  ASSERT_EQ(scene_.objects.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(scene_.objects[i].id, expected[i].first);
    EXPECT_EQ(scene_.objects[i].label, expected[i].second);
  }
}

TEST_F(MultiScanSampleTest, FlagsComeFromCategories) {
  EXPECT_TRUE(scene_.FindObject(6)->has_front);   // chair
  EXPECT_TRUE(scene_.FindObject(15)->has_front);  // refrigerator
  EXPECT_TRUE(scene_.FindObject(26)->has_front);  // wall cabinet: a cabinet
  EXPECT_FALSE(scene_.FindObject(0)->has_front);  // bag
  EXPECT_TRUE(scene_.FindObject(0)->movable);     // bag
  EXPECT_TRUE(scene_.FindObject(18)->support);    // shelf
}

TEST_F(MultiScanSampleTest, BoxesAreRotationsWithFrontAndUpFromTheFile) {
  for (const Object& object : scene_.objects) {
    SCOPED_TRACE(object.label + " " + std::to_string(object.id));
    const Eigen::Matrix3d& rotation = object.world_from_object;
    EXPECT_TRUE((rotation.transpose() * rotation).isIdentity(1e-9));
    EXPECT_NEAR(rotation.determinant(), 1.0, 1e-9);
    const Json& obb = file_["objects"][object.id]["obb"];
    EXPECT_LT((rotation.col(0) - ToVector(obb["front"])).norm(), 1e-3);
    EXPECT_LT((rotation.col(2) - ToVector(obb["up"])).norm(), 1e-3);
    EXPECT_NEAR(rotation(2, 2), 1.0, 1e-9);  // z up: every object stands upright
  }
}

// The strong check of the axis conventions: the box's axis-aligned bounds are the file's.
TEST_F(MultiScanSampleTest, BoxBoundsMatchTheFilesMinAndMax) {
  for (const Object& object : scene_.objects) {
    SCOPED_TRACE(object.label + " " + std::to_string(object.id));
    Eigen::Vector3d low = Eigen::Vector3d::Constant(INFINITY);
    Eigen::Vector3d high = Eigen::Vector3d::Constant(-INFINITY);
    for (const Eigen::Vector3d& corner : object.CornersInWorld()) {
      low = low.cwiseMin(corner);
      high = high.cwiseMax(corner);
    }
    const Json& obb = file_["objects"][object.id]["obb"];
    EXPECT_LT((low - ToVector(obb["min"])).cwiseAbs().maxCoeff(), 1e-3);
    EXPECT_LT((high - ToVector(obb["max"])).cwiseAbs().maxCoeff(), 1e-3);
  }
}

class MultiScanFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() /
              ("multiscan_loader_test_" + std::to_string(::getpid()) + "_" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }

  // A file holding one object record.
  fs::path WriteObject(const Json& object) {
    const fs::path path = folder_ / "scan_7.annotations.json";
    std::ofstream(path) << Json{{"scanId", "scan_7"}, {"objects", Json::array({object})}}.dump();
    return path;
  }

  // A chair whose front points at `yaw`; the file lists side, up, front (MultiScan's order)
  // with widths 0.4, 0.9, 0.6. `front_sign` -1 writes front as minus the third axis.
  static Json Chair(double yaw, double front_sign = 1) {
    const double c = std::cos(yaw), s = std::sin(yaw);
    return {{"label", "office_chair.2"},
            {"obb",
             {{"centroid", {1, 2, 0.45}},
              {"axesLengths", {0.4, 0.9, 0.6}},
              {"normalizedAxes", {-s, c, 0, 0, 0, 1, c, s, 0}},
              {"front", {front_sign * c, front_sign * s, 0}},
              {"up", {0, 0, 1}}}}};
  }

  // Loads `path` expecting an InputError naming the file and the scene; returns its message.
  static std::string LoadError(const fs::path& path) {
    try {
      LoadMultiScanScene(path, CategoryOptions());
    } catch (const InputError& e) {
      EXPECT_EQ(e.location().file, path.string());
      EXPECT_EQ(e.location().scene, "scan_7");
      return e.what();
    }
    ADD_FAILURE() << "expected an InputError";
    return "";
  }

  fs::path folder_;
};

TEST_F(MultiScanFileTest, KnownYawAndSizeOrderComeOut) {
  const Scene scene = LoadMultiScanScene(WriteObject(Chair(2.5)), CategoryOptions());
  EXPECT_EQ(scene.id, "scan_7");
  ASSERT_EQ(scene.objects.size(), 1u);
  const Object& chair = scene.objects[0];
  EXPECT_EQ(chair.label, "office chair");
  EXPECT_TRUE(chair.has_front);
  EXPECT_NEAR(chair.Yaw(), 2.5, 1e-6);
  EXPECT_THAT(chair.size, testing::IsApprox(Eigen::Vector3d(0.6, 0.4, 0.9), 1e-12));
  EXPECT_THAT(chair.center_in_world, testing::IsApprox(Eigen::Vector3d(1, 2, 0.45), 1e-12));
}

TEST_F(MultiScanFileTest, FrontOppositeToAnAxisTurnsTheBox) {
  const Scene scene = LoadMultiScanScene(WriteObject(Chair(0.3, -1)), CategoryOptions());
  EXPECT_NEAR(scene.objects[0].Yaw(), 0.3 - M_PI, 1e-6);
  EXPECT_THAT(scene.objects[0].size, testing::IsApprox(Eigen::Vector3d(0.6, 0.4, 0.9), 1e-12));
}

TEST_F(MultiScanFileTest, SceneIdFallsBackToTheFileName) {
  const fs::path path = folder_ / "scene_00001_02.annotations.json";
  std::ofstream(path) << R"({"objects": []})";
  EXPECT_EQ(LoadMultiScanScene(path, CategoryOptions()).id, "scene_00001_02");
}

TEST_F(MultiScanFileTest, WithoutFrontThereIsNoFront) {
  Json chair = Chair(0);
  chair["obb"].erase("front");
  const Scene scene = LoadMultiScanScene(WriteObject(chair), CategoryOptions());
  EXPECT_FALSE(scene.objects[0].has_front);  // a chair, but +x is just a box axis
  EXPECT_NEAR(scene.objects[0].world_from_object(2, 2), 1.0, 1e-12);
}

TEST_F(MultiScanFileTest, MissingObbNamesTheField) {
  const std::string message = LoadError(WriteObject({{"label", "chair.1"}}));
  EXPECT_NE(message.find("objects[0].obb: missing required key"), std::string::npos) << message;
}

TEST_F(MultiScanFileTest, EightAxisNumbersNameTheField) {
  Json chair = Chair(0);
  chair["obb"]["normalizedAxes"].erase(8);
  const std::string message = LoadError(WriteObject(chair));
  EXPECT_NE(message.find("objects[0].obb.normalizedAxes: expected an array of 9 numbers"),
            std::string::npos)
      << message;
}

TEST_F(MultiScanFileTest, NanCentroidNamesTheField) {
  Json chair = Chair(0);
  chair["obb"]["centroid"][1] = NAN;  // JSON has no NaN: written as null
  const std::string message = LoadError(WriteObject(chair));
  EXPECT_NE(message.find("objects[0].obb.centroid: element 1 must be a finite number"),
            std::string::npos)
      << message;
}

TEST_F(MultiScanFileTest, ZeroLengthNamesTheField) {
  Json chair = Chair(0);
  chair["obb"]["axesLengths"][1] = 0;
  const std::string message = LoadError(WriteObject(chair));
  EXPECT_NE(message.find("objects[0].obb.axesLengths: must be positive, got [0.4, 0, 0.6]"),
            std::string::npos)
      << message;
}

TEST_F(MultiScanFileTest, SkewedAxesNameTheField) {
  Json chair = Chair(0);
  chair["obb"]["normalizedAxes"][4] = 0.1;
  const std::string message = LoadError(WriteObject(chair));
  EXPECT_NE(message.find("objects[0].obb.normalizedAxes: the three axes are not orthonormal"),
            std::string::npos)
      << message;
}

TEST_F(MultiScanFileTest, FrontOffTheBoxAxesNamesTheField) {
  Json chair = Chair(0);
  chair["obb"]["front"] = {0.8, 0.6, 0};
  const std::string message = LoadError(WriteObject(chair));
  EXPECT_NE(message.find("objects[0].obb.front: not parallel to any of the box axes"),
            std::string::npos)
      << message;
}

}  // namespace
}  // namespace spatialgen
