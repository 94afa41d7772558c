// The CPU engine against the reference script's PyTorch forward: every stage within 1e-4
// relative, greedy tokens identical, batches equal to their items alone, and the same logits
// whichever way the checkpoint is stored.
#include "infer/vlm/cpu_engine.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "infer/vlm/rgb_image_io.h"
#include "infer/vlm/vlm_test_data.h"

namespace spatialgen::vlm {
namespace {

namespace fs = std::filesystem;
using testing::Reference;
using testing::ReferenceTensor;
using testing::RelativeError;
using testing::TinyModel;

constexpr double kTolerance = 1e-4;

RgbImage FixtureImage(const std::string& name) { return ReadRgbImage(testing::DataDir() / name); }

GenerationRequest GreedyRequest(LlavaModel& model, int index) {
  const auto& run = Reference().at("greedy").at(index);
  return model.Request(VicunaPrompt(run.at("question")), {FixtureImage(run.at("image"))}, 8);
}

TEST(CpuEngineTest, VisionFeaturesAndProjectorMatchTheReference) {
  LlavaModel& model = TinyModel();
  for (int i = 0; i < 2; ++i) {
    const std::vector<float> pixels = PreprocessImage(FixtureImage(fmt::format("image{}.png", i)), model.config());
    const FloatMatrix features = model.engine().VisionFeatures(pixels);
    EXPECT_EQ(features.rows, 4);  // 2 x 2 patches, CLS dropped
    EXPECT_EQ(features.cols, 32);
    EXPECT_LE(RelativeError(features.data, ReferenceTensor(fmt::format("vision_features{}", i))), kTolerance);
    const FloatMatrix projected = model.engine().Project(features);
    EXPECT_EQ(projected.cols, 64);
    EXPECT_LE(RelativeError(projected.data, ReferenceTensor(fmt::format("image_embeddings{}", i))), kTolerance);
  }
}

TEST(CpuEngineTest, PromptLogitsMatchTheReference) {
  LlavaModel& model = TinyModel();
  const GenerationRequest request = model.Request(Reference().at("prompt"), {FixtureImage("image0.png")}, 8);
  EXPECT_EQ(request.prompt_ids, Reference().at("prompt_ids").get<std::vector<int>>());
  const FloatMatrix logits = model.engine().PromptLogits(request);
  EXPECT_EQ(logits.rows, int(request.prompt_ids.size()) - 1 + 4);
  EXPECT_EQ(logits.cols, 320);
  EXPECT_LE(RelativeError(logits.data, ReferenceTensor("prompt_logits")), kTolerance);
}

TEST(CpuEngineTest, TwoImagesAreSplicedInOrder) {
  LlavaModel& model = TinyModel();
  const GenerationRequest request =
      model.Request(Reference().at("two_image_prompt"), {FixtureImage("image1.png"), FixtureImage("image2.png")}, 8);
  const FloatMatrix logits = model.engine().PromptLogits(request);
  const std::vector<float> last(logits.row(logits.rows - 1), logits.row(logits.rows - 1) + logits.cols);
  EXPECT_LE(RelativeError(last, ReferenceTensor("two_image_last_logits")), kTolerance);
}

TEST(CpuEngineTest, GreedyTokensEqualTheReferenceAloneAndInABatch) {
  LlavaModel& model = TinyModel();
  std::vector<GenerationRequest> batch;
  std::vector<GenerationResult> alone;
  for (int i = 0; i < 3; ++i) {
    batch.push_back(GreedyRequest(model, i));
    alone.push_back(model.engine().Generate({batch.back()}).front());
    const auto& run = Reference().at("greedy").at(i);
    EXPECT_EQ(alone.back().tokens, run.at("tokens").get<std::vector<int>>()) << i;
    EXPECT_EQ(model.AnswerText(alone.back()), run.at("text").get<std::string>()) << i;
  }
  std::vector<std::pair<size_t, int>> streamed;
  const std::vector<GenerationResult> together =
      model.engine().Generate(batch, [&](size_t request, int token) { streamed.emplace_back(request, token); });
  ASSERT_EQ(together.size(), 3u);
  size_t streamed_count = 0;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(together[i].tokens, alone[i].tokens) << i;
    EXPECT_EQ(together[i].prompt_positions, alone[i].prompt_positions) << i;
    streamed_count += together[i].tokens.size();
  }
  EXPECT_EQ(streamed.size(), streamed_count);
}

TEST(CpuEngineTest, StopsAtMaxNewTokensAndRejectsBadRequests) {
  LlavaModel& model = TinyModel();
  GenerationRequest request = GreedyRequest(model, 0);
  request.max_new_tokens = 3;
  const GenerationResult result = model.engine().Generate({request}).front();
  EXPECT_EQ(result.tokens, (std::vector<int>(Reference().at("greedy")[0].at("tokens").begin(),
                                             Reference().at("greedy")[0].at("tokens").begin() + 3)));
  EXPECT_FALSE(result.ended_with_eos);
  request.images.clear();
  EXPECT_THROW(model.engine().Generate({request}), std::invalid_argument);
  request = GreedyRequest(model, 0);
  request.prompt_ids.push_back(5000);
  EXPECT_THROW(model.engine().Generate({request}), std::invalid_argument);
  request = GreedyRequest(model, 0);
  request.prompt_ids.insert(request.prompt_ids.end(), 2000, 5);  // past the 2048 positions
  EXPECT_THROW(model.engine().Generate({request}), std::invalid_argument);
}

// ------------------------------------------------------------------ storage variants

// The tiny model's tensors rewritten into one file in `dtype` (or their own dtype when kOther).
fs::path Rewritten(const std::string& name, DType dtype, bool with_vision) {
  const fs::path dir = testing::FreshDir(name) / "llava";
  fs::create_directories(dir);
  for (const char* file : {"config.json", "tokenizer.model"}) fs::copy_file(testing::TinyLlavaDir() / file, dir / file);
  std::map<std::string, TensorData> tensors;
  const auto add = [&](const Checkpoint& checkpoint, const std::string& prefix) {
    for (const std::string& tensor : checkpoint.Names()) {
      const TensorView& view = *checkpoint.Find(tensor);
      TensorData data{view.dtype, view.shape, std::string(reinterpret_cast<const char*>(view.data), view.bytes)};
      if (dtype != DType::kOther && (view.dtype == DType::kBF16 || view.dtype == DType::kF16)) {
        const std::vector<float> values = ToFloats(view);
        data = {dtype, view.shape, EncodeFloats(values.data(), values.size(), dtype)};
      }
      tensors[prefix + tensor] = std::move(data);
    }
  };
  add(Checkpoint(testing::TinyLlavaDir()), "");
  if (with_vision) add(Checkpoint(testing::TinyClipDir()), "model.vision_tower.vision_tower.");
  WriteSafetensors(dir / "model.safetensors", tensors);
  return dir;
}

FloatMatrix LogitsOf(const ModelOptions& options) {
  LlavaModel model(options);
  return model.engine().PromptLogits(model.Request(Reference().at("prompt"), {FixtureImage("image0.png")}, 8));
}

TEST(CpuEngineTest, ShardedUnshardedFp32AndMappedGiveTheSameLogits) {
  const FloatMatrix sharded = LogitsOf(testing::TinyOptions());
  ModelOptions unsharded = testing::TinyOptions();
  unsharded.model_dir = Rewritten("unsharded", DType::kOther, false);
  EXPECT_EQ(LogitsOf(unsharded).data, sharded.data);
  // bf16 -> fp32 is exact, so the fp32 checkpoint computes the very same numbers.
  ModelOptions fp32 = testing::TinyOptions();
  fp32.model_dir = Rewritten("fp32", DType::kF32, false);
  EXPECT_EQ(LogitsOf(fp32).data, sharded.data);
  // Weights left memory-mapped and converted a block at a time.
  ModelOptions mapped = testing::TinyOptions();
  mapped.weights.convert_budget_bytes = 1;
  LlavaModel mapped_model(mapped);
  EXPECT_FALSE(mapped_model.engine().device().empty());
  EXPECT_EQ(LogitsOf(mapped).data, sharded.data);
}

TEST(CpuEngineTest, VisionTowerInsideTheLlavaCheckpointIsUsed) {
  ModelOptions options = testing::TinyOptions();
  options.model_dir = Rewritten("embedded_tower", DType::kOther, true);
  // The CLIP folder still gives the tower's config; its weights are not read.
  options.vision_tower = testing::FreshDir("tower_config_only");
  fs::copy_file(testing::TinyClipDir() / "config.json", options.vision_tower / "config.json");
  fs::copy_file(testing::TinyClipDir() / "preprocessor_config.json", options.vision_tower / "preprocessor_config.json");
  EXPECT_EQ(LogitsOf(options).data, LogitsOf(testing::TinyOptions()).data);
}

}  // namespace
}  // namespace spatialgen::vlm
