#include "sources/scan2cad_loader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numbers>

#include "core/json_reader.h"
#include "scene/box_geometry.h"
#include "sources/mesh_io.h"

namespace spatialgen {
namespace {

namespace fs = std::filesystem;

const fs::path kSample =
    fs::path(SPATIALGEN_SOURCE_DIR) / ".." / "shared" / "data" / "real" / "scan2cad_scene0470_00";

Scene LoadSample() {
  return LoadScan2CadScene(kSample / "scan2cad_annotation.json",
                           kSample / "scene0470_00_vh_clean_2.ply", CategoryOptions(), 0.02);
}

// The given fraction-quantile of the mesh vertices' z.
double VertexHeightQuantile(const Mesh& mesh, double fraction) {
  std::vector<float> heights;
  for (const Eigen::Vector3f& v : mesh.vertices) heights.push_back(v.z());
  const size_t nth = size_t(fraction * (heights.size() - 1));
  std::nth_element(heights.begin(), heights.begin() + nth, heights.end());
  return heights[nth];
}

// The vertex in the object's frame.
Eigen::Vector3d InObject(const Object& object, const Eigen::Vector3f& vertex) {
  return object.world_from_object.transpose() * (vertex.cast<double>() - object.center_in_world);
}

bool InBox(const Object& object, const Eigen::Vector3d& local, double grow) {
  return ((local.cwiseAbs() - 0.5 * object.size).array() <= grow).all();
}

class Scan2CadSampleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kSample)) GTEST_SKIP() << "Scan2CAD sample not found at " << kSample;
    scene_ = LoadSample();
    floor_z_ = VertexHeightQuantile(scene_.mesh, 0.02);  // robust to a few stray points
  }
  Scene scene_;
  double floor_z_ = 0;
};

TEST_F(Scan2CadSampleTest, SevenLabelledObjects) {
  ASSERT_EQ(scene_.objects.size(), 7u);
  std::map<std::string, int> count;
  for (const Object& object : scene_.objects) ++count[object.label];
  EXPECT_EQ(count, (std::map<std::string, int>{{"chair", 5}, {"table", 1}, {"trash bin", 1}}));
  EXPECT_EQ(scene_.id, "scene0470_00");
  EXPECT_EQ(scene_.mesh.vertices.size(), 67465u);
  // Every object owns the scan triangles in its box; the rest (floor, walls) is background.
  std::map<int, int> triangles_of;
  for (int instance : scene_.mesh.triangle_instance) ++triangles_of[instance];
  for (const Object& object : scene_.objects) EXPECT_GT(triangles_of[object.id], 100) << object.label;
  EXPECT_GT(triangles_of[-1], int(scene_.mesh.triangles.size()) / 2);
}

TEST_F(Scan2CadSampleTest, BoxesAreUprightAndStandOnTheFloor) {
  for (const Object& object : scene_.objects) {
    const double tilt = std::acos(std::clamp(object.world_from_object(2, 2), -1.0, 1.0));
    EXPECT_LT(tilt, 10 * std::numbers::pi / 180) << object.label << " " << object.id;
    EXPECT_NEAR(BottomZ(object), floor_z_, 0.1) << object.label << " " << object.id;
    std::printf("%-9s %d: bottom - floor %+.3f m, tilt %.2f deg\n", object.label.c_str(),
                object.id, BottomZ(object) - floor_z_, tilt * 180 / std::numbers::pi);
  }
}

// The scan points of an object (above the floor, within 5 cm of its box) must fill the box:
// along each box axis they span most of its size, so the box is neither shifted off its object
// nor much larger than it.
TEST_F(Scan2CadSampleTest, BoxesFitTheirScanPoints) {
  for (const Object& object : scene_.objects) {
    Eigen::Vector3d low = Eigen::Vector3d::Constant(INFINITY), high = -low;
    int count = 0;
    for (const Eigen::Vector3f& v : scene_.mesh.vertices) {
      const Eigen::Vector3d local = InObject(object, v);
      if (v.z() < floor_z_ + 0.05 || !InBox(object, local, 0.05)) continue;
      low = low.cwiseMin(local), high = high.cwiseMax(local), ++count;
    }
    const Eigen::Vector3d span = (high - low).cwiseQuotient(object.size);
    std::printf("%-9s %d: %d points, span / size %.2f %.2f %.2f\n", object.label.c_str(),
                object.id, count, span.x(), span.y(), span.z());
    EXPECT_GE(count, 200) << object.label << " " << object.id;
    EXPECT_GE(span.minCoeff(), 0.7) << object.label << " " << object.id;
  }
}

// Scan2CAD gives chairs a real front: their back rest (the upper part) lies behind (-x).
TEST_F(Scan2CadSampleTest, ChairBacksAreBehindTheirFront) {
  for (const Object& object : scene_.objects) {
    if (object.label != "chair") continue;
    double sum_x = 0;
    int count = 0;
    for (const Eigen::Vector3f& v : scene_.mesh.vertices) {
      const Eigen::Vector3d local = InObject(object, v);
      if (InBox(object, local, 0.02) && local.z() > 0.25 * object.size.z()) {
        sum_x += local.x() / object.size.x(), ++count;
      }
    }
    std::printf("chair %d: %d back rest points, mean x / size.x %+.2f\n", object.id, count,
                sum_x / count);
    EXPECT_LT(sum_x / count, -0.15) << object.id;
  }
}

class Scan2CadSyntheticTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() /
              ("scan2cad_test_" + std::to_string(::getpid()) + "_" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_);
    Mesh mesh;
    mesh.vertices = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}};
    mesh.triangles = {{0, 1, 2}};
    mesh_ = folder_ / "scene0001_00_vh_clean_2.ply";
    WriteMeshFile(mesh, mesh_);
  }
  void TearDown() override { fs::remove_all(folder_); }

  Scene Load(const Json& model, const Json& scan_trs = kIdentityTrs) {
    const Json record{{"id_scan", "scene0001_00"}, {"trs", scan_trs},
                      {"aligned_models", Json::array({model})}};
    std::ofstream(folder_ / "a.json") << Json::array({record}).dump();
    return LoadScan2CadScene(folder_ / "a.json", mesh_, CategoryOptions(), 0.02);
  }

  std::string LoadErrorField(const Json& model, const Json& scan_trs = kIdentityTrs) {
    try {
      Load(model, scan_trs);
    } catch (const InputError& e) {
      EXPECT_EQ(e.location().file, (folder_ / "a.json").string());
      EXPECT_EQ(e.location().scene, "scene0001_00");
      return e.location().field;
    }
    ADD_FAILURE() << "expected an InputError";
    return "";
  }

  // CAD y (up) turned onto z, then a yaw of 0.5 rad about z.
  const Eigen::Quaterniond kModelRotation =
      Eigen::AngleAxisd(0.5, Eigen::Vector3d::UnitZ()) *
      Eigen::AngleAxisd(std::numbers::pi / 2, Eigen::Vector3d::UnitX());
  const Json kModel{{"trs",
                     {{"translation", {1, 2, 3}},
                      {"rotation", {kModelRotation.w(), kModelRotation.x(), kModelRotation.y(),
                                    kModelRotation.z()}},
                      {"scale", {2, 1, 0.5}}}},
                    {"center", {0.1, 0.2, 0.3}},
                    {"bbox", {0.4, 0.5, 0.6}},
                    {"catid_cad", "03001627"},
                    {"id_cad", "x"}};
  static inline const Json kIdentityTrs{
      {"translation", {0, 0, 0}}, {"rotation", {1, 0, 0, 0}}, {"scale", {1, 1, 1}}};
  fs::path folder_, mesh_;
};

TEST_F(Scan2CadSyntheticTest, RotatedModelGivesExactBox) {
  const Scene scene = Load(kModel);
  ASSERT_EQ(scene.objects.size(), 1u);
  const Object& chair = scene.objects[0];
  EXPECT_EQ(chair.label, "chair");
  EXPECT_TRUE(chair.has_front);
  const Eigen::Vector3d center =
      Eigen::Vector3d(1, 2, 3) + kModelRotation * Eigen::Vector3d(0.2, 0.2, 0.15);
  EXPECT_LT((chair.center_in_world - center).norm(), 1e-12);
  // Object x, y, z = CAD -z, -x, y; full sizes = 2 * scale * bbox.
  EXPECT_LT((chair.size - Eigen::Vector3d(0.6, 1.6, 1.0)).norm(), 1e-12);
  EXPECT_LT((chair.world_from_object.col(2) - Eigen::Vector3d::UnitZ()).norm(), 1e-12);
  // CAD -z (the front) turns to +y under the quarter turn about x, then by the yaw.
  EXPECT_NEAR(chair.Yaw(), 0.5 + std::numbers::pi / 2, 1e-12);
  EXPECT_NEAR(chair.world_from_object.determinant(), 1, 1e-12);
}

TEST_F(Scan2CadSyntheticTest, ScanTransformIsUndone) {
  Json scan_trs = kIdentityTrs;
  scan_trs["translation"] = {0, 0, 1};
  const Scene scene = Load(kModel, scan_trs);
  const Eigen::Vector3d center =
      Eigen::Vector3d(1, 2, 2) + kModelRotation * Eigen::Vector3d(0.2, 0.2, 0.15);
  EXPECT_LT((scene.objects[0].center_in_world - center).norm(), 1e-12);
}

TEST_F(Scan2CadSyntheticTest, UnknownSynsetIsAnObject) {
  Json model = kModel;
  model["catid_cad"] = "99999999";
  EXPECT_EQ(Load(model).objects[0].label, "object");
}

TEST_F(Scan2CadSyntheticTest, MalformedRecordsNameTheField) {
  Json model = kModel;
  model.erase("trs");
  EXPECT_EQ(LoadErrorField(model), "[0].aligned_models[0].trs");
  model = kModel;
  model["trs"]["rotation"] = {1, 0, 0};
  EXPECT_EQ(LoadErrorField(model), "[0].aligned_models[0].trs.rotation");
  model = kModel;
  model["bbox"] = {0.4, 0, 0.6};
  EXPECT_EQ(LoadErrorField(model), "[0].aligned_models[0].bbox");
  Json scan_trs = kIdentityTrs;
  scan_trs.erase("scale");
  EXPECT_EQ(LoadErrorField(kModel, scan_trs), "[0].trs.scale");
}

TEST_F(Scan2CadSyntheticTest, ShearedBoxIsAnError) {
  Json scan_trs = kIdentityTrs;
  scan_trs["scale"] = {1, 1, 3};  // stretches the yawed model's axes unevenly
  Json model = kModel;
  const Eigen::Quaterniond tilted(Eigen::AngleAxisd(0.7, Eigen::Vector3d::UnitX()));
  model["trs"]["rotation"] = {tilted.w(), tilted.x(), tilted.y(), tilted.z()};
  EXPECT_EQ(LoadErrorField(model, scan_trs), "[0].aligned_models[0].trs");
}

}  // namespace
}  // namespace spatialgen
