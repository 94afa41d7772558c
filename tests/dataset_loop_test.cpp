// The whole loop a user runs on the demo dataset, with the spatialgen binary: generate, audit
// with the geometry re-check (every item re-derived from its scene with fresh ray casts),
// predict with the oracle and random back ends, and score. The oracle must score 100 % on
// every task; random must sit at chance.
#include <gtest/gtest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "tests/spatialgen_binary.h"

namespace {

const std::filesystem::path kSource(SPATIALGEN_SOURCE_DIR);
// Per process: ctest runs tests in parallel, and other checkouts may run this one at the same time.
const std::filesystem::path kTemp =
    std::filesystem::temp_directory_path() / ("spatialgen_dataset_loop_" + std::to_string(::getpid()));

// Runs the binary; its output goes to `output`.
int Spatialgen(const std::string& arguments, std::string* output) {
  const spatialgen::testing::CommandResult result = spatialgen::testing::RunSpatialgen(arguments);
  *output = result.output;
  return result.exit_code;
}

nlohmann::json ReadJson(const std::filesystem::path& path) { return nlohmann::json::parse(std::ifstream(path)); }

// The score of the row (task, "all", "all") in score.json.
double TaskScore(const nlohmann::json& score, const std::string& task) {
  for (const auto& group : score.at("groups")) {
    if (group.at("task") == task && group.at("frame") == "all" && group.at("relation") == "all") {
      return group.at("metrics").at("score").at("mean");
    }
  }
  ADD_FAILURE() << "no row for " << task;
  return -1;
}

TEST(DatasetLoopTest, DemoAuditsCleanOracleScoresFullRandomScoresChance) {
  std::filesystem::remove_all(kTemp);
  const std::string config = (kSource / "configs" / "demo.json").string();
  const auto dataset = kTemp / "demo";
  // 24 of the demo's 40 rooms (about 5700 items): enough for the yes/no rates to sit within
  // 0.05 of a fair coin's, in half the suite's longest test time.
  std::string scenes;
  for (int k = 0; k < 24; ++k) scenes += (k ? "," : "") + fmt::format("proc_{:04d}", k);
  std::string output;
  ASSERT_EQ(Spatialgen("generate --quiet --config " + config + " --out " + dataset.string() + " --scenes " + scenes,
                       &output),
            0)
      << output;

  ASSERT_EQ(Spatialgen("audit --quiet " + dataset.string() + " --scenes-config " + config + " --report " +
                    (kTemp / "audit").string(),
                &output),
            0)
      << output;
  const nlohmann::json audit = ReadJson(kTemp / "audit" / "report.json");
  EXPECT_EQ(audit.at("errors"), 0);
  EXPECT_TRUE(audit.at("geometry_rechecked"));
  EXPECT_FALSE(audit.at("language_prior").at("biased"));
  for (const auto& check : audit.at("checks")) {
    if (check.at("category") == "geometry") {
      EXPECT_GT(check.at("checked"), 0) << check.at("name");
    }
  }
  EXPECT_TRUE(std::filesystem::exists(kTemp / "audit" / "report.html"));

  const std::vector<std::string> tasks = {"configuration", "compatibility", "context", "grounding",
                                          "object_reference", "free_space_reference"};
  for (const std::string backend : {"oracle", "random"}) {
    const auto predictions = kTemp / (backend + ".jsonl");
    ASSERT_EQ(Spatialgen("predict --quiet --dataset " + dataset.string() + " --backend " + backend + " --out " +
                      predictions.string(),
                  &output),
              0)
        << output;
    const auto report = kTemp / ("score_" + backend);
    ASSERT_EQ(Spatialgen("score --dataset " + dataset.string() + " --predictions " + predictions.string() + " --report " +
                      report.string(),
                  &output),
              0)
        << output;
    const nlohmann::json score = ReadJson(report / "score.json");
    for (const std::string& task : tasks) {
      const double value = TaskScore(score, task);
      if (backend == "oracle") {
        EXPECT_DOUBLE_EQ(value, 1.0) << task;
      } else if (task == "configuration" || task == "compatibility") {
        EXPECT_NEAR(value, 0.5, 0.05) << task;  // a fair coin on balanced yes/no
      } else {
        EXPECT_LT(value, 0.1) << task;  // uniform points and boxes rarely land in small regions
      }
    }
  }
  std::filesystem::remove_all(kTemp);
}

}  // namespace
