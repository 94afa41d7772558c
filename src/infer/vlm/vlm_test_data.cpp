#include "infer/vlm/vlm_test_data.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace spatialgen::vlm::testing {

namespace fs = std::filesystem;

// SPATIALGEN_SOURCE_DIR in the environment wins: binaries carried to another machine
// (scripts/gpu_check.sh) read the fixtures of the checkout they run in.
fs::path DataDir() {
  const char* source = std::getenv("SPATIALGEN_SOURCE_DIR");
  return fs::path(source ? source : SPATIALGEN_SOURCE_DIR) / "tests" / "data" / "vlm";
}
fs::path TinyLlavaDir() { return DataDir() / "tiny-llava"; }
fs::path TinyClipDir() { return DataDir() / "tiny-clip"; }

const nlohmann::json& Reference() {
  static const nlohmann::json reference = nlohmann::json::parse(std::ifstream(DataDir() / "reference.json"));
  return reference;
}

const SafetensorsFile& ReferenceTensors() {
  static const SafetensorsFile file(DataDir() / "reference.safetensors");
  return file;
}

std::vector<float> ReferenceTensor(const std::string& name) {
  const TensorView* view = ReferenceTensors().Find(name);
  if (view == nullptr) throw std::runtime_error("reference.safetensors lacks " + name);
  return ToFloats(*view);
}

ModelOptions TinyOptions() {
  ModelOptions options;
  options.model_dir = TinyLlavaDir();
  options.vision_tower = TinyClipDir();
  options.batch = 3;
  options.max_new_tokens = 8;
  return options;
}

LlavaModel& TinyModel() {
  static LlavaModel model(TinyOptions());
  return model;
}

RgbImage FormulaImage(int width, int height, int seed) {
  RgbImage image{width, height, std::vector<uint8_t>(size_t(width) * height * 3)};
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      for (int c = 0; c < 3; ++c) {
        const int64_t value = int64_t(x) * (3 + c) + int64_t(y) * (5 + 2 * c) + ((int64_t(x) * y) >> (3 + c)) +
                              seed * 37 + c * 70;
        image.pixels[(size_t(y) * width + x) * 3 + c] = uint8_t(value & 255);
      }
    }
  }
  return image;
}

double RelativeError(const std::vector<float>& actual, const std::vector<float>& expected) {
  if (actual.size() != expected.size()) return INFINITY;
  double worst = 0, scale = 0;
  for (size_t i = 0; i < actual.size(); ++i) {
    worst = std::max(worst, std::fabs(double(actual[i]) - expected[i]));
    scale = std::max(scale, std::fabs(double(expected[i])));
  }
  return scale > 0 ? worst / scale : worst;
}

fs::path FreshDir(const std::string& name) {
  // Per process: other checkouts on the machine may run the same tests at the same time.
  const fs::path dir = fs::temp_directory_path() / ("spatialgen_vlm_" + std::to_string(getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void CopyFolder(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  for (const auto& entry : fs::directory_iterator(from)) fs::copy_file(entry.path(), to / entry.path().filename());
}

RgbImage FixtureFormulaImage(int index) {
  static const int sizes[3][2] = {{40, 30}, {21, 33}, {28, 28}};
  return FormulaImage(sizes[index][0], sizes[index][1], index);
}

namespace {

GenerationRequest GreedyRequest(int index) {
  const auto& run = Reference().at("greedy").at(index);
  const std::string image = run.at("image");
  return TinyModel().Request(VicunaPrompt(run.at("question")), {FixtureFormulaImage(image[5] - '0')}, 8);
}

}  // namespace

void ExpectEngineMatchesReference(Engine& engine, double tolerance, bool exact_tokens) {
  LlavaModel& model = TinyModel();
  // Each stage's error is printed: the figures docs/inference.md quotes.
  const auto expect = [&](const std::vector<float>& actual, const std::string& reference) {
    const double error = RelativeError(actual, ReferenceTensor(reference));
    std::printf("  %s %s: relative error %.2e\n", engine.device().c_str(), reference.c_str(), error);
    EXPECT_LE(error, tolerance) << reference;
  };
  for (int i = 0; i < 2; ++i) {
    const FloatMatrix features = engine.VisionFeatures(PreprocessImage(FixtureFormulaImage(i), model.config()));
    expect(features.data, "vision_features" + std::to_string(i));
    expect(engine.Project(features).data, "image_embeddings" + std::to_string(i));
  }
  const FloatMatrix logits = engine.PromptLogits(model.Request(Reference().at("prompt"), {FixtureFormulaImage(0)}, 8));
  EXPECT_EQ(logits.rows, int(Reference().at("prompt_ids").size()) - 1 + 4);
  expect(logits.data, "prompt_logits");
  const FloatMatrix two = engine.PromptLogits(
      model.Request(Reference().at("two_image_prompt"), {FixtureFormulaImage(1), FixtureFormulaImage(2)}, 8));
  expect(std::vector<float>(two.row(two.rows - 1), two.row(two.rows - 1) + two.cols), "two_image_last_logits");
  if (!exact_tokens) return;
  for (int i = 0; i < 3; ++i) {
    const GenerationResult result = engine.Generate({GreedyRequest(i)}).front();
    EXPECT_EQ(result.tokens, Reference().at("greedy").at(i).at("tokens").get<std::vector<int>>()) << i;
  }
}

void ExpectBatchEqualsAlone(Engine& engine) {
  std::vector<GenerationRequest> batch;
  std::vector<GenerationResult> alone;
  for (int i = 0; i < 3; ++i) {
    batch.push_back(GreedyRequest(i));
    alone.push_back(engine.Generate({batch.back()}).front());
  }
  size_t streamed = 0;
  const std::vector<GenerationResult> together = engine.Generate(batch, [&](size_t, int) { ++streamed; });
  ASSERT_EQ(together.size(), 3u);
  size_t generated = 0;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(together[i].tokens, alone[i].tokens) << i;
    EXPECT_EQ(together[i].ended_with_eos, alone[i].ended_with_eos) << i;
    EXPECT_EQ(together[i].prompt_positions, alone[i].prompt_positions) << i;
    generated += together[i].tokens.size();
  }
  EXPECT_EQ(streamed, generated);
}

}  // namespace spatialgen::vlm::testing
