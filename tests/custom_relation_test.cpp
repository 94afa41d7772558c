// A relation added by editing JSON only (docs/templates.md's worked example): a copy of the
// shipped templates in a temporary folder gains "close_front_right" (an all_of of a sector
// and a gap), and the spatialgen binary as built generates items for it, answers them as
// derived by hand on the tiny scene, and audits them clean against the scene.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "tests/spatialgen_binary.h"

namespace {

const std::filesystem::path kSource(SPATIALGEN_SOURCE_DIR);

TEST(CustomRelationTest, ARelationAddedInJsonProducesItemsWithoutARebuild) {
  const auto temp =
      std::filesystem::temp_directory_path() / ("spatialgen_custom_relation_" + std::to_string(::getpid()));
  std::filesystem::remove_all(temp);
  std::filesystem::create_directories(temp);
  std::filesystem::copy(kSource / "templates", temp / "templates", std::filesystem::copy_options::recursive);
  // The shipped vocabulary with one more entry.
  std::ifstream shipped(kSource / "templates" / "relations.json");
  std::string relations((std::istreambuf_iterator<char>(shipped)), std::istreambuf_iterator<char>());
  const std::string last = "\"phrases\": [\"nearest to\", \"closest to\"]}";
  ASSERT_NE(relations.find(last), std::string::npos);
  relations.replace(relations.find(last), last.size(), last + R"(,
    {"name": "close_front_right",
     "test": {"all_of": [{"sector": {"angle_deg": -45}}, {"gap": {"max": 1.0}}]},
     "phrases": ["close by, in front of and to the right of", "just in front of and right of"]})");
  std::ofstream(temp / "templates" / "relations.json") << relations;
  std::ofstream(temp / "config.json") << R"({
    "seed": 3,
    "templates": "templates",
    "scenes": {"source": "files", "files": [")" + (kSource / "tests" / "data" / "tiny_scene.json").string() + R"("]},
    "visibility": {"min_visible_pixels": 40},
    "generation": {"tasks": ["configuration"], "relations": ["close_front_right"], "max_items_per_view": 100,
                   "max_items_per_task": {"configuration": 50}}
  })";

  const auto check = spatialgen::testing::RunSpatialgen("templates check " + (temp / "templates").string());
  EXPECT_EQ(check.exit_code, 0) << check.output;
  const auto out = temp / "out";
  const auto generate = spatialgen::testing::RunSpatialgen("generate --quiet --config " + (temp / "config.json").string() +
                                                           " --out " + out.string());
  ASSERT_EQ(generate.exit_code, 0) << generate.output;

  // By hand (the camera looks along +x, so "in front of" is -x and right is -y): the plant at
  // (1.8, -0.6) is 27 degrees right of the table's (3, 0) front, its footprint 0.65 m away:
  // close front-right. The table is behind the plant, not in front of it.
  int items = 0, checked = 0;
  std::ifstream in(out / "qa" / "robospatial.jsonl");
  for (std::string line; std::getline(in, line);) {
    const auto item = nlohmann::json::parse(line);
    EXPECT_EQ(item.at("relation"), "close_front_right");
    EXPECT_TRUE(item.at("question").get<std::string>().find("front") != std::string::npos) << item.at("question");
    ++items;
    const auto objects = item.at("objects");
    if (objects == nlohmann::json({"plant", "table"}) && item.at("frame") != "object") {
      EXPECT_EQ(item.at("answer"), "yes") << item.at("question");
      ++checked;
    }
    if (objects == nlohmann::json({"table", "plant"})) {
      EXPECT_EQ(item.at("answer"), "no") << item.at("question");
      ++checked;
    }
  }
  EXPECT_GE(items, 2);
  EXPECT_GE(checked, 1);

  const auto audit = spatialgen::testing::RunSpatialgen("audit --quiet " + out.string() + " --scenes-config " +
                                                        (temp / "config.json").string() + " --report " +
                                                        (temp / "audit").string());
  EXPECT_EQ(audit.exit_code, 0) << audit.output;
  const auto report = nlohmann::json::parse(std::ifstream(temp / "audit" / "report.json"));
  for (const auto& rule : report.at("checks")) {
    if (rule.at("name") == "recheck_relation") {
      EXPECT_EQ(rule.at("checked"), items);
    }
  }
  std::filesystem::remove_all(temp);
}

}  // namespace
