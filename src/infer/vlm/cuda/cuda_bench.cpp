// The CUDA engine on a random-weight model of LLaVA-1.5-7B's exact shapes (weights drawn on the
// device, never downloaded), next to floors measured in the same run: a device-to-device copy
// (bytes read + written per second) and a bf16 cuBLAS product (8192^3, float32 accumulation).
//
//   vlm_cuda_bench [--out FILE.md] [--batches 1,8,32] [--commit TEXT]
//
// Per batch: image encoder images/s (preprocess of a 640x480 image, tower, projector), prefill
// tokens/s, decode tokens/s, whole items/s (one image, 51 text tokens, 32 generated tokens;
// EOS never ends a random model's answer). Floors: decode = batch / (decoder weight bytes /
// copy rate); prefill = GEMM rate / (2 x decoder matrix parameters); encoder = GEMM rate /
// (2 x vision and projector parameters x tokens).
#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "infer/vlm/cuda/cuda_device.h"
#include "infer/vlm/device_engine.h"

namespace spatialgen::vlm {
namespace {

void Check(cudaError_t status, const char* call) {
  if (status != cudaSuccess) throw std::runtime_error(std::string(call) + " failed: " + cudaGetErrorString(status));
}
void Check(cublasStatus_t status, const char* call) {
  if (status != CUBLAS_STATUS_SUCCESS) throw std::runtime_error(std::string(call) + " failed: " + cublasGetStatusString(status));
}
#define CHECK(call) Check((call), #call)

LlavaConfig Llava7bShapes() {
  LlavaConfig c;
  c.llama = {4096, 11008, 32, 32, 32, 1e-5f, 10000.0f, 4096, 32000, false, 1, -1};  // eos -1: never ends
  c.vision.hidden_size = 1024;
  c.vision.intermediate_size = 4096;
  c.vision.num_hidden_layers = 24;
  c.vision.num_attention_heads = 16;
  c.vision.image_size = 336;
  c.vision.patch_size = 14;
  c.vision.hidden_act = "quick_gelu";
  c.processor.shortest_edge = c.processor.crop_height = c.processor.crop_width = 336;
  c.mm_vision_tower = "openai/clip-vit-large-patch14-336";
  c.mm_hidden_size = 1024;
  c.mm_projector_type = "mlp2x_gelu";
  c.projector_depth = 2;
  c.mm_vision_select_layer = -2;
  c.pad_to_square = true;
  return c;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Milliseconds of `f` by CUDA events: the median of `repeats` after 3 warm-ups.
template <typename F>
double TimeMs(F f, int repeats) {
  cudaEvent_t start, stop;
  CHECK(cudaEventCreate(&start));
  CHECK(cudaEventCreate(&stop));
  for (int i = 0; i < 3; ++i) f();
  std::vector<double> times;
  for (int i = 0; i < repeats; ++i) {
    CHECK(cudaEventRecord(start));
    f();
    CHECK(cudaEventRecord(stop));
    CHECK(cudaEventSynchronize(stop));
    float ms = 0;
    CHECK(cudaEventElapsedTime(&ms, start, stop));
    times.push_back(ms);
  }
  CHECK(cudaEventDestroy(start));
  CHECK(cudaEventDestroy(stop));
  return Median(times);
}

// Bytes read + written per second by a 2 GiB device-to-device copy.
double CopyBytesPerSecond() {
  const size_t bytes = size_t(2) << 30;
  void *a = nullptr, *b = nullptr;
  CHECK(cudaMalloc(&a, bytes));
  CHECK(cudaMalloc(&b, bytes));
  CHECK(cudaMemset(a, 1, bytes));
  const double ms = TimeMs([&] { CHECK(cudaMemcpy(b, a, bytes, cudaMemcpyDeviceToDevice)); }, 10);
  CHECK(cudaFree(a));
  CHECK(cudaFree(b));
  return 2.0 * bytes / (ms * 1e-3);
}

// FLOP/s of an 8192^3 bf16 product with float32 accumulation and output, on random data.
double GemmFlopsPerSecond(VlmDevice& device) {
  const int n = 8192;
  DeviceSpan a = device.Allocate(size_t(n) * n, Elem::kCompute), b = device.Allocate(size_t(n) * n, Elem::kCompute);
  DeviceSpan c = device.Allocate(size_t(n) * n, Elem::kF32);
  device.FillRandom(a, 1, 1.0f);
  device.FillRandom(b, 2, 1.0f);
  const double ms = TimeMs([&] { device.Gemm(a, n, n, b, n, {}, c, n, false); }, 10);
  device.Free(a);
  device.Free(b);
  device.Free(c);
  return 2.0 * n * n * double(n) / (ms * 1e-3);
}

RgbImage Picture(int width, int height, int seed) {
  RgbImage image{width, height, std::vector<uint8_t>(size_t(width) * height * 3)};
  for (size_t i = 0; i < image.pixels.size(); ++i) image.pixels[i] = uint8_t((i * 2654435761u + seed * 97) >> 13);
  return image;
}

struct Row {
  int batch;
  double images_per_s, prefill_tokens_per_s, decode_tokens_per_s, items_per_s;
};

int Main(int argc, char** argv) {
  std::string out, commit = "unknown";
  std::vector<int> batches = {1, 8, 32};
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--out") {
      out = value;
    } else if (flag == "--commit") {
      commit = value;
    } else if (flag == "--batches") {
      batches.clear();
      for (size_t at = 0; at < value.size();) {
        const size_t comma = value.find(',', at);
        batches.push_back(std::stoi(value.substr(at, comma - at)));
        at = comma == std::string::npos ? value.size() : comma + 1;
      }
    } else {
      throw std::invalid_argument("unknown flag " + flag);
    }
  }
  if (CudaDeviceCount() < 1) {
    fmt::print("skipped: no CUDA device\n");
    return 0;
  }
  const std::string card = CudaDeviceDescription();
  fmt::print("{}\n", card);
  const LlavaConfig config = Llava7bShapes();
  const LlamaConfig& l = config.llama;
  const ClipVisionConfig& v = config.vision;

  const double copy_rate = CopyBytesPerSecond();
  double gemm_rate = 0;
  {
    auto device = MakeCudaDevice(ComputeType::kBfloat16);
    gemm_rate = GemmFlopsPerSecond(*device);
  }
  fmt::print("copy {:.0f} GB/s (read + write), bf16 GEMM {:.0f} TFLOP/s\n", copy_rate / 1e9, gemm_rate / 1e12);

  DeviceEngineOptions options;
  options.batch = *std::max_element(batches.begin(), batches.end());
  options.cache_positions = 1024;
  options.max_pass_rows = 8192;
  const auto load_start = std::chrono::steady_clock::now();
  DeviceEngine engine(config, 7, MakeCudaDevice(ComputeType::kBfloat16), options);
  CHECK(cudaDeviceSynchronize());
  const double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count();
  fmt::print("weights {:.2f} GiB, KV cache {:.2f} GiB, workspace {:.2f} GiB, drawn in {:.1f} s\n",
             engine.weight_bytes() / 1073741824.0, engine.cache_bytes() / 1073741824.0,
             engine.workspace_bytes() / 1073741824.0, load_s);

  const double d = l.hidden_size, inter = l.intermediate_size, layers = l.num_hidden_layers;
  const double decoder_params = layers * (4 * d * d + 3 * d * inter);  // 32 heads, no GQA
  const double decoder_bytes = (decoder_params + l.vocab_size * d) * 2;
  const double dv = v.hidden_size, vision_tokens = v.patches() + 1;
  const double vision_params = config.vision_layers_used() * (4 * dv * dv + 2 * dv * v.intermediate_size) +
                               dv * 3 * v.patch_size * v.patch_size;
  const double projector_params = dv * d + d * d;
  const double image_flops = 2 * vision_params * vision_tokens + 2 * projector_params * config.image_tokens();

  std::vector<int> prompt = {1};
  for (int i = 0; i < 35; ++i) prompt.push_back(100 + (i * 7919) % 31000);
  prompt.push_back(-200);
  for (int i = 0; i < 15; ++i) prompt.push_back(200 + (i * 104729) % 31000);
  const int positions = int(prompt.size()) - 1 + config.image_tokens();
  const int new_tokens = 32;

  std::vector<Row> rows;
  for (int batch : batches) {
    std::vector<GenerationRequest> requests;
    for (int i = 0; i < batch; ++i) requests.push_back({prompt, {Picture(640, 480, i)}, new_tokens});
    engine.Generate(requests);  // warm-up
    std::vector<double> images, prefill, decode, total;
    long decoded = 0;
    for (int repeat = 0; repeat < 3; ++repeat) {
      const auto start = std::chrono::steady_clock::now();
      const auto results = engine.Generate(requests);
      total.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      const StageSeconds& s = engine.last_stage_seconds();
      images.push_back(s.images);
      prefill.push_back(s.prefill);
      decode.push_back(s.decode);
      decoded = s.decoded_tokens;
      if (results.front().tokens.size() != size_t(new_tokens)) throw std::runtime_error("a sequence ended early");
    }
    rows.push_back({batch, batch / Median(images), batch * double(positions) / Median(prefill),
                    decoded / Median(decode), batch / Median(total)});
    fmt::print("batch {}: {:.1f} images/s, prefill {:.0f} tokens/s, decode {:.0f} tokens/s, {:.1f} items/s\n", batch,
               rows.back().images_per_s, rows.back().prefill_tokens_per_s, rows.back().decode_tokens_per_s,
               rows.back().items_per_s);
  }

  char date[32];
  const std::time_t now = std::time(nullptr);
  std::strftime(date, sizeof date, "%Y-%m-%d", std::gmtime(&now));
  std::string md = fmt::format(
      "# CUDA engine: LLaVA-1.5-7B shapes, random bf16 weights\n\n"
      "Card: {}. Date: {} (UTC). Commit: {}. Written by vlm_cuda_bench (scripts/gpu_check.sh).\n\n"
      "Measured ceilings in this run: device-to-device copy {:.0f} GB/s (bytes read + written), "
      "bf16 cuBLAS product 8192^3 with float32 accumulation {:.0f} TFLOP/s.\n\n"
      "Items: one 640x480 image (padded, resized to 336, 576 image tokens), 51 text tokens ({} positions), "
      "{} generated tokens; KV cache {} positions a slot. Weights {:.2f} GiB, KV cache {:.2f} GiB.\n\n"
      "| batch | encoder images/s (floor) | prefill tokens/s (floor) | decode tokens/s (floor) | items/s |\n"
      "| --- | --- | --- | --- | --- |\n",
      card, date, commit, copy_rate / 1e9, gemm_rate / 1e12, positions, new_tokens, options.cache_positions,
      engine.weight_bytes() / 1073741824.0, engine.cache_bytes() / 1073741824.0);
  for (const Row& r : rows) {
    md += fmt::format("| {} | {:.1f} ({:.1f}) | {:.0f} ({:.0f}) | {:.0f} ({:.0f}) | {:.1f} |\n", r.batch, r.images_per_s,
                      gemm_rate / image_flops, r.prefill_tokens_per_s, gemm_rate / (2 * decoder_params),
                      r.decode_tokens_per_s, r.batch * copy_rate / decoder_bytes, r.items_per_s);
  }
  md += "\nTargets (issue 11): decode at batch 1 within 1.5x of its floor; prefill at batch 8 within 2x of its "
        "floor; items/s at batch 32 above 100.\n\n";
  for (const Row& r : rows) {
    if (r.batch == 1) {
      const double ratio = (copy_rate / decoder_bytes) / r.decode_tokens_per_s;
      md += fmt::format("- decode, batch 1: {:.2f}x the floor: {}\n", ratio, ratio <= 1.5 ? "met" : "missed");
    }
    if (r.batch == 8) {
      const double ratio = (gemm_rate / (2 * decoder_params)) / r.prefill_tokens_per_s;
      md += fmt::format("- prefill, batch 8: {:.2f}x the floor: {}\n", ratio, ratio <= 2 ? "met" : "missed");
    }
    if (r.batch == 32) {
      md += fmt::format("- items, batch 32: {:.1f}/s: {}\n", r.items_per_s, r.items_per_s > 100 ? "met" : "missed");
    }
  }
  fmt::print("\n{}", md);
  if (!out.empty()) {
    std::ofstream file(out);
    file << md;
    if (!file) throw std::runtime_error("cannot write " + out);
  }
  return 0;
}

}  // namespace
}  // namespace spatialgen::vlm

int main(int argc, char** argv) {
  try {
    return spatialgen::vlm::Main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vlm_cuda_bench: %s\n", e.what());
    return 1;
  }
}
