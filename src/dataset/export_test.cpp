// The exports on the golden tiny dataset laid out as a spatialgen folder, with images and
// region masks drawn for it: every file and field as its consumer reads it, and the oracle
// scoring 1.0 in the consumer's own terms (dataset/consumer_metrics.h).
#include "dataset/export.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <fstream>
#include <set>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/rng.h"
#include "dataset/consumer_metrics.h"
#include "dataset/export_folder.h"
#include "testing/temp_path.h"

namespace spatialgen {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kGolden = fs::path(SPATIALGEN_SOURCE_DIR) / "tests" / "golden" / "tiny";

fs::path FreshDir(const std::string& name) {
  const fs::path dir = spatialgen::testing::TempPath("spatialgen_export_test_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// The tiny dataset with width x height images and, for every region mask, 9 x 9 squares around
// the answer points of the items that share it (so most regions have several parts).
fs::path TinyDataset(const std::string& name, int width = 640, int height = 480) {
  const fs::path root = FreshDir(name) / "dataset";
  fs::create_directories(root / "qa");
  fs::create_directories(root / "gt");
  fs::copy_file(kGolden / "robospatial.jsonl", root / "qa" / "robospatial.jsonl");
  fs::copy_file(kGolden / "robopoint.json", root / "qa" / "robopoint.json");
  fs::copy_file(kGolden / "tiny.jsonl", root / "gt" / "tiny.jsonl");
  WriteFileAtomic(root / "manifest.json", R"({"spatialgen_version": "9.9", "seed": 3, "config": {"seed": 3}})");
  std::map<std::string, cv::Mat> masks;  // items with the same region share its file
  std::ifstream gt(kGolden / "tiny.jsonl");
  for (std::string line; std::getline(gt, line);) {
    const json record = json::parse(line);
    const fs::path image = root / record.at("image").get<std::string>();
    if (!fs::exists(image)) {
      fs::create_directories(image.parent_path());
      cv::imwrite(image.string(), cv::Mat(height, width, CV_8UC3, cv::Scalar(40, 80, 120)));
    }
    if (!record.contains("mask")) continue;
    cv::Mat& mask = masks[record.at("mask").get<std::string>()];
    if (mask.empty()) mask = cv::Mat(height, width, CV_8U, cv::Scalar(0));
    for (const auto& point : record.at("answer")) {
      const int x = int(point[0].get<double>() * width), y = int(point[1].get<double>() * height);
      cv::rectangle(mask, cv::Rect(x - 4, y - 4, 9, 9), cv::Scalar(255), cv::FILLED);
    }
  }
  for (const auto& [name, mask] : masks) {
    fs::create_directories((root / name).parent_path());
    cv::imwrite((root / name).string(), mask);
  }
  return root;
}

// The ground truth as answers: what the oracle back end says.
ScoredAnswers OracleAnswers(const Dataset& dataset) {
  ScoredAnswers answers;
  for (const DatasetItem& item : dataset.items) {
    ScoredAnswer& answer = answers[item.id];
    answer.model = "oracle";
    if (item.answer_kind == AnswerKind::kYesNo) answer.yes = item.answer_yes;
    if (item.answer_kind == AnswerKind::kPoints) answer.points = item.points;
  }
  return answers;
}

std::vector<json> ReadLines(const fs::path& path) {
  std::vector<json> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
  return lines;
}

json ReadJson(const fs::path& path) { return json::parse(ReadFileToString(path)); }

std::vector<std::string> Keys(const json& object) {
  // nlohmann::json sorts keys; the order written is checked on the raw text where it matters.
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.push_back(key);
  return keys;
}

ExportOptions Options(ExportFormat format, const fs::path& out) {
  ExportOptions options;
  options.format = format;
  options.out = out;
  options.predictions_name = "oracle.jsonl";
  return options;
}

TEST(ExportTest, Where2PlaceFilesAsTheScorerReadsThemAndTheOracleScoresOne) {
  const fs::path root = TinyDataset("where2place");
  const Dataset dataset = ReadDataset(root);
  const ScoredAnswers answers = OracleAnswers(dataset);
  const fs::path out = root.parent_path() / "w2p";
  const ExportSummary summary = ExportDataset(dataset, Options(ExportFormat::kWhere2Place, out), &answers);
  EXPECT_EQ(summary.items, 22);  // 8 context + 5 free-space + 9 object reference items
  EXPECT_EQ(summary.left_out.at("yes_no answer (Where2Place scores points)"), 54);
  EXPECT_EQ(summary.left_out.at("box answer (Where2Place scores points)"), 5);
  EXPECT_TRUE(summary.predictions);

  const std::vector<json> questions = ReadLines(out / "point_questions.jsonl");
  const std::vector<json> answer_lines = ReadLines(out / "answers.jsonl");
  ASSERT_EQ(questions.size(), 22u);
  ASSERT_EQ(answer_lines.size(), 22u);
  EXPECT_TRUE(ReadFileToString(out / "point_questions.jsonl").starts_with(R"({"question_id":"tiny_v0_context_064","image":"tiny/v0.png","text":)"));
  double total = 0;
  for (size_t line = 0; line < questions.size(); ++line) {
    const json& question = questions[line];
    EXPECT_EQ(Keys(question), (std::vector<std::string>{"category", "image", "question_id", "text"}));
    const DatasetItem* item = dataset.Find(question.at("question_id"));
    ASSERT_NE(item, nullptr);
    EXPECT_EQ(question.at("text"), item->question);
    EXPECT_EQ(question.at("category"), item->task);
    EXPECT_TRUE(fs::exists(out / "images" / question.at("image").get<std::string>()));  // model_vqa: --image-folder OUT/images
    EXPECT_EQ(answer_lines[line].at("question_id"), question.at("question_id"));  // answers in question order

    // The mask of line NN: a PNG whatever its name, 8-bit greyscale (IHDR bit depth 8, colour
    // type 0), 0 and 255 exactly where the source mask is set.
    const std::string bytes = ReadFileToString(out / "masks" / fmt::format("{:02d}.jpg", line));
    ASSERT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    EXPECT_EQ(int(uint8_t(bytes[24])), 8);
    EXPECT_EQ(int(uint8_t(bytes[25])), 0);
    const cv::Mat written = cv::imdecode(cv::Mat(1, int(bytes.size()), CV_8U, const_cast<char*>(bytes.data())), cv::IMREAD_UNCHANGED);
    const cv::Mat source = cv::imread(item->mask_path.string(), cv::IMREAD_GRAYSCALE);
    ASSERT_EQ(written.type(), CV_8UC1);
    EXPECT_EQ(cv::countNonZero(written != source), 0);
    EXPECT_EQ(cv::countNonZero((written != 0) & (written != 255)), 0);

    const cv::Mat weights = *consumers::Where2PlaceMaskWeights(bytes);
    total += consumers::Where2PlaceItemScore(answer_lines[line].at("text"), weights);
  }
  EXPECT_EQ(total / double(questions.size()), 1.0);
}

TEST(ExportTest, Where2PlaceAnswersScoreAsSpatialgenCountsThem) {
  const fs::path root = TinyDataset("where2place_partial");
  const Dataset dataset = ReadDataset(root);
  ScoredAnswers answers = OracleAnswers(dataset);
  // The first question: one answer point and a point in the top-left pixel, outside its region
  // (its squares are around its answer points): 1/2 in Where2Place's terms. The second: no
  // parsable answer, 0. The third: a point past the image's right edge, which spatialgen clamps
  // to the last column (where this item has no region pixel either): 0.
  const DatasetItem& first = *dataset.Find("tiny_v0_context_064");
  answers.at(first.id).points = std::vector<Eigen::Vector2d>{first.points[0], {0.0001, 0.0001}};
  answers.at("tiny_v0_context_065").points.reset();
  answers.at("tiny_v0_context_066").points = std::vector<Eigen::Vector2d>{{1.7, 0.5}};
  const fs::path out = root.parent_path() / "w2p";
  ExportDataset(dataset, Options(ExportFormat::kWhere2Place, out), &answers);
  const std::vector<json> lines = ReadLines(out / "answers.jsonl");
  std::vector<double> scores;
  for (size_t line = 0; line < 3; ++line) {
    const cv::Mat weights = *consumers::Where2PlaceMaskWeights(ReadFileToString(out / "masks" / fmt::format("{:02d}.jpg", line)));
    scores.push_back(consumers::Where2PlaceItemScore(lines[line].at("text"), weights));
  }
  EXPECT_EQ(lines[0].at("question_id"), first.id);
  EXPECT_EQ(lines[1].at("text"), "");
  EXPECT_EQ(lines[2].at("text"), "[(0.999219, 0.501042)]");  // pixel (639, 240)'s centre
  EXPECT_EQ(scores, (std::vector<double>{0.5, 0.0, 0.0}));
}

TEST(ExportTest, Where2PlaceRefusesImagesOfAnotherSize) {
  const fs::path root = TinyDataset("where2place_small", 320, 240);
  const fs::path out = root.parent_path() / "w2p";
  try {
    ExportDataset(ReadDataset(root), Options(ExportFormat::kWhere2Place, out));
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("320 x 240 pixels"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("640 x 480"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(out));
  EXPECT_EQ(std::distance(fs::directory_iterator(root.parent_path()), fs::directory_iterator()), 1);
}

TEST(ExportTest, MissingPredictionsAreAnErrorAndNothingIsWritten) {
  const fs::path root = TinyDataset("missing");
  const Dataset dataset = ReadDataset(root);
  ScoredAnswers answers = OracleAnswers(dataset);
  answers.erase("tiny_v0_context_065");
  const fs::path out = root.parent_path() / "eval";
  try {
    ExportDataset(dataset, Options(ExportFormat::kRoboSpatialEval, out), &answers);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().file, "oracle.jsonl");
    EXPECT_NE(std::string(e.what()).find("no prediction for 1 of the 62 items exported (first: tiny_v0_context_065)"),
              std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(out));
  EXPECT_THROW(ExportDataset(dataset, Options(ExportFormat::kLlava, out), &answers), InputError);  // no predictions file
}

TEST(ExportTest, RoboSpatialEvalEntriesAsMainPyReadsThemAndTheOracleScoresOne) {
  const fs::path root = TinyDataset("eval");
  const Dataset dataset = ReadDataset(root);
  const ScoredAnswers answers = OracleAnswers(dataset);
  const fs::path out = root.parent_path() / "eval";
  const ExportSummary summary = ExportDataset(dataset, Options(ExportFormat::kRoboSpatialEval, out), &answers);
  EXPECT_EQ(summary.items, 62);  // 50 configuration, 4 compatibility, 8 context

  // main.py reads every *.json of data_dir as questions: only the annotations may be there.
  std::vector<std::string> json_files;
  for (const auto& entry : fs::directory_iterator(out / "data")) {
    if (entry.path().extension() == ".json") json_files.push_back(entry.path().filename().string());
  }
  EXPECT_EQ(json_files, std::vector<std::string>{"annotations.json"});
  const json annotations = ReadJson(out / "data" / "annotations.json");
  const json results = ReadJson(out / "results.json");
  ASSERT_EQ(annotations.size(), 62u);
  ASSERT_EQ(results.size(), 62u);
  std::map<std::string, int> categories;
  for (size_t i = 0; i < annotations.size(); ++i) {
    const json& entry = annotations[i];
    EXPECT_EQ(Keys(entry), (std::vector<std::string>{"answer", "category", "img", "question"}));
    EXPECT_EQ(Keys(results[i]), (std::vector<std::string>{"answer", "img", "question"}));
    EXPECT_TRUE(fs::exists(out / "data" / entry.at("img").get<std::string>()));  // os.path.join(data_dir, img)
    ++categories[entry.at("category")];
    if (entry.at("category") != "context") {
      EXPECT_TRUE(entry.at("answer") == "Yes" || entry.at("answer") == "No") << entry.at("answer");
      continue;
    }
    // The ring holds every answer point of its region, in both versions of the consumer's test.
    const DatasetItem* item = nullptr;
    for (const DatasetItem& candidate : dataset.items) {
      if (candidate.question == entry.at("question")) item = &candidate;
    }
    ASSERT_NE(item, nullptr);
    const auto polygon = consumers::ParsePolygon(entry.at("answer"));
    ASSERT_TRUE(polygon);
    for (const Eigen::Vector2d& point : item->points) {
      EXPECT_TRUE(consumers::PointInPolygonLatest(point.x(), point.y(), *polygon)) << item->id;
      EXPECT_TRUE(consumers::PointInPolygonClassic(point.x(), point.y(), *polygon)) << item->id;
    }
  }
  EXPECT_EQ(categories, (std::map<std::string, int>{{"compatibility", 4}, {"configuration", 50}, {"context", 8}}));
  for (const auto test : {consumers::PolygonTest::kLatest, consumers::PolygonTest::kClassic}) {
    const consumers::EvalCounts counts = consumers::EvaluateResults(annotations, results, test);
    EXPECT_EQ(counts.unmatched, 0);
    EXPECT_EQ(counts.total, 62);
    EXPECT_EQ(counts.correct, 62);
  }
  const std::string config = ReadFileToString(out / "config.yaml");
  EXPECT_NE(config.find("    data_dir: \"" + (out / "data").string() + "\"\n"), std::string::npos) << config;
  EXPECT_NE(config.find("  output_dir: \"" + (out / "eval_results").string() + "\"\n"), std::string::npos) << config;
}

TEST(ExportTest, RoboSpatialQaIsTheGeneratorsLayout) {
  const fs::path root = TinyDataset("qa");
  const Dataset dataset = ReadDataset(root);
  const fs::path out = root.parent_path() / "qa";
  EXPECT_EQ(ExportDataset(dataset, Options(ExportFormat::kRoboSpatialQa, out)).items, 62);
  const std::string text = ReadFileToString(out / "robospatial_qa.json");
  EXPECT_TRUE(text.starts_with("[\n    {\n        \"image_path\": ")) << text.substr(0, 80);  // json.dump(indent=4)
  const json list = json::parse(text);
  std::map<std::string, int> types;
  for (const json& entry : list) {
    EXPECT_EQ(Keys(entry), (std::vector<std::string>{"answer", "image_path", "qa_type", "question"}));
    const fs::path image = entry.at("image_path").get<std::string>();
    EXPECT_TRUE(image.is_absolute());
    EXPECT_TRUE(fs::exists(image));
    EXPECT_TRUE(entry.at("question").get<std::string>().starts_with("<image>"));
    ++types[entry.at("qa_type")];
  }
  EXPECT_EQ(types, (std::map<std::string, int>{
                       {"pairwise_compatibility", 4}, {"pairwise_positional", 50}, {"unary_spatial_context", 8}}));
  EXPECT_EQ(list[0].at("answer"), "Yes");  // tiny_v0_configuration_000
  const json& context = list[50];          // tiny_v0_context_064: its points, 3 decimals
  EXPECT_EQ(context.at("answer"), "[(0.583, 0.477), (0.492, 0.485), (0.530, 0.481), (0.689, 0.481)]");

  ExportOptions relative = Options(ExportFormat::kRoboSpatialQa, out);
  relative.image_paths = ImagePaths::kRelative;
  ExportDataset(dataset, relative);
  EXPECT_EQ(ReadJson(out / "robospatial_qa.json")[0].at("image_path"), "images/tiny/v0.png");
}

TEST(ExportTest, LlavaHoldsEveryItemWithImagesThatOpen) {
  const fs::path root = TinyDataset("llava");
  const Dataset dataset = ReadDataset(root);
  const fs::path out = root.parent_path() / "llava";
  EXPECT_EQ(ExportDataset(dataset, Options(ExportFormat::kLlava, out)).items, 81);
  const json list = ReadJson(out / "llava.json");
  ASSERT_EQ(list.size(), 81u);
  std::set<std::string> ids;
  for (const json& record : list) {
    EXPECT_EQ(Keys(record), (std::vector<std::string>{"conversations", "id", "image"}));
    ids.insert(record.at("id"));
    // LazySupervisedDataset opens os.path.join(image_folder, image) with image_folder the export.
    EXPECT_FALSE(cv::imread((out / record.at("image").get<std::string>()).string()).empty());
    const json& turns = record.at("conversations");
    ASSERT_EQ(turns.size(), 2u);
    EXPECT_EQ(turns[0].at("from"), "human");
    EXPECT_TRUE(turns[0].at("value").get<std::string>().starts_with("<image>\n"));
    EXPECT_EQ(turns[1].at("from"), "gpt");
    EXPECT_EQ(turns[1].at("value"), dataset.Find(record.at("id"))->answer);
  }
  EXPECT_EQ(ids.size(), 81u);

  ExportOptions absolute = Options(ExportFormat::kLlava, out);
  absolute.image_paths = ImagePaths::kAbsolute;
  ExportDataset(dataset, absolute);
  EXPECT_EQ(ReadJson(out / "llava.json")[0].at("image"), (out / "images" / "tiny" / "v0.png").string());
}

TEST(ExportTest, TheCardCountsEveryItem) {
  const fs::path root = TinyDataset("card");
  const fs::path out = root.parent_path() / "card";
  ExportOptions options = Options(ExportFormat::kWhere2Place, out);
  options.license = "CC-BY-4.0";
  ExportDataset(ReadDataset(root), options);
  const json card = ReadJson(out / kExportMarker);
  EXPECT_EQ(card.at("format"), "where2place");
  EXPECT_EQ(card.at("license"), "CC-BY-4.0");
  EXPECT_EQ(card.at("seed"), 3);
  EXPECT_EQ(card.at("spatialgen_version"), "9.9");
  EXPECT_EQ(card.at("config_hash"), fmt::format("fnv1a64:{:016x}", StableHash(R"({"seed":3})")));
  EXPECT_TRUE(card.at("predictions").is_null());
  int left_out = 0;
  for (const auto& [reason, count] : card.at("left_out").items()) left_out += count.get<int>();
  EXPECT_EQ(card.at("items").get<int>() + left_out, 81);
  int counted = 0;
  for (const json& row : card.at("counts")) counted += row.at("items").get<int>();
  EXPECT_EQ(counted, card.at("items").get<int>());
  const std::string readme = ReadFileToString(out / "README.md");
  EXPECT_NE(readme.find("| context | world | right | "), std::string::npos) << readme;
  EXPECT_NE(readme.find("summarize_vqa.py --answer_file"), std::string::npos) << readme;
}

TEST(ExportTest, OptionsAreChecked) {
  ExportOptions options = Options(ExportFormat::kWhere2Place, "out");
  EXPECT_NO_THROW(options.Check());
  options.image_paths = ImagePaths::kAbsolute;  // where2place's paths are fixed by its scorer
  EXPECT_THROW(options.Check(), InputError);
  options.format = ExportFormat::kLlava;
  EXPECT_NO_THROW(options.Check());
  options.mask_threshold = 0;
  EXPECT_THROW(options.Check(), InputError);
  EXPECT_THROW(Options(ExportFormat::kLlava, "").Check(), InputError);
  EXPECT_EQ(FindExportFormat("robospatial-eval")->format, ExportFormat::kRoboSpatialEval);
  EXPECT_EQ(FindExportFormat("coco"), nullptr);
}

TEST(ExportTest, OnlySpatialgenFoldersAreExported) {
  const fs::path root = TinyDataset("foreign");
  const fs::path out = root.parent_path() / "out";
  EXPECT_THROW(ExportDataset(ReadDataset(root / "qa" / "robopoint.json"), Options(ExportFormat::kLlava, out)), InputError);
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace spatialgen
