#pragma once
// A LLaVA-1.5 model ready to answer: its configuration, tokenizer, weights and an engine,
// loaded from a model folder (and the CLIP vision tower folder), with the vicuna_v1 prompt
// RoboPoint was trained with.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "infer/vlm/engine.h"
#include "infer/vlm/llava_weights.h"
#include "infer/vlm/model_config.h"
#include "infer/vlm/tokenizer.h"

namespace spatialgen::vlm {

struct ModelOptions {
  std::filesystem::path model_dir;     // LLaVA folder: config.json, *.safetensors, tokenizer.model
  std::filesystem::path vision_tower;  // CLIP folder; empty: config.json's mm_vision_tower if local
  std::string device = "cpu";          // "cpu" or "cuda" (device 0)
  std::string dtype = "auto";          // matrix operands: auto (cpu: float32, cuda: bfloat16),
                                       // float32, bfloat16, float16 (cuda only for 16-bit)
  int batch = 4;                       // requests per engine call
  int kv_positions = 0;                // cuda: KV cache positions per sequence; 0: the model's context
  int max_new_tokens = 512;            // longest answer, in tokens
  WeightLoadOptions weights;

  // Throws InputError naming the first bad field.
  void Check() const;
};

// The names --device and --dtype take.
const std::vector<std::string>& DeviceNames();
const std::vector<std::string>& DtypeNames();

// RoboPoint's vicuna_v1 prompt for one question about one image.
std::string VicunaPrompt(const std::string& question);

// One turn of a conversation for VicunaConversationPrompt.
struct ChatTurn {
  bool from_user = true;
  std::string text;  // with "<image>\n" placeholders for the images it carries
};

// The vicuna_v1 prompt of a conversation: system text (default: vicuna's), then
// "USER: ... ASSISTANT: ...</s>" turns, ending with "ASSISTANT:" for the reply to generate.
std::string VicunaConversationPrompt(const std::vector<ChatTurn>& turns, const std::string& system = "");

class LlavaModel {
 public:
  // Loads everything. Throws InputError naming the file and field or tensor when the folders
  // are not a usable LLaVA-1.5 model.
  explicit LlavaModel(const ModelOptions& options);
  LlavaModel(const LlavaModel&) = delete;  // the engine refers to the weights it holds
  LlavaModel& operator=(const LlavaModel&) = delete;

  const ModelOptions& options() const { return options_; }
  const LlavaConfig& config() const { return config_; }
  const Tokenizer& tokenizer() const { return *tokenizer_; }
  Engine& engine() { return *engine_; }
  const LlavaWeights& weights() const { return weights_; }
  // The name recorded with predictions and served: the model folder's name.
  const std::string& name() const { return name_; }

  // A request for `prompt` (with <image> placeholders) and its images.
  GenerationRequest Request(const std::string& prompt, std::vector<RgbImage> images, int max_new_tokens) const;
  // The answer text of a result, as LLaVA's model_vqa.py prints it (special ids skipped, trimmed).
  std::string AnswerText(const GenerationResult& result) const;

 private:
  ModelOptions options_;
  LlavaConfig config_;
  std::unique_ptr<Tokenizer> tokenizer_;
  LlavaWeights weights_;
  std::unique_ptr<Engine> engine_;
  std::string name_;
};

}  // namespace spatialgen::vlm
