// End-to-end `generate` runs on the real samples in ../shared/data/real (skipped, with a
// message, where that folder is absent): every sample loads, renders and yields the items its
// data supports, and the audit re-checks every item against its scene without an error.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>

#include "audit/audit.h"
#include "pipeline/generate.h"
#include "testing/temp_path.h"

namespace spatialgen {
namespace {

const std::filesystem::path kSource(SPATIALGEN_SOURCE_DIR);
const std::filesystem::path kReal = kSource / ".." / "shared" / "data" / "real";

// Items per task (the id's task part) in both files of a dataset, under "world_horizontal"
// the world-frame items about left, right, front or behind, and under "max_grounding_per_image"
// the most grounding items on one image (grounding asks about every nameable object of a view).
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
  std::map<std::string, int> grounding_per_image;
  for (const auto& item : nlohmann::json::parse(robopoint)) {
    const std::string id = item.at("id");
    for (const char* task : {"grounding", "object_reference", "free_space_reference"}) {
      if (id.find(std::string("_") + task + "_") != std::string::npos) ++count[task];
    }
    if (id.find("_grounding_") != std::string::npos) {
      count["max_grounding_per_image"] = std::max(count["max_grounding_per_image"], ++grounding_per_image[item.at("image")]);
    }
  }
  return count;
}

std::map<std::string, int> GenerateSample(const std::string& name, GenerateSummary* summary) {
  const auto out = spatialgen::testing::TempPath("spatialgen_real_" + name);
  std::filesystem::remove_all(out);
  GenerateOptions options;
  options.config = kSource / "configs" / "real" / (name + ".json");
  options.out = out;
  options.progress = false;
  *summary = RunGenerate(options);
  std::map<std::string, int> count = ItemsPerTask(out);
  AuditOptions audit;
  audit.scenes_config = options.config;
  audit.progress = false;
  const AuditReport report = RunAudit(out, audit);
  EXPECT_TRUE(report.geometry_rechecked);
  for (const AuditCheck& check : report.checks) {
    if (check.severity == CheckSeverity::kError) {
      EXPECT_EQ(check.failed, 0) << name << ": " << check.name << ": " << (check.examples.empty() ? "" : check.examples[0]);
    }
  }
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

TEST_F(RealSamplesTest, SunRgbdPhotosYieldItemsInEveryFrame) {
  GenerateSummary summary;
  const std::map<std::string, int> count = GenerateSample("sunrgbd", &summary);
  EXPECT_EQ(summary.scenes_ok, 4);
  // The floor plane under the boxes gives free space to point at.
  for (const char* task : {"configuration", "grounding", "object_reference", "context"}) {
    EXPECT_GT(count.count(task) ? count.at(task) : 0, 0) << task;
  }
  // The world frame's front is the camera's heading on the floor, which every photo has.
  EXPECT_GT(count.count("world_horizontal") ? count.at("world_horizontal") : 0, 0);
}

TEST_F(RealSamplesTest, Scan2CadScanYieldsPointingAndContextItems) {
  GenerateSummary summary;
  const std::map<std::string, int> count = GenerateSample("scan2cad", &summary);
  EXPECT_EQ(summary.scenes_ok, 1);
  EXPECT_GT(summary.counters.Get("support.surfaces"), 0);
  // The table stands on the scanned floor around its pedestal, which gives it free space.
  for (const char* task : {"grounding", "object_reference", "free_space_reference", "context"}) {
    EXPECT_GT(count.count(task) ? count.at(task) : 0, 0) << task;
  }
  // Five chairs share a label, so only the table and the trash bin can be named, and no view
  // shows both: configuration and compatibility questions, which name two objects, cannot be
  // asked. The red box names the anchor of the RoboPoint items instead.
  EXPECT_EQ(count.at("max_grounding_per_image"), 1);
  EXPECT_EQ(count.count("configuration"), 0u);
}

}  // namespace
}  // namespace spatialgen
