// The spatialgen binary as a user runs it: exit codes and what it prints.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/spatialgen_binary.h"
#include "testing/temp_path.h"

namespace {

const std::filesystem::path kSource(SPATIALGEN_SOURCE_DIR);
const std::filesystem::path kData = kSource / "tests" / "data";

using spatialgen::testing::CommandResult;

CommandResult Spatialgen(const std::string& arguments) { return spatialgen::testing::RunSpatialgen(arguments); }

std::filesystem::path TempOut(const std::string& name) {
  const auto path = spatialgen::testing::TempPath("spatialgen_cli_" + name);
  std::filesystem::remove_all(path);
  return path;
}

TEST(CliTest, HelpListsSubcommandsAndOptions) {
  const CommandResult help = Spatialgen("--help");
  EXPECT_EQ(help.exit_code, 0);
  for (const char* word : {"generate", "render", "templates", "audit", "predict", "score", "export", "merge"}) EXPECT_NE(help.output.find(word), std::string::npos) << word;
  const CommandResult generate_help = Spatialgen("generate --help");
  EXPECT_EQ(generate_help.exit_code, 0);
  for (const char* flag : {"--config", "--out", "--threads", "--seed", "--scenes", "--shard", "--overwrite"}) {
    EXPECT_NE(generate_help.output.find(flag), std::string::npos) << flag;
  }
}

TEST(CliTest, UnknownConfigKeyFailsAndNamesTheKey) {
  const auto out = TempOut("typo");
  const CommandResult run = Spatialgen("generate --quiet --config " + (kData / "typo_config.json").string() + " --out " + out.string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("typo_config.json: generation.relation_margn: unknown key"), std::string::npos) << run.output;
  EXPECT_FALSE(std::filesystem::exists(out / "manifest.json"));
}

TEST(CliTest, MissingMeshFailsTheSceneAndNamesThePath) {
  const auto out = TempOut("missing_mesh");
  const CommandResult run = Spatialgen("generate --quiet --config " + (kData / "partial_failure_config.json").string() +
                             " --out " + out.string());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.output.find("no_such_mesh.ply"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("scene missing_mesh"), std::string::npos) << run.output;
  EXPECT_TRUE(std::filesystem::exists(out / "qa" / "robospatial.jsonl"));  // the good scene
  std::filesystem::remove_all(out);
}

TEST(CliTest, GeneratePrintsWhereTheDatasetIs) {
  const auto out = TempOut("tiny");
  const CommandResult run = Spatialgen("generate --quiet --threads 2 --seed 5 --config " + (kData / "tiny_config.json").string() +
                             " --out " + out.string());
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("dataset: " + std::filesystem::absolute(out).string()), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("Final answer should be yes or no."), std::string::npos);
  std::ifstream manifest(out / "manifest.json");
  std::string text((std::istreambuf_iterator<char>(manifest)), {});
  EXPECT_NE(text.find("\"seed\": 5"), std::string::npos);
  std::filesystem::remove_all(out);
}

TEST(CliTest, RenderWritesThreeImagesPerView) {
  const auto out = TempOut("render");
  const CommandResult run = Spatialgen("render --quiet --config " + (kData / "tiny_config.json").string() + " --out " + out.string());
  EXPECT_EQ(run.exit_code, 0) << run.output;
  for (const char* kind : {"rgb", "depth", "instance"}) {
    EXPECT_TRUE(std::filesystem::exists(out / "tiny" / (std::string("v0_") + kind + ".png"))) << kind;
  }
  std::filesystem::remove_all(out);
}

TEST(CliTest, TemplatesCheckReportsProblems) {
  const CommandResult clean = Spatialgen("templates check " + (kSource / "templates").string());
  EXPECT_EQ(clean.exit_code, 0) << clean.output;
  EXPECT_NE(clean.output.find("templates OK"), std::string::npos);

  const auto broken = TempOut("templates");
  std::filesystem::copy(kSource / "templates", broken, std::filesystem::copy_options::recursive);
  std::ofstream(broken / "frames.json") << R"({"ego": ["from {a}'s view"], "world": {"camera_heading": [], "scene_axis": ["in the room"]}, "object": ["x"]})";
  const CommandResult run = Spatialgen("templates check " + broken.string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("frames.json: ego[0]: unknown placeholder {a}"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("frames.json: world.camera_heading: must not be empty"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("frames.json: object[0]: missing placeholder {b}"), std::string::npos) << run.output;
  std::filesystem::remove_all(broken);
}

TEST(CliTest, AuditExitCodesAndReportFiles) {
  const auto out = TempOut("audit_tiny");
  ASSERT_EQ(Spatialgen("generate --quiet --config " + (kData / "tiny_config.json").string() + " --out " + out.string()).exit_code, 0);
  const auto report = TempOut("audit_tiny_report");
  const CommandResult clean = Spatialgen("audit --quiet " + out.string() + " --report " + report.string());
  EXPECT_EQ(clean.exit_code, 0) << clean.output;
  EXPECT_TRUE(std::filesystem::exists(report / "report.html"));
  EXPECT_TRUE(std::filesystem::exists(report / "report.json"));
  EXPECT_NE(clean.output.find("geometry re-check: not run"), std::string::npos) << clean.output;

  std::filesystem::remove(out / "images" / "tiny" / "v0.png");
  const CommandResult broken = Spatialgen("audit --quiet " + out.string() + " --report " + report.string());
  EXPECT_EQ(broken.exit_code, 2) << broken.output;
  EXPECT_NE(broken.output.find("ERROR    missing_image"), std::string::npos) << broken.output;

  const CommandResult bad_threshold = Spatialgen("audit --quiet --min-group-items 0 " + out.string());
  EXPECT_EQ(bad_threshold.exit_code, 2);
  EXPECT_NE(bad_threshold.output.find("min_group_items: must be >= 1"), std::string::npos) << bad_threshold.output;

  const CommandResult absent = Spatialgen("audit --quiet " + (out / "nothing_here").string());
  EXPECT_EQ(absent.exit_code, 2);
  EXPECT_NE(absent.output.find("nothing_here: no such file or folder"), std::string::npos) << absent.output;
  std::filesystem::remove_all(out);
  std::filesystem::remove_all(report);
}

TEST(CliTest, ScoreNamesTheBadPredictionLine) {
  const auto out = TempOut("score_tiny");
  ASSERT_EQ(Spatialgen("generate --quiet --config " + (kData / "tiny_config.json").string() + " --out " + out.string()).exit_code, 0);
  std::ofstream(out / "predictions.jsonl") << R"({"id": "tiny_v0_configuration_000", "text": "yes"})" << "\n{broken\n";
  const CommandResult run = Spatialgen("score --dataset " + out.string() + " --predictions " + (out / "predictions.jsonl").string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("predictions.jsonl:2"), std::string::npos) << run.output;
  std::filesystem::remove_all(out);
}

TEST(CliTest, ShardsAndMergeRefuseBadInputWithExitCode2) {
  const auto out = TempOut("shards");
  const std::string config = (kData / "tiny_config.json").string();
  const CommandResult bad_shard = Spatialgen("generate --quiet --config " + config + " --out " + out.string() + " --shard 2/2");
  EXPECT_EQ(bad_shard.exit_code, 2);
  EXPECT_NE(bad_shard.output.find("--shard: shard index 2 is not in [0, 2)"), std::string::npos) << bad_shard.output;
  EXPECT_FALSE(std::filesystem::exists(out));

  ASSERT_EQ(Spatialgen("generate --quiet --config " + config + " --out " + (out / "s0").string() + " --shard 0/2").exit_code, 0);
  const CommandResult missing = Spatialgen("merge --quiet --out " + (out / "all").string() + " " + (out / "s0").string());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.output.find("shard 1 of 2 is missing (given: 0)"), std::string::npos) << missing.output;
  ASSERT_EQ(Spatialgen("generate --quiet --config " + config + " --out " + (out / "s1").string() + " --shard 1/2").exit_code, 0);
  const CommandResult merged = Spatialgen("merge --quiet --out " + (out / "all").string() + " " + (out / "s1").string() + " " +
                                          (out / "s0").string());
  EXPECT_EQ(merged.exit_code, 0) << merged.output;
  EXPECT_NE(merged.output.find("merged 2 shards"), std::string::npos) << merged.output;
  EXPECT_TRUE(std::filesystem::exists(out / "all" / "manifest.json"));
  std::filesystem::remove_all(out);
}

}  // namespace
