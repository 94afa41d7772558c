// `spatialgen export` as a user runs it, on two demo scenes: generate, predict (oracle and
// random), score, export with the predictions, then every export scored in its consumer's own
// terms (dataset/consumer_metrics.h, recomputed in C++): the oracle scores 1, and random
// predictions score what `spatialgen score` says (yes/no and first-point counts exactly,
// Where2Place to 1e-9). Bad inputs exit 2 with a message that says what is wrong.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <opencv2/imgcodecs.hpp>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "core/atomic_file.h"
#include "dataset/consumer_metrics.h"
#include "dataset/dataset.h"
#include "tests/spatialgen_binary.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using spatialgen::testing::CommandResult;
namespace consumers = spatialgen::consumers;

const fs::path kSource(SPATIALGEN_SOURCE_DIR);
// Per process: ctest runs every test in a process of its own, in parallel.
const fs::path kTemp = fs::temp_directory_path() / ("spatialgen_export_cli_" + std::to_string(getpid()));
const fs::path kDataset = kTemp / "demo";

CommandResult Spatialgen(const std::string& arguments) { return spatialgen::testing::RunSpatialgen(arguments); }

json ReadJson(const fs::path& path) { return json::parse(spatialgen::ReadFileToString(path)); }

std::vector<json> ReadLines(const fs::path& path) {
  std::vector<json> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
  return lines;
}

// A metric of score.json's row for (task, all, all), or of the overall row for task "all".
const json& ScoreMetric(const json& score, const std::string& task, const std::string& metric) {
  for (const json& group : score.at("groups")) {
    if (group.at("task") == task && (task == "all" || group.at("frame") == "all")) return group.at("metrics").at(metric);
  }
  throw std::runtime_error("no score row for " + task);
}

// How many items of a task a proportion of score.json counts as correct; 0 for a task without items.
int Correct(const json& score, const std::string& task, const std::string& metric) {
  for (const json& group : score.at("groups")) {
    if (group.at("task") != task || group.at("frame") != "all") continue;
    const json& value = group.at("metrics").at(metric);
    return int(std::lround(value.at("mean").get<double>() * value.at("count").get<double>()));
  }
  return 0;
}

class ExportCliTest : public ::testing::Test {
 protected:
  // Made once per process, when a test first needs them: two demo scenes (every task), the
  // oracle's or random predictions, and the score of the random ones.
  static void RequireDataset() {
    if (fs::exists(kDataset / "manifest.json")) return;
    const std::string config = (kSource / "configs" / "demo.json").string();
    const CommandResult run = Spatialgen("generate --quiet --threads 2 --config " + config + " --out " +
                                         kDataset.string() + " --scenes proc_0000,proc_0003");
    ASSERT_EQ(run.exit_code, 0) << run.output;
  }
  static void RequirePredictions(const std::string& backend) {
    RequireDataset();
    if (fs::exists(kTemp / (backend + ".jsonl"))) return;
    const CommandResult run = Spatialgen("predict --quiet --dataset " + kDataset.string() + " --backend " + backend +
                                         " --out " + (kTemp / (backend + ".jsonl")).string());
    ASSERT_EQ(run.exit_code, 0) << run.output;
  }
  static json RandomScore() {
    RequirePredictions("random");
    if (!fs::exists(kTemp / "score_random" / "score.json")) {
      const CommandResult run = Spatialgen("score --dataset " + kDataset.string() + " --predictions " +
                                           (kTemp / "random.jsonl").string() + " --report " + (kTemp / "score_random").string());
      EXPECT_EQ(run.exit_code, 0) << run.output;
    }
    return ReadJson(kTemp / "score_random" / "score.json");
  }
  static void TearDownTestSuite() { fs::remove_all(kTemp); }

  // Exports with `predictions` ("" for none) into kTemp/<name>; returns the folder.
  static fs::path Export(const std::string& format, const std::string& name, const std::string& predictions = "",
                         const std::string& extra = "") {
    const fs::path out = kTemp / name;
    const std::string with = predictions.empty() ? "" : " --predictions " + (kTemp / predictions).string();
    const CommandResult run = Spatialgen("export --dataset " + kDataset.string() + " --format " + format + " --out " +
                                         out.string() + with + extra);
    EXPECT_EQ(run.exit_code, 0) << run.output;
    return out;
  }
};

// summarize_vqa.py's number for an export with answers.jsonl.
double Where2PlaceAccuracy(const fs::path& out) {
  const std::vector<json> questions = ReadLines(out / "point_questions.jsonl");
  const std::vector<json> answers = ReadLines(out / "answers.jsonl");
  EXPECT_EQ(answers.size(), questions.size());
  double sum = 0;
  for (size_t line = 0; line < questions.size(); ++line) {
    const std::string bytes = spatialgen::ReadFileToString(out / "masks" / fmt::format("{:02d}.jpg", line));
    const std::optional<cv::Mat> weights = consumers::Where2PlaceMaskWeights(bytes);
    if (!weights) {
      ADD_FAILURE() << "mask " << line << " is not as PIL would read it";
      return -1;
    }
    EXPECT_EQ(weights->cols, 640);
    EXPECT_EQ(weights->rows, 480);
    sum += consumers::Where2PlaceItemScore(answers[line].at("text"), *weights);
  }
  return sum / double(questions.size());
}

TEST_F(ExportCliTest, Where2PlaceScoresAsSpatialgenScores) {
  const json score = RandomScore();
  ASSERT_NO_FATAL_FAILURE(RequirePredictions("oracle"));
  EXPECT_EQ(Where2PlaceAccuracy(Export("where2place", "w2p_oracle", "oracle.jsonl")), 1.0);

  const fs::path out = Export("where2place", "w2p_random", "random.jsonl");
  const double accuracy = Where2PlaceAccuracy(out);
  const json& where2place = ScoreMetric(score, "all", "where2place");
  EXPECT_EQ(where2place.at("count").get<size_t>(), ReadLines(out / "point_questions.jsonl").size());
  EXPECT_NEAR(accuracy, where2place.at("mean").get<double>(), 1e-9);
  EXPECT_GT(accuracy, 0.0);  // random points do land in regions now and then

  // The answers file is also a RoboPoint answers file spatialgen scores: same number.
  const CommandResult rescore = Spatialgen("score --dataset " + kDataset.string() + " --predictions " +
                                           (out / "answers.jsonl").string() + " --report " + (kTemp / "rescore").string());
  ASSERT_EQ(rescore.exit_code, 0) << rescore.output;
  EXPECT_NEAR(ScoreMetric(ReadJson(kTemp / "rescore" / "score.json"), "all", "where2place").at("mean").get<double>(),
              accuracy, 1e-9);
}

TEST_F(ExportCliTest, RoboSpatialEvalCountsAsSpatialgenCounts) {
  const json score = RandomScore();
  ASSERT_NO_FATAL_FAILURE(RequirePredictions("oracle"));
  const spatialgen::Dataset dataset = spatialgen::ReadDataset(kDataset);
  std::map<std::pair<std::string, std::string>, const spatialgen::DatasetItem*> by_key;  // (question, img)
  for (const auto& item : dataset.items) by_key[{item.question, item.image}] = &item;

  const fs::path oracle = Export("robospatial-eval", "eval_oracle", "oracle.jsonl");
  const json annotations = ReadJson(oracle / "data" / "annotations.json");
  int context = 0;
  for (const json& entry : annotations) {
    if (entry.at("category") != "context") continue;
    ++context;
    const auto* item = by_key.at({entry.at("question"), entry.at("img")});
    const auto polygon = consumers::ParsePolygon(entry.at("answer"));
    ASSERT_TRUE(polygon) << item->id;
    for (const Eigen::Vector2d& point : item->points) {
      EXPECT_TRUE(consumers::PointInPolygonLatest(point.x(), point.y(), *polygon)) << item->id;
      EXPECT_TRUE(consumers::PointInPolygonClassic(point.x(), point.y(), *polygon)) << item->id;
    }
  }
  EXPECT_GT(context, 0);
  const fs::path random = Export("robospatial-eval", "eval_random", "random.jsonl");
  for (const auto test : {consumers::PolygonTest::kLatest, consumers::PolygonTest::kClassic}) {
    const consumers::EvalCounts full = consumers::EvaluateResults(annotations, ReadJson(oracle / "results.json"), test);
    EXPECT_EQ(full.unmatched, 0);
    EXPECT_EQ(full.correct, full.total);
    EXPECT_EQ(full.total, int(annotations.size()));

    const consumers::EvalCounts counts = consumers::EvaluateResults(
        ReadJson(random / "data" / "annotations.json"), ReadJson(random / "results.json"), test);
    EXPECT_EQ(counts.unmatched, 0);
    const auto& categories = counts.categories;
    EXPECT_EQ(categories.at("configuration").first, Correct(score, "configuration", "accuracy"));
    EXPECT_EQ(categories.at("compatibility").first,
              Correct(score, "compatibility", "accuracy") + Correct(score, "compatibility_on_top", "accuracy"));
    EXPECT_EQ(categories.at("context").first, Correct(score, "context", "first_point_hit"));
    EXPECT_EQ(categories.at("context").second, ScoreMetric(score, "context", "first_point_hit").at("count").get<int>());
  }
}

TEST_F(ExportCliTest, RoboSpatialQaAndLlavaCarryTheDatasetsAnswers) {
  ASSERT_NO_FATAL_FAILURE(RequireDataset());
  const spatialgen::Dataset dataset = spatialgen::ReadDataset(kDataset);
  const fs::path qa = Export("robospatial-qa", "qa");
  std::map<std::pair<std::string, std::string>, std::string> answers;  // (question, image) -> answer
  for (const auto& item : dataset.items) {
    if (item.format == "robospatial") answers[{"<image>" + item.question, item.image}] = item.answer;
  }
  const json list = ReadJson(qa / "robospatial_qa.json");
  EXPECT_EQ(list.size(), answers.size());
  for (const json& entry : list) {
    const fs::path image = entry.at("image_path").get<std::string>();
    const std::string expected = answers.at({entry.at("question"), image.lexically_relative(qa).generic_string()});
    // spatialgen writes yes/no in lower case and points with 3 decimals, as the generator does.
    const std::string answer = entry.at("answer");
    EXPECT_EQ(answer, expected == "yes" ? "Yes" : expected == "no" ? "No" : expected);
    EXPECT_TRUE(fs::exists(entry.at("image_path").get<std::string>()));
  }

  const fs::path llava = Export("llava", "llava", "", " --image-paths absolute");
  const json records = ReadJson(llava / "llava.json");
  EXPECT_EQ(records.size(), dataset.items.size());
  std::set<std::string> images;
  for (const json& record : records) images.insert(record.at("image"));
  for (const std::string& image : images) EXPECT_FALSE(cv::imread(image).empty()) << image;  // --image_folder ''
}

TEST_F(ExportCliTest, BadInputsExitTwoAndSayWhy) {
  ASSERT_NO_FATAL_FAILURE(RequirePredictions("oracle"));
  // A predictions file with ids missing.
  const std::vector<json> oracle = ReadLines(kTemp / "oracle.jsonl");
  std::ofstream half(kTemp / "half.jsonl");
  for (size_t i = 0; i < oracle.size() / 2; ++i) half << oracle[i].dump() << "\n";
  half.close();
  const fs::path out = kTemp / "refused";
  CommandResult run = Spatialgen("export --dataset " + kDataset.string() + " --format where2place --out " + out.string() +
                                 " --predictions " + (kTemp / "half.jsonl").string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("half.jsonl: id: no prediction for "), std::string::npos) << run.output;
  EXPECT_FALSE(fs::exists(out));

  // A folder that is not a dataset.
  fs::create_directories(kTemp / "not_a_dataset");
  run = Spatialgen("export --dataset " + (kTemp / "not_a_dataset").string() + " --format llava --out " + out.string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("not a spatialgen dataset folder"), std::string::npos) << run.output;

  // A non-empty --out that is not an earlier export: refused and left as it was.
  fs::create_directories(out);
  std::ofstream(out / "notes.txt") << "mine";
  run = Spatialgen("export --dataset " + kDataset.string() + " --format llava --out " + out.string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("--out: folder is not empty and holds no earlier export"), std::string::npos) << run.output;
  EXPECT_EQ(spatialgen::ReadFileToString(out / "notes.txt"), "mine");
  EXPECT_EQ(std::distance(fs::directory_iterator(out), fs::directory_iterator()), 1);

  // Predictions for a format without a predictions file; a format that does not exist.
  run = Spatialgen("export --dataset " + kDataset.string() + " --format llava --out " + (kTemp / "x").string() +
                   " --predictions " + (kTemp / "oracle.jsonl").string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("llava has no predictions file"), std::string::npos) << run.output;
  run = Spatialgen("export --dataset " + kDataset.string() + " --format coco --out " + (kTemp / "x").string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("--format"), std::string::npos) << run.output;
  EXPECT_FALSE(fs::exists(kTemp / "x"));

  // An earlier export is replaced.
  Export("llava", "again");
  Export("robospatial-qa", "again");
  EXPECT_TRUE(fs::exists(kTemp / "again" / "robospatial_qa.json"));
  EXPECT_FALSE(fs::exists(kTemp / "again" / "llava.json"));
}

}  // namespace
