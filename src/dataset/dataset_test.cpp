#include "dataset/dataset.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/error.h"
#include "dataset/dataset_stream.h"
#include "dataset/hash_set64.h"
#include "testing/temp_path.h"

namespace spatialgen {
namespace {

const std::filesystem::path kSource = SPATIALGEN_SOURCE_DIR;

std::filesystem::path FreshDir(const std::string& name) {
  const auto dir = spatialgen::testing::TempPath("spatialgen_dataset_test_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

void WriteText(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
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

// Issue 15: an empty RoboPoint list said "the first item has neither ...".
TEST(DatasetTest, EmptyQaFilesSaySo) {
  const auto root = FreshDir("empty");
  auto error_of = [](const std::filesystem::path& path) -> std::string {
    try {
      ReadDataset(path);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  };
  WriteText(root / "robopoint.json", "[]");
  EXPECT_EQ(error_of(root / "robopoint.json"), (root / "robopoint.json").string() + ": an empty list: no QA items");
  WriteText(root / "robospatial.jsonl", "\n  \n");
  EXPECT_EQ(error_of(root / "robospatial.jsonl"),
            (root / "robospatial.jsonl").string() + ": no QA items: the file has no line that is not blank");
}

// The tiny dataset twice, as scenes "tiny" and "second", laid out as spatialgen writes a run of
// two scenes (with its manifest).
std::filesystem::path TwoSceneFolder(const std::string& name) {
  const auto root = TinyFolder(name);
  const auto renamed = [](std::string text) {
    for (size_t at = text.find("tiny"); at != std::string::npos; at = text.find("tiny", at + 6)) text.replace(at, 4, "second");
    return text;
  };
  const std::string robospatial = ReadText(root / "qa" / "robospatial.jsonl");
  WriteText(root / "qa" / "robospatial.jsonl", robospatial + renamed(robospatial));
  const std::string robopoint = ReadText(root / "qa" / "robopoint.json");  // "[\n...\n]\n"
  const std::string items = robopoint.substr(2, robopoint.size() - 5);
  WriteText(root / "qa" / "robopoint.json", "[\n" + items + ",\n" + renamed(items) + "\n]\n");
  WriteText(root / "gt" / "second.jsonl", renamed(ReadText(root / "gt" / "tiny.jsonl")));
  WriteText(root / "manifest.json", R"({"scenes": [{"id": "tiny"}, {"id": "second"}]})");
  return root;
}

TEST(DatasetStreamTest, PiecesHoldOneSceneOfOneFileInReadingOrder) {
  const auto root = TwoSceneFolder("stream");
  const Dataset whole = ReadDataset(root);
  ASSERT_EQ(whole.items.size(), 162u);
  EXPECT_TRUE(whole.findings.empty());
  std::vector<std::string> ids, scenes;
  int64_t next = 0;
  DatasetStream(root).Read([&](DatasetPiece& piece) {
    EXPECT_EQ(piece.first_item, next);
    next += static_cast<int64_t>(piece.items.size());
    if (piece.items.empty()) return;
    scenes.push_back(piece.items.front().scene + "/" + piece.items.front().format);
    for (const DatasetItem& item : piece.items) {
      EXPECT_EQ(item.scene, piece.items.front().scene);
      EXPECT_TRUE(item.answer_kind.has_value()) << item.id;  // joined with its ground truth
      ids.push_back(item.id);
    }
  });
  EXPECT_EQ(scenes, (std::vector<std::string>{"tiny/robospatial", "second/robospatial", "tiny/robopoint",
                                              "second/robopoint"}));
  ASSERT_EQ(ids.size(), whole.items.size());
  for (size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(ids[i], whole.items[i].id);
}

TEST(DatasetStreamTest, ScenesHoldBothFilesItemsOfTheirScene) {
  const auto root = TwoSceneFolder("by_scene");
  std::vector<std::pair<std::string, size_t>> pieces;
  EXPECT_TRUE(DatasetStream(root).ReadScenes([&](DatasetPiece& piece) {
    pieces.push_back({piece.items.front().scene, piece.items.size()});
    EXPECT_EQ(piece.items.front().format, "robospatial");  // the RoboSpatial items first
    EXPECT_EQ(piece.items.back().format, "robopoint");
    for (const DatasetItem& item : piece.items) EXPECT_EQ(item.scene, piece.items.front().scene);
  }));
  EXPECT_EQ(pieces, (std::vector<std::pair<std::string, size_t>>{{"tiny", 81}, {"second", 81}}));
  // Without spatialgen's one-item-a-line RoboPoint file, it reads nothing and says so.
  WriteText(root / "qa" / "robopoint.json", "[]\n");
  EXPECT_FALSE(DatasetStream(root).ReadScenes([](DatasetPiece&) { ADD_FAILURE() << "read a piece"; }));
}

TEST(DatasetStreamTest, HashSetHoldsEachHashOnce) {
  HashSet64 set;
  for (uint64_t hash = 0; hash < 5000; ++hash) EXPECT_TRUE(set.Insert(hash * 0x9E3779B97F4A7C15ull));
  for (uint64_t hash = 0; hash < 5000; ++hash) EXPECT_FALSE(set.Insert(hash * 0x9E3779B97F4A7C15ull));
  EXPECT_EQ(set.size(), 5000u);
  EXPECT_TRUE(set.Contains(0));
  EXPECT_FALSE(set.Contains(12345));
}

}  // namespace
}  // namespace spatialgen
