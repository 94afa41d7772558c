#include "pipeline/run_config.h"

#include <gtest/gtest.h>

#include <fstream>

namespace spatialgen {
namespace {

const std::filesystem::path kSource(SPATIALGEN_SOURCE_DIR);

std::filesystem::path WriteConfig(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("spatialgen_" + name + ".json");
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

}  // namespace
}  // namespace spatialgen
