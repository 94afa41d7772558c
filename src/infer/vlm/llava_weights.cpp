#include "infer/vlm/llava_weights.h"

#include <unistd.h>

#include <fmt/format.h>
#include <tbb/parallel_for.h>

namespace spatialgen::vlm {
namespace {

namespace fs = std::filesystem;

constexpr const char* kEmbeddedVision = "model.vision_tower.vision_tower.vision_model.";
constexpr const char* kClipVision = "vision_model.";

size_t DefaultBudget() {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  return pages > 0 && page > 0 ? size_t(pages) * size_t(page) / 2 : size_t(8) << 30;
}

// Finds tensors under a prefix, checks their shapes, and collects the matrices so they can be
// converted together once all are found.
class Loader {
 public:
  Loader(const Checkpoint& checkpoint, std::string prefix, std::string why)
      : checkpoint_(checkpoint), prefix_(std::move(prefix)), why_(std::move(why)) {}

  std::vector<float> Vector(const std::string& name, int64_t size) {
    return ToFloats(checkpoint_.Require(prefix_ + name, {size}, why_));
  }
  std::vector<float> Table(const std::string& name, int64_t rows, int64_t cols) {
    return ToFloats(checkpoint_.Require(prefix_ + name, {rows, cols}, why_));
  }
  void Matrix(const std::string& name, int64_t rows, int64_t cols, WeightMatrix& out,
              std::vector<WeightMatrix*>& all) {
    out.rows = int(rows);
    out.cols = int(cols);
    out.mapped = &checkpoint_.Require(prefix_ + name, {rows, cols}, why_);
    all.push_back(&out);
  }
  void Conv(const std::string& name, int64_t out_channels, int64_t patch, WeightMatrix& out,
            std::vector<WeightMatrix*>& all) {
    out.rows = int(out_channels);
    out.cols = int(3 * patch * patch);
    out.mapped = &checkpoint_.Require(prefix_ + name, {out_channels, 3, patch, patch}, why_);
    all.push_back(&out);
  }

 private:
  const Checkpoint& checkpoint_;
  std::string prefix_;
  std::string why_;
};

}  // namespace

const float* WeightMatrix::Rows(int first, int count, std::vector<float>& scratch) const {
  if (!converted.empty()) return converted.data() + size_t(first) * cols;
  scratch.resize(size_t(count) * cols);
  ConvertToFloat(*mapped, size_t(first) * cols, size_t(count) * cols, scratch.data());
  return scratch.data();
}

LlavaWeights LoadLlavaWeights(const LlavaConfig& config, const fs::path& model_dir, const fs::path& vision_dir,
                              const WeightLoadOptions& options) {
  LlavaWeights weights;
  weights.llava = std::make_unique<Checkpoint>(model_dir);
  std::vector<WeightMatrix*> matrices;

  const LlamaConfig& l = config.llama;
  const std::string why = (model_dir / "config.json").string();
  Loader llava(*weights.llava, "", why);
  const int64_t d = l.hidden_size, kv = int64_t(l.num_key_value_heads) * l.head_dim();
  llava.Matrix("model.embed_tokens.weight", l.vocab_size, d, weights.llama.embed_tokens, matrices);
  llava.Matrix(l.tie_word_embeddings ? "model.embed_tokens.weight" : "lm_head.weight", l.vocab_size, d,
               weights.llama.lm_head, matrices);
  weights.llama.norm = llava.Vector("model.norm.weight", d);
  weights.llama.layers.resize(l.num_hidden_layers);
  for (int i = 0; i < l.num_hidden_layers; ++i) {
    LlamaLayerWeights& layer = weights.llama.layers[i];
    const std::string p = fmt::format("model.layers.{}.", i);
    layer.input_norm = llava.Vector(p + "input_layernorm.weight", d);
    layer.post_attention_norm = llava.Vector(p + "post_attention_layernorm.weight", d);
    llava.Matrix(p + "self_attn.q_proj.weight", d, d, layer.q, matrices);
    llava.Matrix(p + "self_attn.k_proj.weight", kv, d, layer.k, matrices);
    llava.Matrix(p + "self_attn.v_proj.weight", kv, d, layer.v, matrices);
    llava.Matrix(p + "self_attn.o_proj.weight", d, d, layer.o, matrices);
    llava.Matrix(p + "mlp.gate_proj.weight", l.intermediate_size, d, layer.gate, matrices);
    llava.Matrix(p + "mlp.up_proj.weight", l.intermediate_size, d, layer.up, matrices);
    llava.Matrix(p + "mlp.down_proj.weight", d, l.intermediate_size, layer.down, matrices);
  }
  weights.projector.linear.resize(config.projector_depth);
  weights.projector.bias.resize(config.projector_depth);
  for (int i = 0; i < config.projector_depth; ++i) {
    // nn.Sequential(Linear, GELU, Linear, ...): the linear layers are at indices 0, 2, 4...
    const std::string p = config.projector_depth == 1 ? "model.mm_projector." : fmt::format("model.mm_projector.{}.", 2 * i);
    const int64_t in = i == 0 ? config.mm_hidden_size : d;
    llava.Matrix(p + "weight", d, in, weights.projector.linear[i], matrices);
    weights.projector.bias[i] = llava.Vector(p + "bias", d);
  }

  const ClipVisionConfig& v = config.vision;
  const bool embedded = weights.llava->HasPrefix(kEmbeddedVision);
  if (!embedded) weights.vision = std::make_unique<Checkpoint>(vision_dir);
  const Checkpoint& vision_checkpoint = embedded ? *weights.llava : *weights.vision;
  weights.vision_source = vision_checkpoint.folder().string();
  Loader clip(vision_checkpoint, embedded ? kEmbeddedVision : kClipVision, (vision_dir / "config.json").string());
  const int64_t dv = v.hidden_size;
  clip.Conv("embeddings.patch_embedding.weight", dv, v.patch_size, weights.clip.patch, matrices);
  weights.clip.class_embedding = clip.Vector("embeddings.class_embedding", dv);
  weights.clip.position_embedding = clip.Table("embeddings.position_embedding.weight", v.patches() + 1, dv);
  weights.clip.pre_norm_weight = clip.Vector("pre_layrnorm.weight", dv);
  weights.clip.pre_norm_bias = clip.Vector("pre_layrnorm.bias", dv);
  weights.clip.layers.resize(config.vision_layers_used());
  for (int i = 0; i < config.vision_layers_used(); ++i) {
    ClipLayerWeights& layer = weights.clip.layers[i];
    const std::string p = fmt::format("encoder.layers.{}.", i);
    layer.norm1_weight = clip.Vector(p + "layer_norm1.weight", dv);
    layer.norm1_bias = clip.Vector(p + "layer_norm1.bias", dv);
    layer.norm2_weight = clip.Vector(p + "layer_norm2.weight", dv);
    layer.norm2_bias = clip.Vector(p + "layer_norm2.bias", dv);
    clip.Matrix(p + "self_attn.q_proj.weight", dv, dv, layer.q, matrices);
    clip.Matrix(p + "self_attn.k_proj.weight", dv, dv, layer.k, matrices);
    clip.Matrix(p + "self_attn.v_proj.weight", dv, dv, layer.v, matrices);
    clip.Matrix(p + "self_attn.out_proj.weight", dv, dv, layer.out, matrices);
    layer.q_bias = clip.Vector(p + "self_attn.q_proj.bias", dv);
    layer.k_bias = clip.Vector(p + "self_attn.k_proj.bias", dv);
    layer.v_bias = clip.Vector(p + "self_attn.v_proj.bias", dv);
    layer.out_bias = clip.Vector(p + "self_attn.out_proj.bias", dv);
    clip.Matrix(p + "mlp.fc1.weight", v.intermediate_size, dv, layer.fc1, matrices);
    clip.Matrix(p + "mlp.fc2.weight", dv, v.intermediate_size, layer.fc2, matrices);
    layer.fc1_bias = clip.Vector(p + "mlp.fc1.bias", v.intermediate_size);
    layer.fc2_bias = clip.Vector(p + "mlp.fc2.bias", dv);
  }

  size_t float_bytes = 0;
  for (const WeightMatrix* m : matrices) float_bytes += size_t(m->rows) * m->cols * sizeof(float);
  const size_t budget = options.convert_budget_bytes ? options.convert_budget_bytes : DefaultBudget();
  weights.converted_on_load = float_bytes <= budget;
  if (weights.converted_on_load) {
    tbb::parallel_for(size_t(0), matrices.size(), [&](size_t i) {
      matrices[i]->converted = ToFloats(*matrices[i]->mapped);
    });
  }
  return weights;
}

}  // namespace spatialgen::vlm
