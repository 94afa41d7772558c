// DeviceEngine on the host device layer: the planning the CUDA engine runs (batches, prefill
// passes, KV cache slots and offsets, the image splice, sequences leaving the batch) checked
// against the reference script and the CPU engine on machines without a GPU.
#include "infer/vlm/device_engine.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "infer/vlm/host_device.h"
#if SPATIALGEN_HAVE_CUDA
#include "infer/vlm/cuda/cuda_device.h"
#endif
#include "infer/vlm/rgb_image_io.h"
#include "infer/vlm/tokenizer.h"
#include "infer/vlm/vlm_test_data.h"

namespace spatialgen::vlm {
namespace {

using testing::Reference;
using testing::TinyModel;

DeviceEngine HostEngine(ComputeType compute, DeviceEngineOptions options = {}, size_t memory = size_t(1) << 30) {
  return DeviceEngine(TinyModel().config(), TinyModel().weights(), std::make_unique<HostDevice>(compute, memory),
                      options);
}

TEST(DeviceEngineTest, FixtureImagesAreTheFormulaImages) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(ReadRgbImage(testing::DataDir() / ("image" + std::to_string(i) + ".png")).pixels,
              testing::FixtureFormulaImage(i).pixels);
  }
}

TEST(DeviceEngineTest, Float32MatchesTheReferenceAndBatchesEqualTheirItems) {
  DeviceEngine engine = HostEngine(ComputeType::kFloat32);
  EXPECT_EQ(engine.device(), "host");
  testing::ExpectEngineMatchesReference(engine, 1e-4, true);
  testing::ExpectBatchEqualsAlone(engine);
}

// Every matrix operand (normed rows, q, the KV cache, activations) rounded to 16 bits: the
// tiny random model's logits move by 2.3% (bfloat16) of their largest value; the stages before
// stay under 1%. (With float32 operands the same bfloat16 weights are exact: the test above.)
constexpr double kSixteenBitTolerance = 3e-2;

TEST(DeviceEngineTest, Bfloat16AndFloat16StayWithinTheirRounding) {
  for (ComputeType compute : {ComputeType::kBfloat16, ComputeType::kFloat16}) {
    DeviceEngine engine = HostEngine(compute);
    testing::ExpectEngineMatchesReference(engine, kSixteenBitTolerance, false);
  }
}

TEST(DeviceEngineTest, SmallPassesGroupsAndFewSlotsGiveTheSameTokens) {
  // 64-row passes cut every prompt (about 230 positions) into pieces; batch 2 splits three
  // requests into two groups; the third engine gets memory for two slots only.
  DeviceEngineOptions small;
  small.batch = 2;
  small.max_pass_rows = 64;
  DeviceEngine passes = HostEngine(ComputeType::kFloat32, small);
  EXPECT_EQ(passes.preferred_batch(), 2);
  testing::ExpectEngineMatchesReference(passes, 1e-4, true);
  testing::ExpectBatchEqualsAlone(passes);

  DeviceEngineOptions wide;
  wide.batch = 8;
  wide.cache_positions = 256;
  const DeviceEngine probe = HostEngine(ComputeType::kFloat32, wide);
  const size_t fixed = probe.weight_bytes() + probe.workspace_bytes();
  const size_t per_slot = probe.cache_bytes() / 8;
  // Room for the weights, the workspace, the image reserve and 2.5 slots: two slots.
  const size_t image_reserve = size_t(8) * 2 * 4 * 64 * 4;
  DeviceEngine few = HostEngine(ComputeType::kFloat32, wide, fixed + size_t((image_reserve + 2.5 * per_slot) / 0.9));
  EXPECT_EQ(few.preferred_batch(), 2);
  testing::ExpectBatchEqualsAlone(few);
}

TEST(DeviceEngineTest, SequencesLeaveTheBatchAtTheirOwnLimits) {
  DeviceEngine engine = HostEngine(ComputeType::kFloat32);
  LlavaModel& model = TinyModel();
  std::vector<GenerationRequest> requests;
  for (int limit : {1, 3, 8}) {
    requests.push_back(model.Request(VicunaPrompt("Is the mug to the left of the laptop?"),
                                     {testing::FixtureFormulaImage(0)}, limit));
  }
  const std::vector<GenerationResult> results = engine.Generate(requests);
  const std::vector<int> full = Reference().at("greedy").at(0).at("tokens").get<std::vector<int>>();
  for (size_t i = 0; i < 2; ++i) {
    const size_t limit = i == 0 ? 1 : 3;
    EXPECT_EQ(results[i].tokens, std::vector<int>(full.begin(), full.begin() + std::min(limit, full.size()))) << i;
  }
  EXPECT_EQ(results[2].tokens, full);
  EXPECT_GT(engine.last_stage_seconds().decode_steps, 0);
}

TEST(DeviceEngineTest, RejectsBadRequestsAndDoesNotLeak) {
  auto device = std::make_unique<HostDevice>(ComputeType::kFloat32);
  HostDevice& host = *device;
  DeviceEngine engine(TinyModel().config(), TinyModel().weights(), std::move(device), {});
  const size_t live = host.live_allocations();
  GenerationRequest request = TinyModel().Request(VicunaPrompt("where?"), {testing::FixtureFormulaImage(1)}, 4);
  engine.Generate({request});
  EXPECT_EQ(host.live_allocations(), live);
  request.images.clear();
  EXPECT_THROW(engine.Generate({request}), std::invalid_argument);
  request = TinyModel().Request(VicunaPrompt("where?"), {testing::FixtureFormulaImage(1)}, 4);
  request.prompt_ids.push_back(5000);
  EXPECT_THROW(engine.Generate({request}), std::invalid_argument);
  EXPECT_EQ(host.live_allocations(), live);
  DeviceEngineOptions bad;
  bad.max_pass_rows = 2;
  bad.batch = 4;
  EXPECT_THROW(HostEngine(ComputeType::kFloat32, bad), std::invalid_argument);
  // Not even the weights fit.
  EXPECT_THROW(HostEngine(ComputeType::kFloat32, {}, 1 << 16), std::runtime_error);
}

TEST(DeviceEngineTest, DeviceCudaFailsClearlyWithoutAGpuAndDtypesAreChecked) {
#if SPATIALGEN_HAVE_CUDA
  if (CudaDeviceCount() > 0) GTEST_SKIP() << "a CUDA device is present: vlm_cuda_tests runs the engine there";
#endif
  ModelOptions options = testing::TinyOptions();
  options.device = "cuda";
  try {
    LlavaModel model(options);
    FAIL() << "--device cuda loaded without a GPU";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("cuda: "), std::string::npos) << e.what();
  }
  options.dtype = "float8";
  EXPECT_THROW(options.Check(), InputError);
  options.device = "cpu";
  options.dtype = "bfloat16";
  EXPECT_THROW(options.Check(), InputError);
  options.dtype = "float32";
  EXPECT_NO_THROW(options.Check());
}

// ------------------------------------------------------------------ planning

TEST(DevicePlanTest, PromptSourcesSpliceImageRowsInOrder) {
  EXPECT_EQ(PromptSources({1, kImageTokenId, 7, kImageTokenId}, 2, 3),
            (std::vector<int32_t>{1, -7, -8, 7, -9, -10}));  // images 3 and 4: rows 6, 7 and 8, 9
}

TEST(DevicePlanTest, TilesSplitsPassesAndPacking) {
  const std::vector<SequenceRows> sequences = {{0, 0, 20, std::vector<int32_t>(20, 5), true},
                                               {3, 40, 1, {9}, true}};
  const std::vector<AttentionTile> causal = PlanTiles(sequences, true);
  ASSERT_EQ(causal.size(), 3u);
  EXPECT_EQ(causal[0].first_row, 0);
  EXPECT_EQ(causal[0].rows, 16);
  EXPECT_EQ(causal[0].keys, 16);
  EXPECT_EQ(causal[1].first_row, 16);
  EXPECT_EQ(causal[1].position, 16);
  EXPECT_EQ(causal[1].keys, 20);
  EXPECT_EQ(causal[2].first_row, 20);
  EXPECT_EQ(causal[2].slot, 3);
  EXPECT_EQ(causal[2].position, 40);
  EXPECT_EQ(causal[2].keys, 41);
  EXPECT_EQ(PlanTiles(sequences, false)[0].keys, 20);

  const auto passes = SplitPasses(sequences, 8);
  ASSERT_EQ(passes.size(), 3u);  // 8 | 8 | 4 + 1
  EXPECT_EQ(passes[1][0].start, 8);
  EXPECT_FALSE(passes[1][0].wants_logits);
  ASSERT_EQ(passes[2].size(), 2u);
  EXPECT_EQ(passes[2][0].start, 16);
  EXPECT_EQ(passes[2][0].count, 4);
  EXPECT_TRUE(passes[2][0].wants_logits);

  const PassPlan plan = PlanPass(passes[2], true);
  EXPECT_EQ(plan.rows, 5);
  EXPECT_EQ(plan.tile_count, 2);
  EXPECT_EQ(plan.logit_count, 2);
  EXPECT_EQ(plan.packed[plan.slot_offset() + 4], 3);
  EXPECT_EQ(plan.packed[plan.position_offset() + 3], 19);
  EXPECT_EQ(plan.packed[plan.tiles_offset() + 5 + 3], 40);  // second tile's position
  EXPECT_EQ(plan.packed[plan.logits_offset()], 3);
  EXPECT_EQ(plan.packed[plan.logits_offset() + 1], 4);
  EXPECT_EQ(plan.packed.size(), plan.logits_offset() + 2);
  EXPECT_EQ(PlanPass(passes[2], true, true).logit_count, 5);
}

TEST(DevicePlanTest, KvSlotsThatFit) {
  EXPECT_EQ(KvSlotsThatFit(1000, 100, 300, 8), 3);
  EXPECT_EQ(KvSlotsThatFit(1000, 100, 300, 2), 2);
  EXPECT_EQ(KvSlotsThatFit(350, 100, 300, 8), 0);
  EXPECT_EQ(KvSlotsThatFit(50, 100, 300, 8), 0);
}

}  // namespace
}  // namespace spatialgen::vlm
