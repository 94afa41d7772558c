#pragma once
// The configuration of a LLaVA-1.5 model as its folders spell it: the LLaVA config.json
// (Llama fields plus the mm_* fields), the CLIP folder's config.json (a CLIPConfig with a
// vision_config, or a CLIPVisionConfig) and its preprocessor_config.json. Missing fields take
// the Hugging Face defaults; values that cannot work together are InputErrors naming the file
// and the field.
#include <filesystem>
#include <string>
#include <vector>

namespace spatialgen::vlm {

struct LlamaConfig {
  int hidden_size = 4096;
  int intermediate_size = 11008;
  int num_hidden_layers = 32;
  int num_attention_heads = 32;
  int num_key_value_heads = 32;  // defaults to num_attention_heads
  float rms_norm_eps = 1e-6f;
  float rope_theta = 10000.0f;
  int max_position_embeddings = 2048;
  int vocab_size = 32000;
  bool tie_word_embeddings = false;
  int bos_token_id = 1;
  int eos_token_id = 2;

  int head_dim() const { return hidden_size / num_attention_heads; }
};

struct ClipVisionConfig {
  int hidden_size = 768;
  int intermediate_size = 3072;
  int num_hidden_layers = 12;
  int num_attention_heads = 12;
  int image_size = 224;
  int patch_size = 32;
  float layer_norm_eps = 1e-5f;
  std::string hidden_act = "quick_gelu";  // or "gelu"

  int patches_per_side() const { return image_size / patch_size; }
  int patches() const { return patches_per_side() * patches_per_side(); }
  int head_dim() const { return hidden_size / num_attention_heads; }
};

// CLIPImageProcessor's settings (bicubic resampling is the only one supported).
struct ImageProcessorConfig {
  int shortest_edge = 224;
  int crop_height = 224;
  int crop_width = 224;
  bool do_resize = true;
  bool do_center_crop = true;
  bool do_normalize = true;
  double mean[3] = {0.48145466, 0.4578275, 0.40821073};
  double std[3] = {0.26862954, 0.26130258, 0.27577711};
};

struct LlavaConfig {
  LlamaConfig llama;
  ClipVisionConfig vision;
  ImageProcessorConfig processor;
  std::string mm_vision_tower;          // as config.json names it
  int mm_hidden_size = 1024;
  std::string mm_projector_type = "linear";
  int projector_depth = 1;              // mlpNx_gelu: N linear layers; linear: 1
  int mm_vision_select_layer = -2;
  bool select_patch_only = true;        // mm_vision_select_feature "patch" (else "cls_patch")
  bool pad_to_square = false;           // image_aspect_ratio "pad"

  // The hidden state of the vision tower LLaVA takes: 0 = the embeddings after pre_layrnorm,
  // k = after encoder layer k. Only that many layers need to run.
  int vision_layers_used() const;
  // Image tokens one image becomes in the language model.
  int image_tokens() const { return vision.patches() + (select_patch_only ? 0 : 1); }
};

// Reads `model_dir`/config.json, and the vision tower's config.json and preprocessor_config.json
// from `vision_dir`. Throws InputError naming the file and field on a bad or inconsistent value.
LlavaConfig ReadLlavaConfig(const std::filesystem::path& model_dir, const std::filesystem::path& vision_dir);

// The vision tower folder to use: `given` when not empty, else config.json's mm_vision_tower
// when it names an existing folder (absolute, or relative to the model folder or the working
// directory). Throws InputError saying to pass --vision-tower otherwise.
std::filesystem::path ResolveVisionTower(const std::filesystem::path& model_dir,
                                         const std::filesystem::path& given);

}  // namespace spatialgen::vlm
