// The CUDA device layer and engine on a GPU: every operation against the host device layer on
// the same random inputs, the preprocessing bit-exact against the CPU's, and the engine
// against the reference script (float32: 1e-3 and identical greedy tokens; bfloat16 weights:
// 1e-2), batches equal to their items. Without a GPU every test reports "skipped: no CUDA device".
// SPATIALGEN_GPU_DUMP=DIR also writes the engine's fixture outputs for the transformers check
// of scripts/gpu_check.sh.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>

#include "infer/vlm/cuda/cuda_device.h"
#include "infer/vlm/device_engine.h"
#include "infer/vlm/host_device.h"
#include "infer/vlm/vlm_test_data.h"

namespace spatialgen::vlm {
namespace {

using testing::RelativeError;

class CudaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (CudaDeviceCount() < 1) GTEST_SKIP() << "skipped: no CUDA device";
  }
};

// The same operation on the GPU and on the host, on the same random inputs.
struct Pair {
  std::unique_ptr<VlmDevice> gpu = MakeCudaDevice(ComputeType::kFloat32);
  HostDevice host{ComputeType::kFloat32};
  std::vector<std::pair<DeviceSpan, DeviceSpan>> spans;

  // Index i: the i-th span made, on both devices.
  int Random(size_t count, Elem elem, uint64_t seed, float scale = 1.0f) {
    spans.emplace_back(gpu->Allocate(count, elem), host.Allocate(count, elem));
    if (elem != Elem::kI32) {
      gpu->FillRandom(spans.back().first, seed, scale);
      host.FillRandom(spans.back().second, seed, scale);
    }
    return int(spans.size()) - 1;
  }
  int Ints(const std::vector<int32_t>& values) {
    const int i = Random(values.size(), Elem::kI32, 0);
    gpu->UploadInts(spans[i].first, values.data(), values.size());
    host.UploadInts(spans[i].second, values.data(), values.size());
    return i;
  }
  const DeviceSpan& G(int i) const { return spans[i].first; }
  const DeviceSpan& H(int i) const { return spans[i].second; }
  double Error(int i) {
    std::vector<float> a(spans[i].first.count), b(a.size());
    gpu->Download(spans[i].first, a.data(), a.size());
    host.Download(spans[i].second, b.data(), b.size());
    return RelativeError(a, b);
  }
  ~Pair() {
    for (auto& [g, h] : spans) {
      gpu->Free(g);
      host.Free(h);
    }
  }
};

TEST_F(CudaTest, DescribesTheDevice) {
  const std::string description = CudaDeviceDescription();
  std::printf("%s\n", description.c_str());
  EXPECT_NE(description.find("compute"), std::string::npos);
}

TEST_F(CudaTest, ElementwiseNormsAndProductsMatchTheHost) {
  Pair p;
  const int rows = 37, n = 300, k = 200;
  const int x = p.Random(size_t(rows) * n, Elem::kF32, 1), weight = p.Random(n, Elem::kF32, 2);
  const int bias = p.Random(n, Elem::kF32, 3), out = p.Random(size_t(rows) * n, Elem::kCompute, 4);
  const int index = p.Ints({5, 0, 36, 5});
  p.gpu->RmsNorm(p.G(x), rows, n, {}, p.G(weight), 1e-5f, p.G(out));
  p.host.RmsNorm(p.H(x), rows, n, {}, p.H(weight), 1e-5f, p.H(out));
  EXPECT_LE(p.Error(out), 1e-5);
  p.gpu->RmsNorm(p.G(x), 4, n, p.G(index), p.G(weight), 1e-5f, p.G(out));
  p.host.RmsNorm(p.H(x), 4, n, p.H(index), p.H(weight), 1e-5f, p.H(out));
  EXPECT_LE(p.Error(out), 1e-5);
  const int normed = p.Random(size_t(rows) * n, Elem::kF32, 5);
  p.gpu->LayerNorm(p.G(x), rows, n, p.G(weight), p.G(bias), 1e-5f, p.G(normed));
  p.host.LayerNorm(p.H(x), rows, n, p.H(weight), p.H(bias), 1e-5f, p.H(normed));
  EXPECT_LE(p.Error(normed), 1e-5);
  for (Activation a : {Activation::kQuickGelu, Activation::kGeluErf}) {
    p.gpu->Activate(a, p.G(x), size_t(rows) * n, p.G(out));
    p.host.Activate(a, p.H(x), size_t(rows) * n, p.H(out));
    EXPECT_LE(p.Error(out), 1e-6);
  }
  p.gpu->SwiGlu(p.G(x), rows, n / 2, p.G(out));
  p.host.SwiGlu(p.H(x), rows, n / 2, p.H(out));
  EXPECT_LE(p.Error(out), 1e-6);
  p.gpu->CastRows(p.G(x), n, p.G(index), 4, p.G(out));
  p.host.CastRows(p.H(x), n, p.H(index), 4, p.H(out));
  EXPECT_EQ(p.Error(out), 0.0);
  // Products: overwrite with bias, then accumulate into a strided output.
  const int a = p.Random(size_t(rows) * k, Elem::kCompute, 6), w = p.Random(size_t(n) * k, Elem::kCompute, 7);
  const int y = p.Random(size_t(rows) * (n + 3), Elem::kF32, 8);
  p.gpu->Gemm(p.G(a), rows, k, p.G(w), n, p.G(bias), p.G(y), n + 3, false);
  p.host.Gemm(p.H(a), rows, k, p.H(w), n, p.H(bias), p.H(y), n + 3, false);
  EXPECT_LE(p.Error(y), 1e-5);
  p.gpu->Gemm(p.G(a), rows, k, p.G(w), n, {}, p.G(y), n + 3, true);
  p.host.Gemm(p.H(a), rows, k, p.H(w), n, {}, p.H(y), n + 3, true);
  EXPECT_LE(p.Error(y), 1e-5);
  // Arg max, embedding gather and splice.
  const int ids = p.Random(rows, Elem::kI32, 0);
  p.gpu->ArgMax(p.G(x), rows, n, p.G(ids));
  p.host.ArgMax(p.H(x), rows, n, p.H(ids));
  std::vector<int32_t> gpu_ids(rows), host_ids(rows);
  p.gpu->DownloadInts(p.G(ids), gpu_ids.data(), rows);
  p.host.DownloadInts(p.H(ids), host_ids.data(), rows);
  EXPECT_EQ(gpu_ids, host_ids);
  const int table = p.Random(size_t(10) * n, Elem::kCompute, 9), source = p.Ints({3, -1, -37, 9, 0});
  const int embedded = p.Random(size_t(5) * n, Elem::kF32, 10);
  p.gpu->Embed(p.G(source), 5, p.G(table), p.G(x), n, p.G(embedded));
  p.host.Embed(p.H(source), 5, p.H(table), p.H(x), n, p.H(embedded));
  EXPECT_EQ(p.Error(embedded), 0.0);
}

TEST_F(CudaTest, CachedAttentionMatchesTheHostForPrefillAndDecode) {
  for (int head_dim : {16, 64, 128}) {
    Pair p;
    const int heads = 4, kv_heads = 2, slots = 3;
    const KvCacheLayout layout{2, slots, kv_heads, 96, head_dim};
    const int k = p.Random(layout.elements(), Elem::kCompute, 11), v = p.Random(layout.elements(), Elem::kCompute, 12);
    // Prefill: 70 rows of slot 2 (layer 1), then 1 decode row each for slots 0 and 2.
    for (const std::vector<SequenceRows>& sequences :
         {std::vector<SequenceRows>{{2, 0, 70, std::vector<int32_t>(70, 1), true}},
          std::vector<SequenceRows>{{0, 5, 1, {1}, true}, {2, 70, 1, {1}, true}}}) {
      const PassPlan plan = PlanPass(sequences, true);
      const int packed = p.Ints(plan.packed);
      const int rows = plan.rows, width = (heads + 2 * kv_heads) * head_dim;
      const int qkv = p.Random(size_t(rows) * width, Elem::kF32, 13 + rows);
      const int q = p.Random(size_t(rows) * heads * head_dim, Elem::kCompute, 20);
      const int out = p.Random(size_t(rows) * heads * head_dim, Elem::kCompute, 21);
      const auto slice = [&](const DeviceSpan& s, size_t at, size_t n) { return s.Slice(at, n); };
      p.gpu->QkvToCache(p.G(qkv), rows, heads, slice(p.G(packed), plan.slot_offset(), rows),
                        slice(p.G(packed), plan.position_offset(), rows), 10000.0f, layout, 1, p.G(k), p.G(v), p.G(q));
      p.host.QkvToCache(p.H(qkv), rows, heads, slice(p.H(packed), plan.slot_offset(), rows),
                        slice(p.H(packed), plan.position_offset(), rows), 10000.0f, layout, 1, p.H(k), p.H(v), p.H(q));
      EXPECT_LE(p.Error(q), 1e-5) << head_dim;
      EXPECT_LE(p.Error(k), 1e-5) << head_dim;
      EXPECT_EQ(p.Error(v), 0.0) << head_dim;
      for (bool causal : {true, false}) {
        p.gpu->Attention(p.G(q), heads, slice(p.G(packed), plan.tiles_offset(), 5 * plan.tile_count), plan.tile_count,
                         causal, layout, 1, p.G(k), p.G(v), p.G(out));
        p.host.Attention(p.H(q), heads, slice(p.H(packed), plan.tiles_offset(), 5 * plan.tile_count),
                         plan.tile_count, causal, layout, 1, p.H(k), p.H(v), p.H(out));
        EXPECT_LE(p.Error(out), 1e-5) << head_dim << " causal " << causal;
      }
    }
  }
}

TEST_F(CudaTest, PreprocessingIsBitExact) {
  LlavaModel& model = testing::TinyModel();
  LlavaConfig config = model.config();
  auto gpu = MakeCudaDevice(ComputeType::kFloat32);
  for (const auto& [w, h, size, pad] : std::vector<std::tuple<int, int, int, bool>>{
           {640, 480, 336, true}, {640, 480, 336, false}, {97, 61, 224, false}, {13, 200, 336, true}, {28, 28, 28, true}}) {
    config.pad_to_square = pad;
    config.processor.shortest_edge = config.processor.crop_width = config.processor.crop_height = size;
    const RgbImage image = testing::FormulaImage(w, h, 4);
    const std::vector<float> expected = PreprocessImage(image, config);
    DeviceSpan pixels = gpu->Allocate(expected.size(), Elem::kF32);
    gpu->Preprocess(image, config, pixels);
    std::vector<float> actual(expected.size());
    gpu->Download(pixels, actual.data(), actual.size());
    gpu->Free(pixels);
    EXPECT_EQ(actual, expected) << w << "x" << h << " to " << size << (pad ? " padded" : "");
  }
}

DeviceEngine CudaEngine(ComputeType compute, int batch = 4) {
  DeviceEngineOptions options;
  options.batch = batch;
  return DeviceEngine(testing::TinyModel().config(), testing::TinyModel().weights(), MakeCudaDevice(compute), options);
}

TEST_F(CudaTest, Float32EngineMatchesTheReference) {
  DeviceEngine engine = CudaEngine(ComputeType::kFloat32);
  EXPECT_EQ(engine.device(), "cuda");
  testing::ExpectEngineMatchesReference(engine, 1e-3, true);
  testing::ExpectBatchEqualsAlone(engine);
}

// 16-bit operands: the host emulation measures 2.3% on the logits (device_engine_test.cpp).
TEST_F(CudaTest, SixteenBitEnginesAreWithinTheirRounding) {
  DeviceEngine engine = CudaEngine(ComputeType::kBfloat16);
  testing::ExpectEngineMatchesReference(engine, 3e-2, false);
  testing::ExpectBatchEqualsAlone(engine);
  DeviceEngine half = CudaEngine(ComputeType::kFloat16, 2);
  testing::ExpectEngineMatchesReference(half, 3e-2, false);
  testing::ExpectBatchEqualsAlone(half);
}

// The same 16-bit operands on the host (rounding emulated) and on the GPU: only the order of
// float32 sums differs, so the engines agree far more closely than either with float32.
TEST_F(CudaTest, Bfloat16EngineMatchesTheHostEmulation) {
  LlavaModel& model = testing::TinyModel();
  DeviceEngine gpu = CudaEngine(ComputeType::kBfloat16);
  DeviceEngine host(model.config(), model.weights(), std::make_unique<HostDevice>(ComputeType::kBfloat16));
  const GenerationRequest request =
      model.Request(testing::Reference().at("prompt"), {testing::FixtureFormulaImage(0)}, 8);
  EXPECT_LE(RelativeError(gpu.PromptLogits(request).data, host.PromptLogits(request).data), 1e-2);
}

TEST_F(CudaTest, WritesTheFixtureOutputsForTheTransformersCheck) {
  const char* dir = std::getenv("SPATIALGEN_GPU_DUMP");
  if (!dir) GTEST_SKIP() << "SPATIALGEN_GPU_DUMP not set";
  DeviceEngine engine = CudaEngine(ComputeType::kFloat32);
  LlavaModel& model = testing::TinyModel();
  nlohmann::json dump;
  for (int i = 0; i < 3; ++i) {
    const auto& run = testing::Reference().at("greedy").at(i);
    const GenerationRequest request =
        model.Request(VicunaPrompt(run.at("question")), {testing::FixtureFormulaImage(i)}, 8);
    dump["greedy"].push_back({{"prompt_ids", request.prompt_ids},
                              {"image", run.at("image")},
                              {"tokens", engine.Generate({request}).front().tokens}});
    const FloatMatrix logits = engine.PromptLogits(request);
    dump["greedy"].back()["last_logits"] = std::vector<float>(logits.row(logits.rows - 1), logits.row(logits.rows - 1) + logits.cols);
  }
  std::ofstream(std::string(dir) + "/gpu_fixture_outputs.json") << dump.dump();
}

}  // namespace
}  // namespace spatialgen::vlm
