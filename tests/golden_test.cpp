// Golden outputs of both writers on the tiny scene (tests/data/tiny_scene.json). After an
// intended change, regenerate with SPATIALGEN_UPDATE_GOLDEN=1 and review the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "pipeline/generate.h"

namespace spatialgen {
namespace {

const std::filesystem::path kSource(SPATIALGEN_SOURCE_DIR);

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(GoldenTest, TinySceneMatchesGoldenFiles) {
  const auto out = std::filesystem::temp_directory_path() / "spatialgen_golden_tiny";
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
    const std::string produced = ReadAll(out / file);
    ASSERT_FALSE(produced.empty()) << file;
    const std::filesystem::path expected = golden / std::filesystem::path(file).filename();
    if (update) {
      std::filesystem::create_directories(golden);
      std::ofstream(expected, std::ios::binary) << produced;
      continue;
    }
    EXPECT_EQ(produced, ReadAll(expected)) << file << " differs from " << expected;
  }
  std::filesystem::remove_all(out);
}

}  // namespace
}  // namespace spatialgen
