#include "sources/scene_file.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>

#include "procedural/generator.h"
#include "testing/eigen_matchers.h"

namespace spatialgen {
namespace {

namespace fs = std::filesystem;

class SceneFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() /
              ("scene_file_test_" + std::to_string(::getpid()) + "_" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }

  fs::path Write(const std::string& name, const std::string& text) {
    const fs::path path = folder_ / name;
    std::ofstream(path) << text;
    return path;
  }

  // A valid scene with one object and one view; `object` and `view` replace their JSON.
  fs::path WriteScene(const std::string& object, const std::string& view = kView,
                      const std::string& extra = "") {
    return Write("a.json", R"({"id": "kitchen", )" + extra + R"( "objects": [)" + kObject + ", " +
                               object + R"(], "views": [)" + view + "]}");
  }

  // Loads `path` expecting an InputError; returns its message.
  std::string LoadError(const fs::path& path) {
    try {
      LoadSceneFile(path, CategoryOptions());
    } catch (const InputError& e) {
      EXPECT_EQ(e.location().file, path.string());
      return e.what();
    }
    ADD_FAILURE() << "expected an InputError";
    return "";
  }

  static constexpr const char* kObject =
      R"({"id": 0, "label": "table", "center": [0, 0, 0.4], "size": [1, 2, 0.8]})";
  static constexpr const char* kView =
      R"({"id": "v0", "width": 640, "height": 480, "fx": 500, "fy": 500, "cx": 320, "cy": 240,
          "cam_from_world": [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 2], [0, 0, 0, 1]]})";
  fs::path folder_;
};

TEST_F(SceneFileTest, RoundTripKeepsObjectsViewsAndMesh) {
  const Scene original =
      GenerateProceduralScene(ProceduralOptions(), CategoryOptions(), 3, /*seed=*/99);
  const fs::path path = folder_ / "out" / "scene.json";
  SaveSceneFile(original, path);
  EXPECT_TRUE(fs::exists(folder_ / "out" / "scene.ply"));
  // Empty category lists: the flags must come from the file itself.
  const Scene loaded = LoadSceneFile(path, CategoryOptions{{}, {}, {}});

  EXPECT_EQ(loaded.id, original.id);
  ASSERT_EQ(loaded.objects.size(), original.objects.size());
  for (size_t i = 0; i < original.objects.size(); ++i) {
    const Object& a = original.objects[i];
    const Object& b = loaded.objects[i];
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.label, b.label);
    EXPECT_THAT(a.center_in_world, testing::IsApprox(b.center_in_world, 1e-12));
    EXPECT_THAT(a.size, testing::IsApprox(b.size, 1e-12));
    EXPECT_NEAR(a.Yaw(), b.Yaw(), 1e-12);
    EXPECT_THAT(a.world_from_object, testing::IsApprox(b.world_from_object, 1e-12));
    EXPECT_EQ(a.has_front, b.has_front);
    EXPECT_EQ(a.movable, b.movable);
    EXPECT_EQ(a.support, b.support);
    EXPECT_THAT(a.color, testing::IsApprox(b.color, 1e-5));
  }
  ASSERT_EQ(loaded.views.size(), original.views.size());
  for (size_t i = 0; i < original.views.size(); ++i) {
    EXPECT_EQ(loaded.views[i].id, original.views[i].id);
    EXPECT_EQ(loaded.views[i].width, original.views[i].width);
    EXPECT_DOUBLE_EQ(loaded.views[i].intrinsics.fx, original.views[i].intrinsics.fx);
    EXPECT_DOUBLE_EQ(loaded.views[i].intrinsics.cy, original.views[i].intrinsics.cy);
    EXPECT_THAT(loaded.views[i].cam_from_world, testing::IsApprox(original.views[i].cam_from_world, 1e-12));
  }
  EXPECT_EQ(loaded.mesh.vertices, original.mesh.vertices);
  EXPECT_EQ(loaded.mesh.triangles, original.mesh.triangles);
  EXPECT_EQ(loaded.mesh.triangle_instance, original.mesh.triangle_instance);
  ASSERT_EQ(loaded.mesh.vertex_colors.size(), original.mesh.vertex_colors.size());
  for (size_t i = 0; i < original.mesh.vertex_colors.size(); ++i) {
    // PLY stores colours as bytes.
    EXPECT_LE((loaded.mesh.vertex_colors[i] - original.mesh.vertex_colors[i]).cwiseAbs().maxCoeff(),
              0.5f / 255 + 1e-6f);
  }
  EXPECT_EQ(loaded.world_front, original.world_front);
}

TEST_F(SceneFileTest, YawBoxComesOutWithThatYaw) {
  const Scene scene = LoadSceneFile(
      WriteScene(R"({"id": 1, "label": "box", "center": [1, 2, 0.1], "size": [0.4, 0.2, 0.2],
                     "yaw": 0.7})"),
      CategoryOptions());
  const Object& box = scene.objects[1];
  EXPECT_NEAR(box.Yaw(), 0.7, 1e-12);
  EXPECT_NEAR(box.CornersInWorld()[1].x(), 1 + 0.2 * std::cos(0.7) + 0.1 * std::sin(0.7), 1e-12);
  EXPECT_TRUE(box.movable);  // from the category lists
  EXPECT_FALSE(box.support);
  EXPECT_TRUE(scene.objects[0].support);
}

TEST_F(SceneFileTest, ExplicitFlagsOverrideCategories) {
  const Scene scene =
      LoadSceneFile(WriteScene(R"({"id": 1, "label": "cup", "center": [0, 0, 1], "size": [1, 1, 1],
                     "movable": false, "support": true})"),
                    CategoryOptions());
  EXPECT_FALSE(scene.objects[1].movable);
  EXPECT_TRUE(scene.objects[1].support);
  EXPECT_FALSE(scene.objects[1].has_front);
}

TEST_F(SceneFileTest, RotationMatrixIsRead) {
  const Scene scene =
      LoadSceneFile(WriteScene(R"({"id": 1, "label": "cup", "center": [0, 0, 1], "size": [1, 1, 1],
                     "rotation": [[0, -1, 0], [1, 0, 0], [0, 0, 1]]})"),
                    CategoryOptions());
  EXPECT_NEAR(scene.objects[1].Yaw(), M_PI / 2, 1e-12);
}

TEST_F(SceneFileTest, NanCenterNamesFileSceneAndField) {
  // JSON has no NaN; writers (nlohmann included) turn it into null.
  const fs::path path = WriteScene(R"({"id": 1, "label": "cup", "center": [0, null, 1],
                                       "size": [1, 1, 1]})");
  EXPECT_EQ(LoadError(path), path.string() +
                                 ": scene kitchen: objects[1].center: element 1 must be a finite "
                                 "number, got null");
}

TEST_F(SceneFileTest, ZeroSizeNamesTheValues) {
  const fs::path path =
      WriteScene(R"({"id": 1, "label": "cup", "center": [0, 0, 1], "size": [0.3, 0, 0.2]})");
  EXPECT_EQ(
      LoadError(path),
      path.string() + ": scene kitchen: objects[1].size: must be positive, got [0.3, 0, 0.2]");
}

TEST_F(SceneFileTest, NonOrthonormalRotationIsRejected) {
  const fs::path path = WriteScene(R"({"id": 1, "label": "cup", "center": [0, 0, 1],
      "size": [1, 1, 1], "rotation": [[1, 0.1, 0], [0, 1, 0], [0, 0, 1]]})");
  const std::string message = LoadError(path);
  EXPECT_NE(message.find("scene kitchen: objects[1].rotation: not a rotation: not orthonormal"),
            std::string::npos)
      << message;
}

TEST_F(SceneFileTest, ReflectionIsRejected) {
  const fs::path path = WriteScene(R"({"id": 1, "label": "cup", "center": [0, 0, 1],
      "size": [1, 1, 1], "rotation": [[1, 0, 0], [0, 1, 0], [0, 0, -1]]})");
  EXPECT_NE(LoadError(path).find("objects[1].rotation: not a rotation: determinant -1"),
            std::string::npos);
}

TEST_F(SceneFileTest, BadFocalLengthNamesTheView) {
  std::string view = kView;
  view.replace(view.find("\"fx\": 500"), 9, "\"fx\": -5");
  const fs::path path = WriteScene(R"({"id": 1, "label": "cup", "center": [0, 0, 1],
                                       "size": [1, 1, 1]})",
                                   view);
  EXPECT_EQ(LoadError(path),
            path.string() + ": scene kitchen: views[0].fx: must be positive, got -5");
}

TEST_F(SceneFileTest, NonRigidCameraIsRejected) {
  const std::string view = R"({"id": "v0", "width": 640, "height": 480, "fx": 500, "fy": 500,
      "cx": 320, "cy": 240,
      "cam_from_world": [[2, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 2], [0, 0, 0, 1]]})";
  const fs::path path = WriteScene(R"({"id": 1, "label": "cup", "center": [0, 0, 1],
                                       "size": [1, 1, 1]})",
                                   view);
  EXPECT_NE(LoadError(path).find("views[0].cam_from_world: not a rigid transform: its 3x3 part is not a rotation: not orthonormal"),
            std::string::npos);
}

TEST_F(SceneFileTest, MissingMeshNamesThePath) {
  const fs::path path = WriteScene(R"({"id": 1, "label": "cup", "center": [0, 0, 1],
                                       "size": [1, 1, 1]})",
                                   kView, R"("mesh": "nowhere.ply",)");
  EXPECT_EQ(LoadError(path), path.string() + ": scene kitchen: mesh: file not found: " +
                                 (folder_ / "nowhere.ply").string());
}

TEST_F(SceneFileTest, MissingImageNamesThePath) {
  std::string view = kView;
  view.insert(view.find("\"width\""), R"("rgb": "images/v0.jpg", )");
  const fs::path path = WriteScene(R"({"id": 1, "label": "cup", "center": [0, 0, 1],
                                       "size": [1, 1, 1]})",
                                   view);
  EXPECT_EQ(LoadError(path), path.string() + ": scene kitchen: views[0].rgb: file not found: " +
                                 (folder_ / "images/v0.jpg").string());
}

TEST_F(SceneFileTest, UnknownKeyIsAnError) {
  const fs::path path = WriteScene(R"({"id": 1, "label": "cup", "center": [0, 0, 1],
                                       "size": [1, 1, 1], "colour": [1, 0, 0]})");
  EXPECT_EQ(LoadError(path), path.string() + ": scene kitchen: objects[1].colour: unknown key");
}

TEST_F(SceneFileTest, DuplicateObjectIdIsAnError) {
  const fs::path path = WriteScene(R"({"id": 0, "label": "cup", "center": [0, 0, 1],
                                       "size": [1, 1, 1]})");
  EXPECT_EQ(LoadError(path), path.string() + ": scene kitchen: objects[1].id: duplicate id 0");
}

TEST_F(SceneFileTest, TriangleIndexOutOfRangeIsAnError) {
  Write("bad.ply",
        "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\n"
        "property float y\nproperty float z\nelement face 1\n"
        "property list uchar int vertex_indices\nend_header\n"
        "0 0 0\n1 0 0\n0 1 0\n3 0 1 7\n");
  const fs::path path = Write("b.json", R"({"id": "kitchen", "mesh": "bad.ply", "objects": []})");
  EXPECT_EQ(LoadError(path), path.string() +
                                 ": scene kitchen: mesh: triangle 0 has vertex index 7, out of "
                                 "range for 3 vertices in " +
                                 (folder_ / "bad.ply").string());
}

TEST_F(SceneFileTest, InstanceIdsMustNameObjects) {
  Scene scene;
  scene.id = "kitchen";
  scene.mesh.vertices = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}};
  scene.mesh.triangles = {{0, 1, 2}};
  scene.mesh.triangle_instance = {5};
  const fs::path path = folder_ / "m.json";
  SaveSceneFile(scene, path);
  EXPECT_EQ(LoadError(path), path.string() +
                                 ": scene kitchen: mesh_instances: triangle 0 has instance id 5, "
                                 "which is neither -1 nor an object id");
}

TEST_F(SceneFileTest, WorldFrontNullMeansNone) {
  const fs::path path = WriteScene(R"({"id": 1, "label": "cup", "center": [0, 0, 1],
                                       "size": [1, 1, 1]})",
                                   kView, R"("world_front": null,)");
  const std::optional<WorldFront> front = LoadSceneFile(path, CategoryOptions()).world_front;
  ASSERT_TRUE(front.has_value());
  EXPECT_EQ(front->mode, WorldFront::Mode::kNone);
}

}  // namespace
}  // namespace spatialgen
