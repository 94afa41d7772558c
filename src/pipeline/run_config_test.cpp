#include "pipeline/run_config.h"

#include <gtest/gtest.h>

#include <fstream>
#include "testing/temp_path.h"

namespace spatialgen {
namespace {

const std::filesystem::path kSource(SPATIALGEN_SOURCE_DIR);

std::filesystem::path WriteConfig(const std::string& name, const std::string& text) {
  const auto path = spatialgen::testing::TempPath("spatialgen_" + name + ".json");
  std::ofstream(path) << text;
  return path;
}

TEST(RunConfigTest, DemoConfigLoadsAndResolvesDefaults) {
  const RunConfig config = LoadRunConfig(kSource / "configs" / "demo.json");
  EXPECT_EQ(config.seed, 7u);
  EXPECT_EQ(config.scenes.source, "procedural");
  EXPECT_EQ(config.scenes.procedural.scene_count, 40);
  EXPECT_TRUE(std::filesystem::equivalent(config.templates, kSource / "templates"));
  // Defaults not written in the file are still in the resolved config.
  EXPECT_TRUE(config.resolved.at("render").contains("ambient"));
  EXPECT_EQ(config.resolved.at("visibility").at("min_visible_pixels"), 400);
}

TEST(RunConfigTest, UnknownKeyNamesFileAndKeyPath) {
  const auto path = WriteConfig("typo", R"({"generation": {"relation_margn": 0.1}})");
  try {
    LoadRunConfig(path);
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), path.string() + ": generation.relation_margn: unknown key");
  }
}

TEST(RunConfigTest, BadValueNamesSectionAndField) {
  const auto path = WriteConfig("bad_value", R"({"visibility": {"min_visible_fraction": 1.5}})");
  try {
    LoadRunConfig(path);
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().file, path.string());
    EXPECT_EQ(e.location().field, "visibility.min_visible_fraction");
  }
}

TEST(RunConfigTest, SceneFilesAreResolvedAgainstTheConfigFolder) {
  const auto path = WriteConfig("files", R"({"scenes": {"source": "files", "files": ["a/b.json"]}})");
  const RunConfig config = LoadRunConfig(path);
  ASSERT_EQ(config.scenes.files.size(), 1u);
  EXPECT_EQ(config.scenes.files[0], std::filesystem::temp_directory_path() / "a" / "b.json");
}

TEST(RunConfigTest, DatasetSourceReadsPathsAndFloorHeight) {
  const auto path = WriteConfig("dataset", R"({"scenes": {"source": "dataset", "dataset":
      {"format": "multiscan", "root": "scans", "floor_height": -0.3}}})");
  const RunConfig config = LoadRunConfig(path);
  EXPECT_EQ(config.scenes.dataset.root, std::filesystem::temp_directory_path() / "scans");
  EXPECT_EQ(config.scenes.dataset.floor_height, -0.3);
  const auto without = WriteConfig("dataset_no_floor", R"({"scenes": {"source": "dataset", "dataset":
      {"format": "multiscan", "root": "scans"}}})");
  EXPECT_FALSE(LoadRunConfig(without).scenes.dataset.floor_height.has_value());
  const auto bad = WriteConfig("dataset_bad", R"({"scenes": {"source": "dataset", "dataset": {"format": "ply", "root": "x"}}})");
  try {
    LoadRunConfig(bad);
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().field, "scenes.dataset.format");
  }
}

TEST(RunConfigTest, UnknownTaskIsRejected) {
  const auto path = WriteConfig("task", R"({"generation": {"tasks": ["dancing"]}})");
  EXPECT_THROW(LoadRunConfig(path), InputError);
}

// What LoadRunConfig throws for `text`, as the user reads it, without the file name.
std::string ConfigError(const std::string& text) {
  const auto path = WriteConfig("hostile", text);
  try {
    LoadRunConfig(path);
  } catch (const InputError& e) {
    const std::string message = e.what();
    return message.substr(message.find(": ") + 2);
  }
  return "";
}

// Issue 15, case 5: each value a hostile user tried gets a message naming its full key path.
TEST(RunConfigTest, NestedKeyPathsKeepEveryLevel) {
  EXPECT_EQ(ConfigError(R"({"scenes": {"procedural": {"views": {"width": 0}}}})"),
            "scenes.procedural.views.width: must be > 0, got 0");
  EXPECT_EQ(ConfigError(R"({"scenes": {"source": "files", "files": ["x.json"], "views": {"height": -4}}})"),
            "scenes.views.height: must be > 0, got -4");
  EXPECT_EQ(ConfigError(R"({"generation": {"points": {"max_points": 0}}})"),
            "generation.points.max_points: must be >= min_points_sampled");
}

TEST(RunConfigTest, NumbersThatDoNotFitTheirKeyAreRefused) {
  EXPECT_EQ(ConfigError(R"({"seed": -1})"), "seed: must be an integer in [0, 18446744073709551615], got -1");
  EXPECT_EQ(ConfigError(R"({"seed": 1.5})"), "seed: must be an integer in [0, 18446744073709551615], got 1.5");
  EXPECT_EQ(ConfigError(R"({"scenes": {"procedural": {"scene_count": 1e20}}})"),
            "scenes.procedural.scene_count: must be an integer in [-2147483648, 2147483647], got 1e+20");
}

TEST(RunConfigTest, KeyGivenTwiceIsAnError) {
  EXPECT_EQ(ConfigError(R"({"seed": 1, "scenes": {"procedural": {"scene_count": 2, "scene_count": 3}}})"),
            "scenes.procedural.scene_count: key given twice");
}

// Configs that can only give an empty dataset are refused up front instead of exiting 0.
TEST(RunConfigTest, ConfigsThatGiveNoItemsAreRefused) {
  EXPECT_EQ(ConfigError(R"({"scenes": {"procedural": {"views": {"count": 0}}}})"),
            "scenes.procedural.views.count: must be >= 1 (no views give no items), got 0");
  EXPECT_EQ(ConfigError(R"({"generation": {"tasks": []}})"), "generation.tasks: must name at least one task");
  EXPECT_EQ(ConfigError(R"({"scenes": {"procedural": {"scene_count": 0}}})"),
            "scenes.procedural.scene_count: must be >= 1, got 0");
  EXPECT_EQ(ConfigError(R"({"generation": {"max_items_per_view": 0}})"), "generation.max_items_per_view: must be >= 1, got 0");
  EXPECT_EQ(ConfigError(R"({"generation": {"tasks": ["grounding"], "max_items_per_task": {"grounding": 0}}})"),
            "generation.max_items_per_task: every task to generate has a cap of 0");
}

// 100000 x 100000 views ended in "std::bad_alloc" after the run had started.
TEST(RunConfigTest, ViewSizeHasALimitWithTheMemoryItWouldNeed) {
  EXPECT_EQ(ConfigError(R"({"scenes": {"procedural": {"views": {"width": 100000, "height": 100000}}}})"),
            "scenes.procedural.views.width: 100000 x 100000 pixels would need 150 GB for its render buffers alone; a "
            "view may have at most 67108864 pixels (8192 x 8192) and 16384 on a side");
}

}  // namespace
}  // namespace spatialgen
