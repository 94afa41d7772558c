// Golden outputs of both writers on the tiny scene (tests/data/tiny_scene.json). After an
// intended change, regenerate with SPATIALGEN_UPDATE_GOLDEN=1 and review the diff.
#include <gtest/gtest.h>

#include "core/atomic_file.h"

#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

#include "pipeline/generate.h"
#include "testing/temp_path.h"

namespace spatialgen {
namespace {

const std::filesystem::path kSource(SPATIALGEN_SOURCE_DIR);

TEST(GoldenTest, TinySceneMatchesGoldenFiles) {
  const auto out = spatialgen::testing::TempPath("spatialgen_golden_tiny");
  std::filesystem::remove_all(out);
  GenerateOptions options;
  options.config = kSource / "tests" / "data" / "tiny_config.json";
  options.out = out;
  options.threads = 1;
  options.progress = false;
  RunGenerate(options);

  const std::filesystem::path golden = kSource / "tests" / "golden" / "tiny";
  const bool update = std::getenv("SPATIALGEN_UPDATE_GOLDEN") != nullptr;
  for (const char* file : {"qa/robospatial.jsonl", "qa/robopoint.json", "gt/tiny.jsonl"}) {
    const std::string produced = ReadFileToString(out / file);
    ASSERT_FALSE(produced.empty()) << file;
    const std::filesystem::path expected = golden / std::filesystem::path(file).filename();
    if (update) {
      std::filesystem::create_directories(golden);
      std::ofstream(expected, std::ios::binary) << produced;
      continue;
    }
    EXPECT_EQ(produced, ReadFileToString(expected)) << file << " differs from " << expected;
  }
  std::filesystem::remove_all(out);
}

// Facts about tests/data/tiny_scene.json derived by hand: the camera looks along world +x, so
// ego left is world +y; the cup (y 0.55) is left of the box (y -0.5); the chair faces -x
// (towards the camera), so the plant (x 1.8) is in front of it and the table (x 3) behind it.
TEST(GoldenTest, TinySceneAnswersMatchHandDerivedFacts) {
  struct Fact {
    std::string a, b, frame, relation, answer;
  };
  const std::vector<Fact> facts = {
      {"cup", "box", "ego", "left", "yes"},       {"cup", "box", "world", "left", "yes"},
      {"box", "cup", "ego", "left", "no"},        {"box", "cup", "world", "left", "no"},
      {"box", "cup", "ego", "right", "yes"},      {"box", "cup", "world", "right", "yes"},
      {"cup", "box", "ego", "right", "no"},       {"cup", "box", "world", "right", "no"},
      {"plant", "chair", "object", "front", "yes"}, {"plant", "chair", "object", "behind", "no"},
      {"table", "chair", "object", "behind", "yes"}, {"box", "chair", "object", "front", "no"},
      {"plant", "table", "ego", "front", "yes"},  {"table", "plant", "ego", "front", "no"},
      {"table", "plant", "world", "front", "yes"}, {"plant", "table", "world", "front", "no"},
  };
  const auto out = spatialgen::testing::TempPath("spatialgen_golden_facts");
  std::filesystem::remove_all(out);
  GenerateOptions options;
  options.config = kSource / "tests" / "data" / "tiny_config.json";
  options.out = out;
  options.progress = false;
  RunGenerate(options);
  std::ifstream in(out / "qa" / "robospatial.jsonl");
  int checked = 0;
  for (std::string line; std::getline(in, line);) {
    const auto item = nlohmann::json::parse(line);
    for (const Fact& fact : facts) {
      if (item.at("objects") == nlohmann::json({fact.a, fact.b}) && item.at("frame") == fact.frame &&
          item.at("relation") == fact.relation) {
        EXPECT_EQ(item.at("answer"), fact.answer) << item.at("question");
        ++checked;
      }
    }
  }
  EXPECT_GE(checked, 5);  // the selection keeps a sample of the candidates, this many at least
  std::filesystem::remove_all(out);
}

}  // namespace
}  // namespace spatialgen
