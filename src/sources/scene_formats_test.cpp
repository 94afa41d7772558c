#include "sources/scene_formats.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/check.h"

namespace spatialgen {
namespace {

class SceneFormatsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() / ("spatialgen_formats_" + std::to_string(::getpid()));
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_);
    for (const char* name : {"scene_b.annotations.json", "scene_a.annotations.json", "notes.txt"}) {
      std::ofstream(root_ / name) << "{}";
    }
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  std::filesystem::path root_;
};

TEST_F(SceneFormatsTest, TheTableNamesEveryFormat) {
  EXPECT_EQ(SceneFormatNames(), (std::vector<std::string>{"scannet", "scan2cad", "embodiedscan", "sunrgbd", "multiscan"}));
}

TEST_F(SceneFormatsTest, AnUnknownFormatIsRefusedWithTheKnownOnes) {
  SceneDatasetOptions options;
  options.format = "scanet";
  options.root = root_;
  try {
    CheckNested(options, "dataset");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().field, "dataset.format");
    EXPECT_NE(e.reason().find("scannet, scan2cad, embodiedscan, sunrgbd, multiscan"), std::string::npos) << e.reason();
  }
}

TEST_F(SceneFormatsTest, FormatsNeedTheirOwnKeys) {
  SceneDatasetOptions options;
  options.format = "scan2cad";
  options.root = root_;
  try {
    CheckNested(options, "dataset");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().field, "dataset.mesh");
  }
}

TEST_F(SceneFormatsTest, ScenesAreListedByFileNameInOrderAndFiltered) {
  SceneDatasetOptions options;
  options.format = "multiscan";
  options.root = root_;
  const std::vector<DatasetSceneRef> refs = ListDatasetScenes(options);
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].id, "scene_a");
  EXPECT_EQ(refs[1].id, "scene_b");
  EXPECT_EQ(refs[1].file, root_ / "scene_b.annotations.json");

  options.scenes = {"scene_b"};
  ASSERT_EQ(ListDatasetScenes(options).size(), 1u);
  options.scenes = {"scene_c"};
  EXPECT_THROW(ListDatasetScenes(options), InputError);
}

}  // namespace
}  // namespace spatialgen
