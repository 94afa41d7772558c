#pragma once
// LLaVA-1.5's tensors, found and shape-checked in the checkpoints: the language model and the
// projector in the LLaVA folder, the vision tower there too (model.vision_tower.vision_tower.*)
// or else in the CLIP folder (vision_model.*). Matrices are converted to float32 on load when
// that fits the memory budget; otherwise they stay memory-mapped in the checkpoint's dtype and
// are converted a block at a time as they are used.
#include <filesystem>
#include <memory>
#include <vector>

#include "infer/vlm/model_config.h"
#include "infer/vlm/safetensors.h"

namespace spatialgen::vlm {

// A weight matrix of `rows` output features x `cols` input features (torch Linear layout).
struct WeightMatrix {
  int rows = 0;
  int cols = 0;
  std::vector<float> converted;        // float32 copy, when converted on load
  const TensorView* mapped = nullptr;  // else the checkpoint's tensor

  // Rows [first, first + count) as float32: a pointer into `converted`, or converted into
  // `scratch` (resized as needed).
  const float* Rows(int first, int count, std::vector<float>& scratch) const;
};

struct ClipLayerWeights {
  std::vector<float> norm1_weight, norm1_bias, norm2_weight, norm2_bias;
  WeightMatrix q, k, v, out, fc1, fc2;
  std::vector<float> q_bias, k_bias, v_bias, out_bias, fc1_bias, fc2_bias;
};

struct ClipWeights {
  WeightMatrix patch;  // hidden x (3 * patch * patch), the conv kernel flattened (c, y, x)
  std::vector<float> class_embedding, position_embedding;  // hidden; (patches + 1) x hidden
  std::vector<float> pre_norm_weight, pre_norm_bias;
  std::vector<ClipLayerWeights> layers;  // only the layers LLaVA's select layer needs
};

struct ProjectorWeights {
  std::vector<WeightMatrix> linear;  // mlpNx_gelu: N layers with GELU between
  std::vector<std::vector<float>> bias;
};

struct LlamaLayerWeights {
  std::vector<float> input_norm, post_attention_norm;
  WeightMatrix q, k, v, o, gate, up, down;
};

struct LlamaWeights {
  WeightMatrix embed_tokens;  // vocab x hidden (rows gathered)
  WeightMatrix lm_head;       // vocab x hidden
  std::vector<float> norm;
  std::vector<LlamaLayerWeights> layers;
};

struct WeightLoadOptions {
  // Matrices are converted to float32 on load when all of them together take at most this
  // many bytes as float32. Default: half the machine's memory.
  size_t convert_budget_bytes = 0;  // 0: the default
};

struct LlavaWeights {
  std::unique_ptr<Checkpoint> llava;
  std::unique_ptr<Checkpoint> vision;  // null when the LLaVA checkpoint carries the tower
  ClipWeights clip;
  ProjectorWeights projector;
  LlamaWeights llama;
  bool converted_on_load = false;
  std::string vision_source;  // which folder the vision tower's tensors came from
};

// Throws InputError naming the file and the tensor for anything missing or misshapen.
LlavaWeights LoadLlavaWeights(const LlavaConfig& config, const std::filesystem::path& model_dir,
                              const std::filesystem::path& vision_dir, const WeightLoadOptions& options = {});

}  // namespace spatialgen::vlm
