#include "qa_gen/writers.h"

#include <gtest/gtest.h>

#include "core/atomic_file.h"

#include <fstream>

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

TEST(WritersTest, WritesBothFormatsAndGroundTruthExactly) {
  const auto root = std::filesystem::temp_directory_path() / "spatialgen_writers_test";
  std::filesystem::remove_all(root);
  DatasetWriter writer(root);
  writer.AddScene("s", {ConfigurationItem(), GroundingItem()});
  EXPECT_FALSE(std::filesystem::exists(root / "qa" / "robopoint.json"));  // not before Commit
  writer.Commit();

  EXPECT_EQ(ReadFileToString(root / "qa" / "robospatial.jsonl"),
            R"({"id":"s_v0_configuration_000","image":"images/s/v0.png","question":"From the camera's perspective, is the cup to the left of the bowl? Final answer should be yes or no.","answer":"yes","qa_type":"configuration","frame":"ego","relation":"left","scene":"s","view":"v0","objects":["cup","bowl"]})"
            "\n");
  EXPECT_EQ(ReadFileToString(root / "qa" / "robopoint.json"),
            "[\n"
            R"({"id":"s_v0_grounding_001","image":"images/s/v0.png","conversations":[{"from":"human","value":"<image>\nWhere is the cup?"},{"from":"gpt","value":"[0.250, 0.500, 0.375, 0.750]"}]})"
            "\n]\n");
  EXPECT_EQ(ReadFileToString(root / "gt" / "s.jsonl"),
            R"({"id":"s_v0_configuration_000","task":"configuration","answer_kind":"yes_no","answer":true,"frame":"ego","relation":"left","object_ids":[1,2],"objects":["cup","bowl"],"template":"configuration#0","image":"images/s/v0.png"})"
            "\n"
            R"({"id":"s_v0_grounding_001","task":"grounding","answer_kind":"box","answer":[0.25,0.5,0.375,0.75],"frame":null,"relation":null,"object_ids":[1],"objects":["cup"],"template":"grounding#1","image":"images/s/v0.png"})"
            "\n");
  // The RoboPoint file is one valid JSON list.
  const auto parsed = nlohmann::json::parse(ReadFileToString(root / "qa" / "robopoint.json"));
  EXPECT_EQ(parsed.size(), 1u);
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
  const auto root = std::filesystem::temp_directory_path() / "spatialgen_writers_empty";
  std::filesystem::remove_all(root);
  DatasetWriter writer(root);
  writer.Commit();
  EXPECT_EQ(nlohmann::json::parse(ReadFileToString(root / "qa" / "robopoint.json")), nlohmann::json::array());
  EXPECT_EQ(ReadFileToString(root / "qa" / "robospatial.jsonl"), "");
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace spatialgen
