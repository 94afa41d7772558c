// End-to-end `generate` runs on the real samples in ../shared/data/real (skipped, with a
// message, where that folder is absent): every sample loads, renders and yields the items its
// data supports.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>

#include "pipeline/generate.h"

namespace spatialgen {
namespace {

const std::filesystem::path kSource(SPATIALGEN_SOURCE_DIR);
const std::filesystem::path kReal = kSource / ".." / "shared" / "data" / "real";

// Items per task (the id's task part) in both files of a dataset, and under "world_horizontal"
// the world-frame items about left, right, front or behind.
std::map<std::string, int> ItemsPerTask(const std::filesystem::path& out) {
  std::map<std::string, int> count;
  std::ifstream robospatial(out / "qa" / "robospatial.jsonl");
  for (std::string line; std::getline(robospatial, line);) {
    const auto item = nlohmann::json::parse(line);
    ++count[item.at("qa_type")];
    const auto& relation = item.at("relation");
    if (item.at("frame") == "world" && relation.is_string() && relation != "above" && relation != "below") {
      ++count["world_horizontal"];
    }
  }
  std::ifstream robopoint(out / "qa" / "robopoint.json");
  for (const auto& item : nlohmann::json::parse(robopoint)) {
    const std::string id = item.at("id");
    for (const char* task : {"grounding", "object_reference", "free_space_reference"}) {
      if (id.find(std::string("_") + task + "_") != std::string::npos) ++count[task];
    }
  }
  return count;
}

std::map<std::string, int> GenerateSample(const std::string& name, GenerateSummary* summary) {
  const auto out = std::filesystem::temp_directory_path() / ("spatialgen_real_" + name);
  std::filesystem::remove_all(out);
  GenerateOptions options;
  options.config = kSource / "configs" / "real" / (name + ".json");
  options.out = out;
  options.progress = false;
  *summary = RunGenerate(options);
  std::map<std::string, int> count = ItemsPerTask(out);
  std::filesystem::remove_all(out);
  return count;
}

class RealSamplesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::is_directory(kReal)) {
      GTEST_SKIP() << "real samples not found at " << kReal << " (../shared/data/real beside the repository)";
    }
  }
};

TEST_F(RealSamplesTest, MultiScanBoxesYieldConfigurationGroundingAndObjectReference) {
  GenerateSummary summary;
  const std::map<std::string, int> count = GenerateSample("multiscan", &summary);
  EXPECT_EQ(summary.scenes_ok, 1);
  EXPECT_EQ(summary.counters.Get("views.rendered"), 4);
  for (const char* task : {"configuration", "grounding", "object_reference"}) EXPECT_GT(count.count(task) ? count.at(task) : 0, 0) << task;
}

TEST_F(RealSamplesTest, SunRgbdPhotosYieldItemsWithoutWorldFrontItems) {
  GenerateSummary summary;
  const std::map<std::string, int> count = GenerateSample("sunrgbd", &summary);
  EXPECT_EQ(summary.scenes_ok, 4);
  // The floor plane under the boxes gives free space to point at.
  for (const char* task : {"configuration", "grounding", "object_reference", "context"}) {
    EXPECT_GT(count.count(task) ? count.at(task) : 0, 0) << task;
  }
  EXPECT_EQ(count.count("world_horizontal"), 0u);  // SUN RGB-D declares no room front
}

TEST_F(RealSamplesTest, Scan2CadScanYieldsPointingItems) {
  GenerateSummary summary;
  const std::map<std::string, int> count = GenerateSample("scan2cad", &summary);
  EXPECT_EQ(summary.scenes_ok, 1);
  EXPECT_GT(summary.counters.Get("support.surfaces"), 0);
  // Five chairs share a label: the nameable objects are few, so the sample's items are mostly
  // RoboPoint ones, whose anchor the red box names.
  for (const char* task : {"grounding", "object_reference", "free_space_reference"}) EXPECT_GT(count.count(task) ? count.at(task) : 0, 0) << task;
}

}  // namespace
}  // namespace spatialgen
