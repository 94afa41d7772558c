#include "audit/audit.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <fstream>
#include <opencv2/imgcodecs.hpp>

#include "audit/scene_recheck.h"
#include "core/atomic_file.h"
#include "pipeline/generate.h"

namespace spatialgen {
namespace {

using nlohmann::json;

const std::filesystem::path kSource = SPATIALGEN_SOURCE_DIR;
const std::filesystem::path kTinyConfig = kSource / "tests" / "data" / "tiny_config.json";
// One folder per process: ctest runs tests in parallel processes, each generating its own.
const std::filesystem::path kTemp =
    std::filesystem::temp_directory_path() / ("spatialgen_audit_test_" + std::to_string(::getpid()));

// Removes the process's folder after the last test.
class TempCleanup : public ::testing::Environment {
 public:
  void TearDown() override { std::filesystem::remove_all(kTemp); }
};
const auto* const kCleanup = ::testing::AddGlobalTestEnvironment(new TempCleanup);

std::filesystem::path Generated(const std::string& name, const std::filesystem::path& config,
                                std::vector<std::string> scenes = {}) {
  const auto out = kTemp / name;
  if (std::filesystem::exists(out / "manifest.json")) return out;
  GenerateOptions options;
  options.config = config;
  options.out = out;
  options.progress = false;
  options.scenes = std::move(scenes);
  RunGenerate(options);
  return out;
}

std::filesystem::path CopyOf(const std::filesystem::path& dataset, const std::string& name) {
  const auto copy = kTemp / name;
  std::filesystem::remove_all(copy);
  std::filesystem::copy(dataset, copy, std::filesystem::copy_options::recursive);
  return copy;
}

AuditOptions Quiet() {
  AuditOptions options;
  options.progress = false;
  return options;
}

const AuditCheck& CheckNamed(const AuditReport& report, const std::string& name) {
  for (const AuditCheck& check : report.checks) {
    if (check.name == name) return check;
  }
  throw std::runtime_error("no check " + name);
}

// Fails the test listing every failed check of `category` ("" for all).
void ExpectNoFailures(const AuditReport& report, const std::string& category) {
  for (const AuditCheck& check : report.checks) {
    if (category.empty() || check.category == category) {
      EXPECT_EQ(check.failed, 0) << check.name << ": " << (check.examples.empty() ? "" : check.examples[0]);
    }
  }
}

// A JSON-lines file, edited in place by id.
class JsonLines {
 public:
  explicit JsonLines(std::filesystem::path path) : path_(std::move(path)) {
    std::ifstream in(path_);
    for (std::string line; std::getline(in, line);) lines_.push_back(json::parse(line));
  }
  json& ById(const std::string& id) {
    for (json& line : lines_) {
      if (line["id"] == id) return line;
    }
    throw std::runtime_error("no line " + id);
  }
  std::vector<json>& lines() { return lines_; }
  void Save() const {
    std::string text;
    for (const json& line : lines_) text += line.dump() + "\n";
    WriteFileAtomic(path_, text);
  }

 private:
  std::filesystem::path path_;
  std::vector<json> lines_;
};

std::string PointsText(const json& points) {
  std::string text = "[";
  for (size_t i = 0; i < points.size(); ++i) {
    text += fmt::format("{}({:.3f}, {:.3f})", i ? ", " : "", points[i][0].get<double>(), points[i][1].get<double>());
  }
  return text + "]";
}

// The first ground-truth line of `task`.
json& FirstOfTask(JsonLines& gt, const std::string& task) {
  for (json& line : gt.lines()) {
    if (line["task"] == task) return line;
  }
  throw std::runtime_error("no item of task " + task);
}

TEST(AuditTest, CleanTinyDatasetPassesEveryCheckIncludingTheSceneRecheck) {
  const auto dataset = Generated("tiny", kTinyConfig);
  AuditOptions options = Quiet();
  options.scenes_config = kTinyConfig;
  const AuditReport report = RunAudit(dataset, options);
  EXPECT_EQ(report.layout, "spatialgen");
  EXPECT_EQ(report.items, 81);
  ExpectNoFailures(report, "schema");
  ExpectNoFailures(report, "geometry");
  EXPECT_EQ(report.Errors(), 0);
  EXPECT_TRUE(report.geometry_rechecked);
  EXPECT_EQ(CheckNamed(report, "recheck_visibility").checked, 81);
  EXPECT_GT(CheckNamed(report, "recheck_relation").checked, 50);
  EXPECT_GT(CheckNamed(report, "recheck_box").checked, 0);
  EXPECT_GT(CheckNamed(report, "recheck_object_points").checked, 0);
  EXPECT_GT(CheckNamed(report, "recheck_free_space").checked, 0);
  EXPECT_GT(CheckNamed(report, "points_in_mask").checked, 0);
  EXPECT_EQ(report.gallery.size(), 24u);
  EXPECT_EQ(report.ExitCode(false), 0);
}

TEST(AuditTest, HeaderOnlyImageCheckFindsTheSameSizes) {
  const auto dataset = Generated("tiny", kTinyConfig);
  AuditOptions headers = Quiet();
  headers.decode_images = false;
  const AuditReport decoded = RunAudit(dataset, Quiet());
  const AuditReport read = RunAudit(dataset, headers);
  ASSERT_EQ(read.image_sizes.size(), decoded.image_sizes.size());
  for (size_t i = 0; i < read.image_sizes.size(); ++i) {
    EXPECT_EQ(read.image_sizes[i].name, decoded.image_sizes[i].name);
    EXPECT_EQ(read.image_sizes[i].count, decoded.image_sizes[i].count);
  }
  EXPECT_EQ(read.images, decoded.images);
  EXPECT_EQ(CheckNamed(read, "unreadable_image").failed, 0);
}

TEST(AuditTest, ProceduralScenesRecheckClean) {
  const auto config = kSource / "configs" / "demo.json";
  const auto dataset = Generated("demo3", config, {"proc_0000", "proc_0001", "proc_0002"});
  AuditOptions options = Quiet();
  options.scenes_config = config;
  const AuditReport report = RunAudit(dataset, options);
  ExpectNoFailures(report, "geometry");
  ExpectNoFailures(report, "schema");
  EXPECT_GT(CheckNamed(report, "recheck_free_space").checked, 10);
  EXPECT_GT(CheckNamed(report, "recheck_relation").checked, 50);
}

TEST(AuditTest, FindsEachPlantedDefect) {
  const auto dataset = CopyOf(Generated("tiny", kTinyConfig), "defects");
  JsonLines gt(dataset / "gt" / "tiny.jsonl");
  JsonLines robospatial(dataset / "qa" / "robospatial.jsonl");
  json robopoint = json::parse(std::ifstream(dataset / "qa" / "robopoint.json"));

  // A point out of range, in an object-reference item (RoboPoint file and ground truth).
  json& reference = FirstOfTask(gt, "object_reference");
  const std::string reference_id = reference["id"];
  reference["answer"][0] = {1.5, 0.5};
  for (json& item : robopoint) {
    if (item["id"] == reference_id) item["conversations"][1]["value"] = PointsText(reference["answer"]);
  }
  // A context point moved off its mask, to a pixel far from it.
  json& context = FirstOfTask(gt, "context");
  const std::string context_id = context["id"];
  const cv::Mat mask = cv::imread((dataset / context["mask"].get<std::string>()).string(), cv::IMREAD_GRAYSCALE);
  ASSERT_FALSE(mask.empty());
  ASSERT_EQ(mask.at<uint8_t>(5, 5), 0) << "the test expects the image corner outside the free-space mask";
  context["answer"][0] = {5.5 / mask.cols, 5.5 / mask.rows};
  robospatial.ById(context_id)["answer"] = PointsText(context["answer"]);
  // One relation group made all "yes", consistently in both files.
  const json& first_yes_no = FirstOfTask(gt, "configuration");
  const std::string frame = first_yes_no["frame"], relation = first_yes_no["relation"];
  int group_items = 0;
  for (json& line : gt.lines()) {
    if (line["task"] != "configuration" || line["frame"] != frame || line["relation"] != relation) continue;
    line["answer"] = true;
    robospatial.ById(line["id"])["answer"] = "yes";
    ++group_items;
  }
  // An id used twice.
  robospatial.lines().push_back(robospatial.lines().front());
  gt.Save();
  robospatial.Save();
  WriteFileAtomic(dataset / "qa" / "robopoint.json", robopoint.dump());
  // A missing image.
  std::filesystem::remove(dataset / "images" / "tiny" / "v0.png");

  AuditOptions options = Quiet();
  options.min_group_items = group_items;
  const AuditReport report = RunAudit(dataset, options);
  const AuditCheck& missing_image = CheckNamed(report, "missing_image");
  EXPECT_EQ(missing_image.failed, 1);
  const AuditCheck& out_of_range = CheckNamed(report, "point_out_of_range");
  EXPECT_EQ(out_of_range.failed, 1);
  EXPECT_EQ(out_of_range.example_ids, std::vector<std::string>{reference_id});
  const AuditCheck& duplicate = CheckNamed(report, "duplicate_id");
  EXPECT_EQ(duplicate.failed, 1);
  EXPECT_EQ(duplicate.example_ids, std::vector<std::string>{robospatial.lines().front()["id"].get<std::string>()});
  const AuditCheck& balance = CheckNamed(report, "yes_no_balance");
  ASSERT_GE(balance.failed, 1);
  EXPECT_NE(balance.examples[0].find("configuration/" + frame + "/" + relation), std::string::npos) << balance.examples[0];
  const AuditCheck& outside = CheckNamed(report, "points_in_mask");
  EXPECT_NE(std::find(outside.example_ids.begin(), outside.example_ids.end(), context_id), outside.example_ids.end());
  EXPECT_EQ(CheckNamed(report, "answer_mismatch").failed, 0);  // every edit kept text and ground truth agreeing
  EXPECT_EQ(report.ExitCode(false), 2);
  // The failing items lead the gallery, with their problems.
  ASSERT_FALSE(report.gallery.empty());
  EXPECT_FALSE(report.gallery.front().problems.empty());
}

TEST(AuditTest, RecheckCatchesAnswersTheSceneContradicts) {
  const auto dataset = CopyOf(Generated("tiny", kTinyConfig), "contradicted");
  JsonLines gt(dataset / "gt" / "tiny.jsonl");
  JsonLines robospatial(dataset / "qa" / "robospatial.jsonl");
  json& configuration = FirstOfTask(gt, "configuration");
  const std::string configuration_id = configuration["id"];
  configuration["answer"] = !configuration["answer"].get<bool>();
  robospatial.ById(configuration_id)["answer"] = configuration["answer"].get<bool>() ? "yes" : "no";
  json robopoint = json::parse(std::ifstream(dataset / "qa" / "robopoint.json"));
  json& grounding = FirstOfTask(gt, "grounding");
  const std::string grounding_id = grounding["id"];
  grounding["answer"][0] = grounding["answer"][0].get<double>() + 0.01;
  for (json& item : robopoint) {
    if (item["id"] != grounding_id) continue;
    const json& box = grounding["answer"];
    item["conversations"][1]["value"] = fmt::format("[{:.3f}, {:.3f}, {:.3f}, {:.3f}]", box[0].get<double>(),
                                                    box[1].get<double>(), box[2].get<double>(), box[3].get<double>());
  }
  gt.Save();
  robospatial.Save();
  WriteFileAtomic(dataset / "qa" / "robopoint.json", robopoint.dump());

  AuditOptions options = Quiet();
  options.scenes_config = kTinyConfig;
  const AuditReport report = RunAudit(dataset, options);
  EXPECT_EQ(CheckNamed(report, "answer_mismatch").failed, 0);
  EXPECT_EQ(CheckNamed(report, "recheck_relation").example_ids, std::vector<std::string>{configuration_id});
  EXPECT_EQ(CheckNamed(report, "recheck_box").example_ids, std::vector<std::string>{grounding_id});
}

// A RoboSpatial file whose answers follow the relation word: the blind baseline sees it.
std::filesystem::path PriorFile(const std::string& name, bool biased) {
  const auto path = kTemp / name;
  std::filesystem::create_directories(kTemp);
  std::ofstream out(path);
  const char* objects[] = {"cup", "bowl", "mug", "plate", "fork", "spoon", "knife", "glass"};
  for (int i = 0; i < 200; ++i) {
    const bool left = i % 2 == 0;
    const bool yes = biased ? left : (i / 2) % 2 == 0;
    const std::string a = objects[i % 8], b = objects[(i / 8 + 1 + i) % 8];
    out << json({{"id", fmt::format("q{}", i)},
                 {"image", "img.png"},
                 {"question", fmt::format("Is the {} {} of the {}? Final answer should be yes or no.", a,
                                          left ? "left" : "right", b)},
                 {"answer", yes ? "yes" : "no"},
                 {"qa_type", "configuration"},
                 {"frame", "ego"},
                 {"relation", left ? "left" : "right"},
                 {"objects", {a, b}}})
               .dump()
        << "\n";
  }
  return path;
}

TEST(AuditTest, LanguagePriorFlagsAnswersTheQuestionTextGivesAway) {
  const AuditReport biased = RunAudit(PriorFile("biased.jsonl", true), Quiet());
  EXPECT_TRUE(biased.prior_biased);
  EXPECT_GT(biased.prior_accuracy, 0.9);
  EXPECT_EQ(CheckNamed(biased, "language_prior").failed, 2);  // left and right
  EXPECT_EQ(CheckNamed(biased, "yes_no_balance").failed, 2);  // all yes for left, all no for right

  const AuditReport balanced = RunAudit(PriorFile("balanced.jsonl", false), Quiet());
  EXPECT_FALSE(balanced.prior_biased);
  EXPECT_EQ(CheckNamed(balanced, "language_prior").failed, 0);
  EXPECT_EQ(CheckNamed(balanced, "yes_no_balance").failed, 0);
  EXPECT_EQ(CheckNamed(balanced, "missing_image").failed, 1);  // img.png is nowhere
}

TEST(AuditTest, AnAnswerOfAnotherKindThanItsTasksIsAnError) {
  const auto path = kTemp / "kinds.jsonl";
  std::filesystem::create_directories(kTemp);
  std::ofstream out(path);
  for (int i = 0; i < 4; ++i) {
    out << json({{"id", fmt::format("c{}", i)}, {"image", "img.png"}, {"question", fmt::format("Is the cup {} left of the bowl?", i)},
                 {"answer", i == 3 ? "[(0.5, 0.5)]" : "yes"}, {"qa_type", "configuration"}})
               .dump()
        << "\n";
  }
  out.close();
  const AuditReport report = RunAudit(path, Quiet());
  const AuditCheck& kinds = CheckNamed(report, "answer_kind");
  EXPECT_EQ(kinds.checked, 4);
  EXPECT_EQ(kinds.example_ids, std::vector<std::string>{"c3"});
}

TEST(AuditTest, ExitCodesFollowSeverity) {
  AuditReport report;
  EXPECT_EQ(report.ExitCode(true), 0);
  report.checks.push_back({"w", "content", CheckSeverity::kWarning, "a warning"});
  report.checks.back().Fail("x", "warned");
  EXPECT_EQ(report.ExitCode(false), 0);
  EXPECT_EQ(report.ExitCode(true), 1);
  report.checks.push_back({"e", "schema", CheckSeverity::kError, "an error"});
  report.checks.back().Fail("y", "failed");
  EXPECT_EQ(report.ExitCode(false), 2);
  EXPECT_EQ(report.ExitCode(true), 2);
}

TEST(AuditTest, ViewIdsComeFromImagePaths) {
  EXPECT_EQ(ViewIdOfImage("images/s/v0.png"), "v0");
  EXPECT_EQ(ViewIdOfImage("images/s/v12_mark3.png"), "v12");
  EXPECT_EQ(ViewIdOfImage("images/s/frame_markers.png"), "frame_markers");
}

}  // namespace
}  // namespace spatialgen
