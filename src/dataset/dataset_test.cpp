#include "dataset/dataset.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/error.h"

namespace spatialgen {
namespace {

const std::filesystem::path kSource = SPATIALGEN_SOURCE_DIR;

std::filesystem::path FreshDir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("spatialgen_dataset_test_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

void WriteText(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

// The golden tiny dataset laid out as a spatialgen folder.
std::filesystem::path TinyFolder(const std::string& name) {
  const auto root = FreshDir(name);
  const auto golden = kSource / "tests" / "golden" / "tiny";
  std::filesystem::create_directories(root / "qa");
  std::filesystem::create_directories(root / "gt");
  std::filesystem::copy_file(golden / "robospatial.jsonl", root / "qa" / "robospatial.jsonl");
  std::filesystem::copy_file(golden / "robopoint.json", root / "qa" / "robopoint.json");
  std::filesystem::copy_file(golden / "tiny.jsonl", root / "gt" / "tiny.jsonl");
  return root;
}

std::vector<std::string> FindingsOf(const Dataset& dataset, const std::string& check) {
  std::vector<std::string> ids;
  for (const DatasetFinding& finding : dataset.findings) {
    if (finding.check == check) ids.push_back(finding.item_id);
  }
  return ids;
}

TEST(DatasetTest, ReadsASpatialgenFolderWithItsGroundTruth) {
  const auto root = TinyFolder("tiny");
  const Dataset dataset = ReadDataset(root);
  EXPECT_EQ(dataset.layout, DatasetLayout::kSpatialgen);
  EXPECT_EQ(dataset.items.size(), 81u);  // 62 RoboSpatial + 19 RoboPoint items, one gt line each
  for (const DatasetFinding& finding : dataset.findings) ADD_FAILURE() << finding.where << ": " << finding.message;

  const DatasetItem* context = dataset.Find("tiny_v0_context_064");
  ASSERT_NE(context, nullptr);
  EXPECT_EQ(context->format, "robospatial");
  EXPECT_EQ(context->answer_kind, AnswerKind::kPoints);
  EXPECT_EQ(context->points.size(), 4u);
  EXPECT_EQ(context->points_in_world.size(), 4u);
  EXPECT_EQ(context->frame, "world");
  EXPECT_EQ(context->relation, "behind");
  EXPECT_EQ(context->scene, "tiny");
  EXPECT_EQ(context->mask_path, root / "masks" / "tiny" / "v0_free3_world_behind.png");
  EXPECT_EQ(context->image_path, root / "images" / "tiny" / "v0.png");

  const DatasetItem* grounding = dataset.Find("tiny_v0_grounding_050");
  ASSERT_NE(grounding, nullptr);
  EXPECT_EQ(grounding->format, "robopoint");
  EXPECT_EQ(grounding->task, "grounding");  // RoboPoint items take their task from gt/
  EXPECT_EQ(grounding->answer_kind, AnswerKind::kBox);
  EXPECT_NEAR(grounding->box.min().x(), 0.271875, 1e-12);
  EXPECT_TRUE(grounding->question.starts_with("Provide the bounding box of the table"));

  const DatasetItem* yes_no = dataset.Find("tiny_v0_configuration_000");
  ASSERT_NE(yes_no, nullptr);
  EXPECT_TRUE(yes_no->answer_yes);
  EXPECT_EQ(yes_no->object_labels, (std::vector<std::string>{"chair", "cup"}));
  EXPECT_EQ(yes_no->object_ids, (std::vector<int>{4, 2}));
  EXPECT_NO_THROW(RequireSound(dataset));
}

TEST(DatasetTest, PlantedDefectsBecomeFindings) {
  const auto root = TinyFolder("defects");
  std::ofstream qa(root / "qa" / "robospatial.jsonl", std::ios::app);
  // An id used twice, an answer that contradicts its ground truth, a missing question.
  qa << R"({"id":"tiny_v0_configuration_000","image":"images/tiny/v0.png","question":"q?","answer":"yes","qa_type":"configuration"})" << "\n";
  qa << R"({"id":"extra_1","image":"images/tiny/v0.png","answer":"yes","qa_type":"configuration"})" << "\n";
  qa << "{not json\n";
  qa.close();
  std::ofstream gt(root / "gt" / "tiny.jsonl", std::ios::app);
  gt << R"({"id":"orphan","task":"configuration","answer_kind":"yes_no","answer":true,"frame":"ego","relation":"left","object_ids":[1,2],"template":"configuration#0","image":"images/tiny/v0.png"})" << "\n";
  gt.close();

  const Dataset dataset = ReadDataset(root);
  EXPECT_EQ(FindingsOf(dataset, "duplicate_id"), std::vector<std::string>{"tiny_v0_configuration_000"});
  EXPECT_EQ(FindingsOf(dataset, "missing_field"), std::vector<std::string>{"extra_1"});
  EXPECT_EQ(FindingsOf(dataset, "bad_json"), std::vector<std::string>{"line65"});
  EXPECT_EQ(FindingsOf(dataset, "orphan_ground_truth"), std::vector<std::string>{"orphan"});
  try {
    RequireSound(dataset);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    // The first error in reading order.
    EXPECT_EQ(e.location().field, "missing_field");
    EXPECT_NE(e.location().file.find("qa/robospatial.jsonl:64"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("extra_1"), std::string::npos) << e.what();
  }
}

TEST(DatasetTest, AnswerTextMustAgreeWithGroundTruth) {
  const auto root = TinyFolder("mismatch");
  std::string text;
  {
    std::ifstream in(root / "qa" / "robospatial.jsonl");
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  // Item 000's ground truth says yes; the text now says no.
  const std::string from = R"("answer":"yes","qa_type":"configuration","frame":"world","relation":"left","scene":"tiny","view":"v0","objects":["chair","cup"])";
  ASSERT_NE(text.find(from), std::string::npos);
  std::string to = from;
  to.replace(to.find("yes"), 3, "no");
  text.replace(text.find(from), from.size(), to);
  WriteText(root / "qa" / "robospatial.jsonl", text);
  const Dataset dataset = ReadDataset(root);
  EXPECT_EQ(FindingsOf(dataset, "answer_mismatch"), std::vector<std::string>{"tiny_v0_configuration_000"});
}

TEST(DatasetTest, ReadsARoboPointFileAndParsesItsAnswers) {
  const auto root = FreshDir("robopoint");
  WriteText(root / "data.json", R"([
    {"id": 7, "image": "a.png", "conversations": [
      {"from": "human", "value": "<image>\nPoint at the mug."}, {"from": "gpt", "value": "[(0.25, 0.5), (0.3, 0.6)]"},
      {"from": "human", "value": "Is it red?"}, {"from": "gpt", "value": "No"}]},
    {"id": "b", "image": "b.png", "conversations": [
      {"from": "human", "value": "Where is <image> the cup?"}, {"from": "gpt", "value": "[(1.5, 0.5)]"}]},
    {"id": "c", "image": "c.png", "conversations": [
      {"from": "human", "value": "<image>\nBox the cup."}, {"from": "gpt", "value": "[0.1, 0.2, 0.3, 0.4]"}]},
    {"id": "d", "image": "d.png", "conversations": [
      {"from": "human", "value": "<image>\nWhat is it?"}, {"from": "gpt", "value": "a cup"}]}
  ])");
  const Dataset dataset = ReadDataset(root / "data.json", {.image_root = "/images"});
  EXPECT_EQ(dataset.layout, DatasetLayout::kRoboPoint);
  ASSERT_EQ(dataset.items.size(), 5u);
  EXPECT_EQ(dataset.items[0].id, "7");
  EXPECT_EQ(dataset.items[0].question, "Point at the mug.");
  EXPECT_EQ(dataset.items[0].answer_kind, AnswerKind::kPoints);
  EXPECT_EQ(dataset.items[0].image_path, std::filesystem::path("/images/a.png"));
  EXPECT_EQ(dataset.items[1].id, "7#1");
  EXPECT_EQ(dataset.items[1].answer_kind, AnswerKind::kYesNo);
  EXPECT_FALSE(dataset.items[1].answer_yes);
  EXPECT_EQ(dataset.Find("c")->answer_kind, AnswerKind::kBox);
  EXPECT_EQ(FindingsOf(dataset, "image_token"), std::vector<std::string>{"b"});
  EXPECT_EQ(FindingsOf(dataset, "point_out_of_range"), std::vector<std::string>{"b"});
  EXPECT_EQ(FindingsOf(dataset, "bad_answer"), std::vector<std::string>{"d"});
}

TEST(DatasetTest, ReadsRoboSpatialFilesAsListsOrLines) {
  const auto root = FreshDir("robospatial");
  WriteText(root / "qa.json", R"([
    {"image_path": "img/1.jpg", "question": "Is the cup left of the bowl?", "answer": "Yes", "qa_type": "configuration"},
    {"id": "x", "image": "img/2.jpg", "question": "Where is free space?", "answer": "[(0.5, 0.5)]", "qa_type": "context"}
  ])");
  const Dataset list = ReadDataset(root / "qa.json");
  EXPECT_EQ(list.layout, DatasetLayout::kRoboSpatial);
  ASSERT_EQ(list.items.size(), 2u);
  EXPECT_EQ(list.items[0].id, "item0");  // no id: named by position, and reported
  EXPECT_EQ(FindingsOf(list, "missing_field"), std::vector<std::string>{"item0"});
  EXPECT_EQ(list.items[0].image_path, root / "img" / "1.jpg");
  EXPECT_TRUE(list.items[0].answer_yes);
  EXPECT_EQ(list.items[1].answer_kind, AnswerKind::kPoints);

  WriteText(root / "qa.jsonl", R"({"id": 1, "image": "i.png", "question": "q", "answer": "no", "qa_type": "compatibility"})"
                               "\n\n" R"({"id": 2, "image": 5, "question": "q", "answer": "no", "qa_type": "compatibility"})" "\n");
  const Dataset lines = ReadDataset(root / "qa.jsonl");
  EXPECT_EQ(lines.items.size(), 1u);
  EXPECT_EQ(FindingsOf(lines, "wrong_type"), std::vector<std::string>{"2"});
}

TEST(DatasetTest, UnreadableInputsThrowNamingThePath) {
  const auto root = FreshDir("unreadable");
  EXPECT_THROW(ReadDataset(root / "absent.json"), InputError);
  EXPECT_THROW(ReadDataset(root), InputError);  // a folder without qa/ or manifest.json
  WriteText(root / "object.json", R"({"question": "q"})");
  EXPECT_THROW(ReadDataset(root / "object.json"), InputError);
  WriteText(root / "other.json", R"([{"caption": "q"}])");
  try {
    ReadDataset(root / "other.json");
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("other.json"), std::string::npos);
  }
}

}  // namespace
}  // namespace spatialgen
