#include "qa_gen/writers.h"

#include <gtest/gtest.h>

#include "core/atomic_file.h"

#include <algorithm>
#include <fstream>
#include "testing/temp_path.h"

namespace spatialgen {
namespace {

QaItem ConfigurationItem() {
  QaItem item;
  item.id = "s_v0_configuration_000";
  item.scene_id = "s";
  item.view_id = "v0";
  item.image = "images/s/v0.png";
  item.task = "configuration";
  item.frame = "ego";
  item.relation = "left";
  item.question = "From the camera's perspective, is the cup to the left of the bowl? Final answer should be yes or no.";
  item.answer = "yes";
  item.answer_yes = true;
  item.object_ids = {1, 2};
  item.object_labels = {"cup", "bowl"};
  item.template_id = "configuration#0";
  item.formats = {"robospatial"};
  return item;
}

QaItem GroundingItem() {
  QaItem item;
  item.id = "s_v0_grounding_001";
  item.scene_id = "s";
  item.view_id = "v0";
  item.image = "images/s/v0.png";
  item.task = "grounding";
  item.question = "Where is the cup?";
  item.answer_kind = AnswerKind::kBox;
  item.box_normalized = Eigen::AlignedBox2d(Eigen::Vector2d(0.25, 0.5), Eigen::Vector2d(0.375, 0.75));
  item.answer = "[0.250, 0.500, 0.375, 0.750]";
  item.object_ids = {1};
  item.object_labels = {"cup"};
  item.template_id = "grounding#1";
  item.formats = {"robopoint"};
  return item;
}

// A dataset assembled from scene parts: each scene's lines, in the order the scenes are given.
void AssembleFromParts(const std::filesystem::path& root, const std::vector<std::filesystem::path>& scene_roots) {
  QaFileWriter writer(root);
  for (const std::filesystem::path& scene_root : scene_roots) {
    std::ifstream robospatial(scene_root / kRoboSpatialFile), robopoint(scene_root / kRoboPointPartFile);
    for (std::string line; std::getline(robospatial, line);) writer.AddRoboSpatialLine(line);
    for (std::string line; std::getline(robopoint, line);) writer.AddRoboPointLine(line);
  }
  EXPECT_FALSE(std::filesystem::exists(root / "qa" / "robopoint.json"));  // not before Commit
  writer.Commit();
}

TEST(WritersTest, WritesBothFormatsAndGroundTruthExactly) {
  const auto root = spatialgen::testing::TempPath("spatialgen_writers_test");
  std::filesystem::remove_all(root);
  const QaLineCounts counts = WriteSceneParts(root / "part_s", "s", {ConfigurationItem(), GroundingItem()});
  EXPECT_EQ(counts.robospatial, 1);
  EXPECT_EQ(counts.robopoint, 1);
  AssembleFromParts(root, {root / "part_s"});

  EXPECT_EQ(ReadFileToString(root / "qa" / "robospatial.jsonl"),
            R"({"id":"s_v0_configuration_000","image":"images/s/v0.png","question":"From the camera's perspective, is the cup to the left of the bowl? Final answer should be yes or no.","answer":"yes","qa_type":"configuration","frame":"ego","relation":"left","scene":"s","view":"v0","objects":["cup","bowl"]})"
            "\n");
  EXPECT_EQ(ReadFileToString(root / "qa" / "robopoint.json"),
            "[\n"
            R"({"id":"s_v0_grounding_001","image":"images/s/v0.png","conversations":[{"from":"human","value":"<image>\nWhere is the cup?"},{"from":"gpt","value":"[0.250, 0.500, 0.375, 0.750]"}]})"
            "\n]\n");
  EXPECT_EQ(ReadFileToString(root / "part_s" / "gt" / "s.jsonl"),
            R"({"id":"s_v0_configuration_000","task":"configuration","answer_kind":"yes_no","answer":true,"frame":"ego","relation":"left","object_ids":[1,2],"objects":["cup","bowl"],"template":"configuration#0","image":"images/s/v0.png"})"
            "\n"
            R"({"id":"s_v0_grounding_001","task":"grounding","answer_kind":"box","answer":[0.25,0.5,0.375,0.75],"frame":null,"relation":null,"object_ids":[1],"objects":["cup"],"template":"grounding#1","image":"images/s/v0.png"})"
            "\n");
  // The RoboPoint file is one valid JSON list.
  const auto parsed = nlohmann::json::parse(ReadFileToString(root / "qa" / "robopoint.json"));
  EXPECT_EQ(parsed.size(), 1u);
  std::filesystem::remove_all(root);
}

TEST(WritersTest, ScenesAreJoinedInTheOrderGiven) {
  const auto root = spatialgen::testing::TempPath("spatialgen_writers_order");
  std::filesystem::remove_all(root);
  QaItem other = GroundingItem();
  other.id = "t_v0_grounding_000";
  WriteSceneParts(root / "part_s", "s", {GroundingItem(), ConfigurationItem(), GroundingItem()});
  WriteSceneParts(root / "part_t", "t", {other});
  AssembleFromParts(root, {root / "part_t", root / "part_s"});
  const auto list = nlohmann::json::parse(ReadFileToString(root / "qa" / "robopoint.json"));
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].at("id"), "t_v0_grounding_000");
  EXPECT_EQ(list[1].at("id"), "s_v0_grounding_001");
  // One item a line, separated by ",\n", the list's brackets on lines of their own.
  const std::string text = ReadFileToString(root / "qa" / "robopoint.json");
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 5);
  EXPECT_TRUE(text.starts_with("[\n{") && text.ends_with("}\n]\n")) << text;
  std::filesystem::remove_all(root);
}

TEST(WritersTest, PointItemGroundTruthHoldsPointsMaskAndAnchor) {
  QaItem item;
  item.id = "s_v0_object_reference_002";
  item.image = "images/s/v0_mark2.png";
  item.task = "object_reference";
  item.frame = "ego";
  item.relation = "left";
  item.answer_kind = AnswerKind::kPoints;
  item.points_normalized = {{0.25, 0.5}, {0.125, 0.75}};
  item.answer = "[(0.250, 0.500), (0.125, 0.750)]";
  item.object_ids = {1, 2};
  item.object_labels = {"cup", "bowl"};
  item.mask = "masks/s/v0_obj1.png";
  item.marked_anchor = 2;
  item.template_id = "object_reference#0";
  EXPECT_EQ(GroundTruthLine(item),
            R"({"id":"s_v0_object_reference_002","task":"object_reference","answer_kind":"points","answer":[[0.25,0.5],[0.125,0.75]],"mask":"masks/s/v0_obj1.png","marked_anchor":2,"frame":"ego","relation":"left","object_ids":[1,2],"objects":["cup","bowl"],"template":"object_reference#0","image":"images/s/v0_mark2.png"})");
  item.points_in_world = {{1, 2, 3}, {4, 5, 6}};
  EXPECT_NE(GroundTruthLine(item).find(R"("points_in_world":[[1.0,2.0,3.0],[4.0,5.0,6.0]])"), std::string::npos);
}

TEST(WritersTest, EmptyDatasetIsAnEmptyList) {
  const auto root = spatialgen::testing::TempPath("spatialgen_writers_empty");
  std::filesystem::remove_all(root);
  QaFileWriter writer(root);
  writer.Commit();
  EXPECT_EQ(nlohmann::json::parse(ReadFileToString(root / "qa" / "robopoint.json")), nlohmann::json::array());
  EXPECT_EQ(ReadFileToString(root / "qa" / "robospatial.jsonl"), "");
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace spatialgen
