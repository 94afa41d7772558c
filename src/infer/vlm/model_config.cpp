#include "infer/vlm/model_config.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>

#include "core/error.h"

namespace spatialgen::vlm {
namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;

InputError ConfigError(const fs::path& file, const std::string& field, const std::string& message) {
  return InputError(ErrorLocation{file.string(), "", field}, message);
}

Json ReadConfigJson(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw ConfigError(path, "", "missing");
  std::ifstream stream(path);
  const Json json = Json::parse(stream, nullptr, false);
  if (json.is_discarded() || !json.is_object()) throw ConfigError(path, "", "not a JSON object");
  return json;
}

// Typed optional fields: absent or null keeps the default.
template <typename T>
void Field(const Json& json, const fs::path& file, const std::string& key, T& out, const std::string& prefix = "") {
  const auto it = json.find(key);
  if (it == json.end() || it->is_null()) return;
  try {
    if constexpr (std::is_same_v<T, int>) {
      if (!it->is_number_integer()) throw std::invalid_argument("not an integer");
    } else if constexpr (std::is_same_v<T, bool>) {
      if (!it->is_boolean()) throw std::invalid_argument("not a boolean");
    } else if constexpr (std::is_same_v<T, std::string>) {
      if (!it->is_string()) throw std::invalid_argument("not a string");
    } else {
      if (!it->is_number()) throw std::invalid_argument("not a number");
    }
    out = it->get<T>();
  } catch (const std::exception& e) {
    throw ConfigError(file, prefix + key, std::string(e.what()) + ": " + it->dump());
  }
}

void Positive(const fs::path& file, const std::string& field, int value) {
  if (value <= 0) throw ConfigError(file, field, fmt::format("must be > 0, is {}", value));
}

ImageProcessorConfig ReadProcessor(const fs::path& path, const ClipVisionConfig& vision) {
  ImageProcessorConfig processor;
  processor.shortest_edge = processor.crop_height = processor.crop_width = vision.image_size;
  std::error_code ec;
  if (!fs::exists(path, ec)) return processor;  // CLIP's defaults at the tower's image size
  const Json json = ReadConfigJson(path);
  if (const auto size = json.find("size"); size != json.end()) {
    if (size->is_number_integer()) {
      processor.shortest_edge = size->get<int>();
    } else if (size->is_object() && size->contains("shortest_edge")) {
      Field(*size, path, "shortest_edge", processor.shortest_edge, "size.");
    } else {
      throw ConfigError(path, "size", "expected an integer or {\"shortest_edge\": N}: " + size->dump());
    }
  }
  if (const auto crop = json.find("crop_size"); crop != json.end()) {
    if (crop->is_number_integer()) {
      processor.crop_height = processor.crop_width = crop->get<int>();
    } else if (crop->is_object()) {
      Field(*crop, path, "height", processor.crop_height, "crop_size.");
      Field(*crop, path, "width", processor.crop_width, "crop_size.");
    } else {
      throw ConfigError(path, "crop_size", "expected an integer or {\"height\", \"width\"}: " + crop->dump());
    }
  }
  Field(json, path, "do_resize", processor.do_resize);
  Field(json, path, "do_center_crop", processor.do_center_crop);
  Field(json, path, "do_normalize", processor.do_normalize);
  int resample = 3;
  Field(json, path, "resample", resample);
  if (resample != 3) throw ConfigError(path, "resample", fmt::format("{}: only 3 (bicubic) is supported", resample));
  for (const char* key : {"image_mean", "image_std"}) {
    const auto it = json.find(key);
    if (it == json.end()) continue;
    if (!it->is_array() || it->size() != 3) throw ConfigError(path, key, "expected 3 numbers");
    double* out = std::string(key) == "image_mean" ? processor.mean : processor.std;
    for (int c = 0; c < 3; ++c) {
      if (!(*it)[c].is_number()) throw ConfigError(path, key, "expected 3 numbers");
      out[c] = (*it)[c].get<double>();
    }
  }
  for (int c = 0; c < 3; ++c) {
    if (!(processor.std[c] > 0)) throw ConfigError(path, "image_std", "must be > 0");
  }
  Positive(path, "size", processor.shortest_edge);
  Positive(path, "crop_size.height", processor.crop_height);
  Positive(path, "crop_size.width", processor.crop_width);
  // The vision tower sees the crop: it must be the tower's image size.
  const int seen_h = processor.do_center_crop ? processor.crop_height : processor.shortest_edge;
  const int seen_w = processor.do_center_crop ? processor.crop_width : processor.shortest_edge;
  if (seen_h != vision.image_size || seen_w != vision.image_size) {
    throw ConfigError(path, "crop_size",
                      fmt::format("{}x{} pixels reach the vision tower, whose image_size is {}", seen_w,
                                  seen_h, vision.image_size));
  }
  return processor;
}

ClipVisionConfig ReadVision(const fs::path& path) {
  const Json json = ReadConfigJson(path);
  // A CLIPConfig nests the tower under vision_config; a CLIPVisionConfig is the tower itself.
  const bool nested = json.contains("vision_config") && json["vision_config"].is_object();
  const Json& tower = nested ? json["vision_config"] : json;
  const std::string prefix = nested ? "vision_config." : "";
  ClipVisionConfig vision;
  Field(tower, path, "hidden_size", vision.hidden_size, prefix);
  Field(tower, path, "intermediate_size", vision.intermediate_size, prefix);
  Field(tower, path, "num_hidden_layers", vision.num_hidden_layers, prefix);
  Field(tower, path, "num_attention_heads", vision.num_attention_heads, prefix);
  Field(tower, path, "image_size", vision.image_size, prefix);
  Field(tower, path, "patch_size", vision.patch_size, prefix);
  Field(tower, path, "layer_norm_eps", vision.layer_norm_eps, prefix);
  Field(tower, path, "hidden_act", vision.hidden_act, prefix);
  int channels = 3;
  Field(tower, path, "num_channels", channels, prefix);
  if (channels != 3) throw ConfigError(path, prefix + "num_channels", "must be 3 (RGB)");
  for (const auto& [field, value] : {std::pair{"hidden_size", vision.hidden_size},
                                     {"intermediate_size", vision.intermediate_size},
                                     {"num_hidden_layers", vision.num_hidden_layers},
                                     {"num_attention_heads", vision.num_attention_heads},
                                     {"image_size", vision.image_size},
                                     {"patch_size", vision.patch_size}}) {
    Positive(path, prefix + field, value);
  }
  if (vision.hidden_size % vision.num_attention_heads != 0) {
    throw ConfigError(path, prefix + "num_attention_heads",
                      fmt::format("{} does not divide hidden_size {}", vision.num_attention_heads, vision.hidden_size));
  }
  if (vision.image_size % vision.patch_size != 0) {
    throw ConfigError(path, prefix + "patch_size",
                      fmt::format("{} does not divide image_size {}", vision.patch_size, vision.image_size));
  }
  if (vision.hidden_act != "quick_gelu" && vision.hidden_act != "gelu") {
    throw ConfigError(path, prefix + "hidden_act", "'" + vision.hidden_act + "': expected quick_gelu or gelu");
  }
  return vision;
}

}  // namespace

int LlavaConfig::vision_layers_used() const {
  return mm_vision_select_layer < 0 ? vision.num_hidden_layers + 1 + mm_vision_select_layer
                                    : mm_vision_select_layer;
}

LlavaConfig ReadLlavaConfig(const fs::path& model_dir, const fs::path& vision_dir) {
  const fs::path path = model_dir / "config.json";
  const Json json = ReadConfigJson(path);
  LlavaConfig config;
  LlamaConfig& llama = config.llama;
  Field(json, path, "hidden_size", llama.hidden_size);
  Field(json, path, "intermediate_size", llama.intermediate_size);
  Field(json, path, "num_hidden_layers", llama.num_hidden_layers);
  Field(json, path, "num_attention_heads", llama.num_attention_heads);
  llama.num_key_value_heads = llama.num_attention_heads;
  Field(json, path, "num_key_value_heads", llama.num_key_value_heads);
  Field(json, path, "rms_norm_eps", llama.rms_norm_eps);
  Field(json, path, "rope_theta", llama.rope_theta);
  Field(json, path, "max_position_embeddings", llama.max_position_embeddings);
  Field(json, path, "vocab_size", llama.vocab_size);
  Field(json, path, "tie_word_embeddings", llama.tie_word_embeddings);
  Field(json, path, "bos_token_id", llama.bos_token_id);
  Field(json, path, "eos_token_id", llama.eos_token_id);
  std::string act = "silu";
  Field(json, path, "hidden_act", act);
  if (act != "silu") throw ConfigError(path, "hidden_act", "'" + act + "': Llama models use silu");
  if (json.contains("rope_scaling") && !json["rope_scaling"].is_null()) {
    throw ConfigError(path, "rope_scaling", "is not supported (LLaVA-1.5 has none): " + json["rope_scaling"].dump());
  }
  if (json.value("attention_bias", false)) throw ConfigError(path, "attention_bias", "true is not supported");
  for (const auto& [field, value] : {std::pair{"hidden_size", llama.hidden_size},
                                     {"intermediate_size", llama.intermediate_size},
                                     {"num_hidden_layers", llama.num_hidden_layers},
                                     {"num_attention_heads", llama.num_attention_heads},
                                     {"num_key_value_heads", llama.num_key_value_heads},
                                     {"max_position_embeddings", llama.max_position_embeddings},
                                     {"vocab_size", llama.vocab_size}}) {
    Positive(path, field, value);
  }
  if (llama.hidden_size % llama.num_attention_heads != 0 || llama.head_dim() % 2 != 0) {
    throw ConfigError(path, "num_attention_heads",
                      fmt::format("hidden_size {} / num_attention_heads {} must be an even integer",
                                  llama.hidden_size, llama.num_attention_heads));
  }
  if (llama.num_attention_heads % llama.num_key_value_heads != 0) {
    throw ConfigError(path, "num_key_value_heads",
                      fmt::format("{} does not divide num_attention_heads {}", llama.num_key_value_heads,
                                  llama.num_attention_heads));
  }
  if (!(llama.rms_norm_eps > 0) || !(llama.rope_theta > 0)) {
    throw ConfigError(path, "rms_norm_eps", "rms_norm_eps and rope_theta must be > 0");
  }

  Field(json, path, "mm_vision_tower", config.mm_vision_tower);
  if (config.mm_vision_tower.empty()) Field(json, path, "vision_tower", config.mm_vision_tower);
  if (config.mm_vision_tower.empty()) {
    throw ConfigError(path, "mm_vision_tower", "missing: this is not a LLaVA config (no vision tower)");
  }
  Field(json, path, "mm_hidden_size", config.mm_hidden_size);
  Field(json, path, "mm_projector_type", config.mm_projector_type);
  std::smatch match;
  static const std::regex kMlp("^mlp([0-9]+)x_gelu$");
  if (config.mm_projector_type == "linear") {
    config.projector_depth = 1;
  } else if (std::regex_match(config.mm_projector_type, match, kMlp) && std::stoi(match[1]) >= 1) {
    config.projector_depth = std::stoi(match[1]);
  } else {
    throw ConfigError(path, "mm_projector_type", "'" + config.mm_projector_type + "': expected linear or mlpNx_gelu");
  }
  Field(json, path, "mm_vision_select_layer", config.mm_vision_select_layer);
  std::string feature = "patch";
  Field(json, path, "mm_vision_select_feature", feature);
  if (feature != "patch" && feature != "cls_patch") {
    throw ConfigError(path, "mm_vision_select_feature", "'" + feature + "': expected patch or cls_patch");
  }
  config.select_patch_only = feature == "patch";
  std::string aspect;
  Field(json, path, "image_aspect_ratio", aspect);
  if (aspect != "" && aspect != "pad" && aspect != "square") {
    throw ConfigError(path, "image_aspect_ratio", "'" + aspect + "': expected pad or square (anyres is LLaVA-1.6)");
  }
  config.pad_to_square = aspect == "pad";
  bool start_end = false;
  Field(json, path, "mm_use_im_start_end", start_end);
  if (start_end) throw ConfigError(path, "mm_use_im_start_end", "true is not supported (LLaVA-1.5 uses false)");

  const fs::path vision_path = vision_dir / "config.json";
  config.vision = ReadVision(vision_path);
  config.processor = ReadProcessor(vision_dir / "preprocessor_config.json", config.vision);
  if (config.mm_hidden_size != config.vision.hidden_size) {
    throw ConfigError(path, "mm_hidden_size",
                      fmt::format("{} but the vision tower ({}) has hidden_size {}", config.mm_hidden_size,
                                  vision_path.string(), config.vision.hidden_size));
  }
  const int layers = config.vision.num_hidden_layers;
  if (config.mm_vision_select_layer < -(layers + 1) || config.mm_vision_select_layer > layers) {
    throw ConfigError(path, "mm_vision_select_layer",
                      fmt::format("{} is outside the vision tower's {} layers", config.mm_vision_select_layer, layers));
  }
  return config;
}

fs::path ResolveVisionTower(const fs::path& model_dir, const fs::path& given) {
  std::error_code ec;
  if (!given.empty()) {
    if (!fs::is_directory(given, ec)) {
      throw InputError(ErrorLocation{given.string(), "", "vision_tower"}, "no such folder");
    }
    return given;
  }
  const fs::path path = model_dir / "config.json";
  const Json json = ReadConfigJson(path);
  const std::string name = json.value("mm_vision_tower", json.value("vision_tower", std::string()));
  for (const fs::path& candidate : {fs::path(name), model_dir / name}) {
    if (!name.empty() && fs::is_directory(candidate, ec) && fs::exists(candidate / "config.json", ec)) {
      return candidate;
    }
  }
  throw ConfigError(path, "mm_vision_tower",
                    "'" + name + "' is not a local folder: download the CLIP vision tower it names and pass "
                    "its folder with --vision-tower DIR (docs/inference.md)");
}

}  // namespace spatialgen::vlm
