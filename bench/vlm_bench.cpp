// CPU throughput of the native LLaVA-1.5 engine (docs/inference.md quotes the figures):
//   1. the tiny random LLaVA of tests/data/vlm;
//   2. a random model of the same shape family with about 1.3 B parameters: CLIP ViT-L/14 at
//      336 px (the released tower, 0.3 B) and a Llama decoder of 2048 x 16 layers with a 32000
//      vocabulary (1.0 B), written by this program as bf16 shards (never downloaded).
// For each: images/s through the vision tower and projector, prefill tokens/s of one item with
// its image, and decode tokens/s at batch 1 and 4 (text prompts, 16 greedy steps).
// Usage: spatialgen_vlm_bench [--skip-large] [--work-dir DIR] (default: the temp folder)
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstring>
#include <filesystem>
#include <thread>

#include "bench_clock.h"
#include "core/atomic_file.h"
#include "infer/vlm/llava_model.h"
#include "infer/vlm/safetensors.h"
#include "infer/vlm/vlm_maths.h"

namespace spatialgen {
namespace {

namespace fs = std::filesystem;
using bench::Clock;
using bench::Seconds;
using Json = nlohmann::json;

const fs::path kSource(SPATIALGEN_SOURCE_DIR);

// Normal-ish random weights (sum of uniforms), fast and seeded, as bf16 bytes.
class RandomWeights {
 public:
  // Values around `offset` (norm weights: 1) spread by `scale`.
  std::string Bf16(int64_t count, float scale, float offset) {
    std::string bytes(size_t(count) * 2, '\0');
    for (int64_t i = 0; i < count; ++i) {
      const float value = offset + scale * (Uniform() + Uniform() + Uniform() - 1.5f) * 2.0f;
      const uint16_t bits = vlm::FloatToBf16(value);
      std::memcpy(&bytes[size_t(i) * 2], &bits, 2);
    }
    return bytes;
  }

 private:
  float Uniform() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return float(state_ >> 40) * (1.0f / 16777216.0f);
  }
  uint64_t state_ = 0x9e3779b97f4a7c15ull;
};

struct Shape {
  int d = 2048, layers = 16, heads = 16, kv_heads = 16, inter = 5632, vocab = 32000;
  int vision_d = 1024, vision_layers = 24, vision_heads = 16, vision_inter = 4096, image = 336, patch = 14;
};

// Writes the random model: LLaVA folder (config, shards + index, the tiny tokenizer) and CLIP
// folder. Returns the parameter count.
int64_t WriteRandomModel(const fs::path& llava, const fs::path& clip, const Shape& s) {
  RandomWeights random;
  int64_t parameters = 0;
  std::map<std::string, vlm::TensorData> shard;
  Json weight_map = Json::object();
  int shard_index = 0;
  size_t shard_bytes = 0;
  const auto flush = [&](const fs::path& dir, bool index) {
    if (shard.empty()) return;
    const std::string name = fmt::format("model-{:05d}.safetensors", ++shard_index);
    for (const auto& [tensor, data] : shard) weight_map[tensor] = name;
    vlm::WriteSafetensors(dir / name, shard, {{"format", "pt"}});
    shard.clear();
    shard_bytes = 0;
    if (index) WriteFileAtomic(dir / "model.safetensors.index.json", Json{{"weight_map", weight_map}}.dump(1));
  };
  const auto add = [&](const std::string& name, std::vector<int64_t> shape, float scale) {
    int64_t count = 1;
    for (int64_t d : shape) count *= d;
    parameters += count;
    shard[name] = {vlm::DType::kBF16, shape, random.Bf16(count, scale, name.ends_with("norm.weight") ? 1.0f : 0.0f)};
    shard_bytes += size_t(count) * 2;
    if (shard_bytes > (size_t(512) << 20)) flush(llava, false);
  };
  fs::create_directories(llava);
  fs::create_directories(clip);
  const int64_t d = s.d, kv = int64_t(s.kv_heads) * (s.d / s.heads);
  add("model.embed_tokens.weight", {s.vocab, d}, 1.0f);
  add("lm_head.weight", {s.vocab, d}, 0.02f);
  add("model.norm.weight", {d}, 0.1f);
  for (int i = 0; i < s.layers; ++i) {
    const std::string p = fmt::format("model.layers.{}.", i);
    add(p + "input_layernorm.weight", {d}, 0.1f);
    add(p + "post_attention_layernorm.weight", {d}, 0.1f);
    add(p + "self_attn.q_proj.weight", {d, d}, 0.02f);
    add(p + "self_attn.k_proj.weight", {kv, d}, 0.02f);
    add(p + "self_attn.v_proj.weight", {kv, d}, 0.02f);
    add(p + "self_attn.o_proj.weight", {d, d}, 0.02f);
    add(p + "mlp.gate_proj.weight", {s.inter, d}, 0.02f);
    add(p + "mlp.up_proj.weight", {s.inter, d}, 0.02f);
    add(p + "mlp.down_proj.weight", {d, s.inter}, 0.02f);
  }
  add("model.mm_projector.0.weight", {d, s.vision_d}, 0.02f);
  add("model.mm_projector.0.bias", {d}, 0.02f);
  add("model.mm_projector.2.weight", {d, d}, 0.02f);
  add("model.mm_projector.2.bias", {d}, 0.02f);
  flush(llava, true);
  const Json config = {{"architectures", {"LlavaLlamaForCausalLM"}}, {"model_type", "llava_llama"},
                       {"hidden_size", s.d}, {"intermediate_size", s.inter}, {"num_hidden_layers", s.layers},
                       {"num_attention_heads", s.heads}, {"num_key_value_heads", s.kv_heads},
                       {"rms_norm_eps", 1e-5}, {"rope_theta", 10000.0}, {"max_position_embeddings", 2048},
                       {"vocab_size", s.vocab}, {"mm_vision_tower", clip.string()}, {"mm_hidden_size", s.vision_d},
                       {"mm_projector_type", "mlp2x_gelu"}, {"mm_vision_select_layer", -2},
                       {"mm_vision_select_feature", "patch"}, {"image_aspect_ratio", "pad"}};
  WriteFileAtomic(llava / "config.json", config.dump(1));
  fs::copy_file(kSource / "tests/data/vlm/tiny-llava/tokenizer.model", llava / "tokenizer.model",
                fs::copy_options::overwrite_existing);

  // The CLIP tower (names as in a CLIP folder), one shard.
  const int64_t dv = s.vision_d, positions = int64_t(s.image / s.patch) * (s.image / s.patch) + 1;
  shard_index = 0;
  weight_map = Json::object();
  const auto add_vision = [&](const std::string& name, std::vector<int64_t> shape, float scale) {
    int64_t count = 1;
    for (int64_t x : shape) count *= x;
    parameters += count;
    const bool norm = name.find("norm") != std::string::npos && name.ends_with(".weight");
    shard["vision_model." + name] = {vlm::DType::kBF16, shape, random.Bf16(count, scale, norm ? 1.0f : 0.0f)};
  };
  add_vision("embeddings.patch_embedding.weight", {dv, 3, s.patch, s.patch}, 0.02f);
  add_vision("embeddings.class_embedding", {dv}, 0.02f);
  add_vision("embeddings.position_embedding.weight", {positions, dv}, 0.02f);
  add_vision("pre_layrnorm.weight", {dv}, 0.1f);
  add_vision("pre_layrnorm.bias", {dv}, 0.1f);
  for (int i = 0; i < s.vision_layers; ++i) {
    const std::string p = fmt::format("encoder.layers.{}.", i);
    for (const char* name : {"q_proj", "k_proj", "v_proj", "out_proj"}) {
      add_vision(p + "self_attn." + name + ".weight", {dv, dv}, 0.02f);
      add_vision(p + "self_attn." + name + ".bias", {dv}, 0.02f);
    }
    for (const char* name : {"layer_norm1", "layer_norm2"}) {
      add_vision(p + name + ".weight", {dv}, 0.1f);
      add_vision(p + name + ".bias", {dv}, 0.1f);
    }
    add_vision(p + "mlp.fc1.weight", {s.vision_inter, dv}, 0.02f);
    add_vision(p + "mlp.fc1.bias", {s.vision_inter}, 0.02f);
    add_vision(p + "mlp.fc2.weight", {dv, s.vision_inter}, 0.02f);
    add_vision(p + "mlp.fc2.bias", {dv}, 0.02f);
  }
  vlm::WriteSafetensors(clip / "model.safetensors", shard, {{"format", "pt"}});
  shard.clear();
  const Json vision = {{"model_type", "clip_vision_model"}, {"hidden_size", s.vision_d},
                       {"intermediate_size", s.vision_inter}, {"num_hidden_layers", s.vision_layers},
                       {"num_attention_heads", s.vision_heads}, {"image_size", s.image}, {"patch_size", s.patch},
                       {"hidden_act", "quick_gelu"}};
  WriteFileAtomic(clip / "config.json", vision.dump(1));
  return parameters;
}

// Mean seconds of f(), repeated until at least `min_seconds` have passed (once at least).
template <typename F>
double MeanSeconds(F f, double min_seconds = 1.0) {
  const auto start = Clock::now();
  int calls = 0;
  do {
    f();
    ++calls;
  } while (Seconds(start) < min_seconds);
  return Seconds(start) / calls;
}

vlm::RgbImage TestImage(int width, int height) {
  vlm::RgbImage image{width, height, std::vector<uint8_t>(size_t(width) * height * 3)};
  for (size_t i = 0; i < image.pixels.size(); ++i) image.pixels[i] = uint8_t((i * 7 + i / 1931) & 255);
  return image;
}

void Figures(const std::string& label, const vlm::ModelOptions& options) {
  const auto load_start = Clock::now();
  vlm::LlavaModel model(options);
  const double load = Seconds(load_start);
  vlm::Engine& engine = model.engine();
  const std::string question = "Is the mug to the left of the laptop?";

  const vlm::RgbImage image = TestImage(640, 480);
  const double encode = MeanSeconds([&] {
    engine.Project(engine.VisionFeatures(vlm::PreprocessImage(image, model.config())));
  });
  const vlm::GenerationRequest item = model.Request(vlm::VicunaPrompt(question), {image}, 1);
  vlm::GenerationResult prefilled;
  const double prefill = MeanSeconds([&] { prefilled = engine.Generate({item}).front(); }) - encode;

  // Decode: text-only prompts, 1 step (prefill only) against 17 steps; the difference is 16
  // decode steps of the whole batch.
  fmt::print("{}: loaded in {:.1f} s; {:.2f} images/s (preprocess, encode, project); prefill {:.0f} tokens/s "
             "({} positions, image included, {:.3f} s)\n",
             label, load, 1 / encode, prefilled.prompt_positions / prefill, prefilled.prompt_positions, prefill);
  for (int batch : {1, 4}) {
    std::vector<vlm::GenerationRequest> requests;
    for (int i = 0; i < batch; ++i) {
      vlm::GenerationRequest request = model.Request("USER: " + question + " (" + std::to_string(i) + ") ASSISTANT:", {}, 1);
      requests.push_back(request);
    }
    const double one = MeanSeconds([&] { engine.Generate(requests); });
    for (auto& request : requests) request.max_new_tokens = 17;
    int64_t tokens = 0;
    const double many = MeanSeconds([&] {
      tokens = 0;
      for (const vlm::GenerationResult& result : engine.Generate(requests)) tokens += int64_t(result.tokens.size());
    });
    const int64_t decoded = tokens - batch;  // the first token of each comes from the prefill
    fmt::print("{}: decode at batch {}: {:.1f} tokens/s ({} tokens in {:.3f} s after the prefill)\n", label, batch,
               decoded / std::max(1e-9, many - one), decoded, many - one);
  }
}

}  // namespace
}  // namespace spatialgen

int main(int argc, char** argv) {
  using namespace spatialgen;
  bool skip_large = false;
  fs::path work = fs::temp_directory_path() / "spatialgen_vlm_bench";
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--skip-large") == 0) {
      skip_large = true;
    } else if (std::strcmp(argv[i], "--work-dir") == 0 && i + 1 < argc) {
      work = argv[++i];
    } else {
      fmt::print(stderr, "usage: spatialgen_vlm_bench [--skip-large] [--work-dir DIR]\n");
      return 2;
    }
  }
  fmt::print("machine: {} hardware threads\n", std::thread::hardware_concurrency());
  vlm::ModelOptions tiny;
  tiny.model_dir = kSource / "tests/data/vlm/tiny-llava";
  tiny.vision_tower = kSource / "tests/data/vlm/tiny-clip";
  Figures("tiny (0.1 M parameters)", tiny);
  if (skip_large) return 0;

  const auto write_start = Clock::now();
  const int64_t parameters = WriteRandomModel(work / "llava", work / "clip", Shape{});
  fmt::print("random model: {:.2f} B parameters written as bf16 to {} in {:.1f} s\n", parameters / 1e9,
             work.string(), Seconds(write_start));
  vlm::ModelOptions large;
  large.model_dir = work / "llava";
  large.vision_tower = work / "clip";
  Figures(fmt::format("random {:.1f} B", parameters / 1e9), large);
  fs::remove_all(work);
  return 0;
}
