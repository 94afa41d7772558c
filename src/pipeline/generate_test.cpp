#include "pipeline/generate.h"

#include <gtest/gtest.h>

#include "core/atomic_file.h"
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <fstream>

#include "core/error.h"
#include "testing/temp_path.h"

namespace spatialgen {
namespace {

const std::filesystem::path kSource(SPATIALGEN_SOURCE_DIR);
const std::filesystem::path kData = kSource / "tests" / "data";

// Every file under `root`, relative path -> bytes.
std::map<std::string, std::string> Snapshot(const std::filesystem::path& root) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) files[entry.path().lexically_relative(root).string()] = ReadFileToString(entry.path());
  }
  return files;
}

GenerateSummary Generate(const std::filesystem::path& config, const std::filesystem::path& out,
                         int threads, std::vector<std::string> scenes = {}) {
  std::filesystem::remove_all(out);
  GenerateOptions options;
  options.config = config;
  options.out = out;
  options.threads = threads;
  options.scenes = std::move(scenes);
  options.progress = false;
  return RunGenerate(options);
}

TEST(GenerateTest, TinySceneWritesEveryOutput) {
  const auto out = spatialgen::testing::TempPath("spatialgen_generate_tiny");
  const GenerateSummary summary = Generate(kData / "tiny_config.json", out, 1);
  EXPECT_EQ(summary.scenes_ok, 1);
  EXPECT_EQ(summary.scenes_failed, 0);
  EXPECT_GT(summary.robospatial_items, 0);
  EXPECT_GT(summary.robopoint_items, 0);
  for (const char* file : {"qa/robospatial.jsonl", "qa/robopoint.json", "gt/tiny.jsonl",
                           "images/tiny/v0.png", "manifest.json"}) {
    EXPECT_TRUE(std::filesystem::exists(out / file)) << file;
  }
  const auto manifest = nlohmann::json::parse(ReadFileToString(out / "manifest.json"));
  EXPECT_EQ(manifest.at("scenes").at(0).at("status"), "ok");
  EXPECT_EQ(manifest.at("seed"), 3);
  EXPECT_GT(manifest.at("counters").at("rays.primary"), 0);
  std::filesystem::remove_all(out);
}

TEST(GenerateTest, PointAnswersLieInTheirWrittenMasks) {
  const auto out = spatialgen::testing::TempPath("spatialgen_generate_masks");
  Generate(kData / "tiny_config.json", out, 1);
  std::ifstream ground_truth(out / "gt" / "tiny.jsonl");
  int point_items = 0;
  for (std::string line; std::getline(ground_truth, line);) {
    const auto item = nlohmann::json::parse(line);
    if (item.at("answer_kind") != "points") continue;
    ++point_items;
    const cv::Mat mask = cv::imread((out / item.at("mask").get<std::string>()).string(), cv::IMREAD_GRAYSCALE);
    ASSERT_FALSE(mask.empty()) << item.at("mask");
    EXPECT_TRUE(std::filesystem::exists(out / item.at("image").get<std::string>()));
    for (const auto& point : item.at("answer")) {
      const int i = int(point[0].get<double>() * mask.cols), j = int(point[1].get<double>() * mask.rows);
      EXPECT_GT(mask.at<uint8_t>(j, i), 0) << item.at("id");
    }
  }
  EXPECT_GT(point_items, 0);
  std::filesystem::remove_all(out);
}

TEST(GenerateTest, ViewWithAPhotoShowsThePhoto) {
  const auto dir = spatialgen::testing::TempPath("spatialgen_generate_photo");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  // The tiny scene, its view given a plain teal photo of its size.
  auto scene = nlohmann::json::parse(ReadFileToString(kData / "tiny_scene.json"), nullptr, true, true);
  scene["views"][0]["rgb"] = "photo.png";
  std::ofstream(dir / "scene.json") << scene.dump();
  const cv::Mat teal(240, 320, CV_8UC3, cv::Scalar(128, 128, 0));  // BGR
  cv::imwrite((dir / "photo.png").string(), teal);
  std::ofstream(dir / "config.json") << R"({"templates": ")" << (kSource / "templates").string()
                                     << R"(", "scenes": {"source": "files", "files": ["scene.json"]},
                                          "visibility": {"min_visible_pixels": 40}})";
  const GenerateSummary summary = Generate(dir / "config.json", dir / "out", 1);
  EXPECT_EQ(summary.scenes_ok, 1);
  const cv::Mat written = cv::imread((dir / "out" / "images" / "tiny" / "v0.png").string());
  ASSERT_EQ(written.size(), teal.size());
  EXPECT_EQ(cv::norm(written, teal, cv::NORM_INF), 0.0);
  // A photo of the wrong size fails the scene and names the file.
  cv::imwrite((dir / "photo.png").string(), cv::Mat(10, 10, CV_8UC3));
  const GenerateSummary failed = Generate(dir / "config.json", dir / "out", 1);
  EXPECT_EQ(failed.scenes_failed, 1);
  const auto manifest = nlohmann::json::parse(ReadFileToString(dir / "out" / "manifest.json"));
  EXPECT_NE(manifest.at("scenes")[0].at("error").get<std::string>().find("photo.png"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(GenerateTest, SceneFileWithoutViewsGetsSynthesizedViews) {
  const auto out = spatialgen::testing::TempPath("spatialgen_generate_no_views");
  const GenerateSummary summary = Generate(kData / "no_views_config.json", out, 2);
  EXPECT_EQ(summary.scenes_ok, 1);
  EXPECT_EQ(summary.counters.Get("views.rendered"), 3);
  EXPECT_GT(summary.robospatial_items, 0);
  EXPECT_TRUE(std::filesystem::exists(out / "images" / "tiny_no_views" / "v0.png"));
  std::filesystem::remove_all(out);
}

TEST(GenerateTest, OutputBytesDoNotDependOnThreads) {
  const auto one = spatialgen::testing::TempPath("spatialgen_generate_t1");
  const auto two = spatialgen::testing::TempPath("spatialgen_generate_t2");
  const std::vector<std::string> scenes = {"proc_0000", "proc_0001", "proc_0002", "proc_0003"};
  Generate(kSource / "configs" / "demo.json", one, 1, scenes);
  Generate(kSource / "configs" / "demo.json", two, 2, scenes);
  const auto a = Snapshot(one), b = Snapshot(two);
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a.size(), b.size());
  for (const auto& [path, bytes] : a) {
    ASSERT_TRUE(b.count(path)) << path;
    EXPECT_TRUE(bytes == b.at(path)) << path << " differs between --threads 1 and 2";
  }
  std::filesystem::remove_all(one);
  std::filesystem::remove_all(two);
}

TEST(GenerateTest, FailedSceneIsRecordedAndOthersAreWritten) {
  const auto out = spatialgen::testing::TempPath("spatialgen_generate_partial");
  const GenerateSummary summary = Generate(kData / "partial_failure_config.json", out, 2);
  EXPECT_EQ(summary.scenes_ok, 1);
  EXPECT_EQ(summary.scenes_failed, 1);
  const auto manifest = nlohmann::json::parse(ReadFileToString(out / "manifest.json"));
  const auto& failed = manifest.at("scenes").at(1);
  EXPECT_EQ(failed.at("status"), "failed");
  EXPECT_NE(failed.at("error").get<std::string>().find("no_such_mesh.ply"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(out / "gt" / "tiny.jsonl"));
  EXPECT_FALSE(std::filesystem::exists(out / "gt" / "missing_mesh.jsonl"));
  EXPECT_EQ(manifest.at("counters").at("scenes.failed"), 1);
  std::filesystem::remove_all(out);
}

TEST(GenerateTest, RefusesANonEmptyFolderThatIsNoDataset) {
  const auto out = spatialgen::testing::TempPath("spatialgen_generate_foreign");
  std::filesystem::remove_all(out);
  std::filesystem::create_directories(out);
  std::ofstream(out / "notes.txt") << "mine";
  GenerateOptions options;
  options.config = kData / "tiny_config.json";
  options.out = out;
  options.progress = false;
  EXPECT_THROW(RunGenerate(options), InputError);
  EXPECT_EQ(ReadFileToString(out / "notes.txt"), "mine");
  std::filesystem::remove_all(out);
}

TEST(GenerateTest, RerunOfAFinishedRunChangesNothing) {
  const auto out = spatialgen::testing::TempPath("spatialgen_generate_rerun");
  const GenerateSummary first = Generate(kData / "tiny_config.json", out, 1);
  const auto before = Snapshot(out);
  const auto written = std::filesystem::last_write_time(out / "manifest.json");
  GenerateOptions options;
  options.config = kData / "tiny_config.json";
  options.out = out;
  options.progress = false;
  const GenerateSummary again = RunGenerate(options);
  EXPECT_EQ(again.scenes_resumed, 1);
  EXPECT_EQ(again.robospatial_items, first.robospatial_items);
  EXPECT_EQ(again.counters.values(), first.counters.values());
  EXPECT_TRUE(Snapshot(out) == before);
  EXPECT_EQ(std::filesystem::last_write_time(out / "manifest.json"), written);
  std::filesystem::remove_all(out);
}

TEST(GenerateTest, AnotherSeedReplacesADatasetOnlyWithOverwrite) {
  const auto out = spatialgen::testing::TempPath("spatialgen_generate_overwrite");
  Generate(kData / "tiny_config.json", out, 1);
  const auto before = Snapshot(out);
  GenerateOptions options;
  options.config = kData / "tiny_config.json";
  options.out = out;
  options.seed = 5;
  options.progress = false;
  EXPECT_THROW(RunGenerate(options), InputError);
  EXPECT_TRUE(Snapshot(out) == before);
  options.overwrite = true;
  RunGenerate(options);
  EXPECT_EQ(nlohmann::json::parse(ReadFileToString(out / "manifest.json")).at("seed"), 5);
  EXPECT_FALSE(Snapshot(out) == before);
  EXPECT_FALSE(std::filesystem::exists(out / ".spatialgen-run"));
  std::filesystem::remove_all(out);
}

TEST(GenerateTest, UnknownSceneIdIsAnError) {
  const auto out = spatialgen::testing::TempPath("spatialgen_generate_unknown");
  EXPECT_THROW(Generate(kData / "tiny_config.json", out, 1, {"nope"}), InputError);
  std::filesystem::remove_all(out);
}

}  // namespace
}  // namespace spatialgen
