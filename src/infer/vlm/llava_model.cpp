#include "infer/vlm/llava_model.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "core/error.h"
#include "infer/vlm/cpu_engine.h"

namespace spatialgen::vlm {
namespace {

constexpr const char* kVicunaSystem =
    "A chat between a curious user and an artificial intelligence assistant. The assistant gives helpful, "
    "detailed, and polite answers to the user's questions.";

InputError OptionError(const std::string& field, const std::string& message) {
  return InputError(ErrorLocation{"", "", field}, message);
}

std::string Trim(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

const std::vector<std::string>& DeviceNames() {
  static const std::vector<std::string> names = {"cpu"};
  return names;
}

void ModelOptions::Check() const {
  if (model_dir.empty()) throw OptionError("model", "missing: the LLaVA model folder (--model DIR)");
  const auto& devices = DeviceNames();
  if (std::find(devices.begin(), devices.end(), device) == devices.end()) {
    throw OptionError("device", fmt::format("unknown device '{}' (known: {})", device, fmt::join(devices, ", ")));
  }
  if (batch < 1 || batch > 1024) throw OptionError("batch", "must be in [1, 1024]");
  if (max_new_tokens < 1 || max_new_tokens > 1 << 20) throw OptionError("max_new_tokens", "must be >= 1");
}

std::string VicunaPrompt(const std::string& question) {
  return VicunaConversationPrompt({{true, "<image>\n" + question}});
}

std::string VicunaConversationPrompt(const std::vector<ChatTurn>& turns, const std::string& system) {
  // vicuna_v1: system + " ", then "ROLE: message" + (" " after a user turn, "</s>" after an
  // assistant turn), and "ASSISTANT:" last.
  std::string prompt = (system.empty() ? std::string(kVicunaSystem) : system) + " ";
  for (const ChatTurn& turn : turns) {
    prompt += (turn.from_user ? "USER: " : "ASSISTANT: ") + turn.text + (turn.from_user ? " " : "</s>");
  }
  return prompt + "ASSISTANT:";
}

LlavaModel::LlavaModel(const ModelOptions& options) : options_(options) {
  options_.Check();
  const std::filesystem::path vision = ResolveVisionTower(options_.model_dir, options_.vision_tower);
  config_ = ReadLlavaConfig(options_.model_dir, vision);
  tokenizer_ = std::make_unique<Tokenizer>(options_.model_dir / "tokenizer.model");
  if (tokenizer_->vocab_size() > config_.llama.vocab_size) {
    throw InputError(ErrorLocation{(options_.model_dir / "config.json").string(), "", "vocab_size"},
                     fmt::format("{} but tokenizer.model has {} pieces", config_.llama.vocab_size,
                                 tokenizer_->vocab_size()));
  }
  weights_ = LoadLlavaWeights(config_, options_.model_dir, vision, options_.weights);
  engine_ = std::make_unique<CpuEngine>(config_, weights_, CpuEngineOptions{options_.batch});
  name_ = std::filesystem::absolute(options_.model_dir).lexically_normal().filename().string();
  if (name_.empty()) name_ = std::filesystem::absolute(options_.model_dir).lexically_normal().parent_path().filename().string();
}

GenerationRequest LlavaModel::Request(const std::string& prompt, std::vector<RgbImage> images,
                                      int max_new_tokens) const {
  GenerationRequest request;
  request.prompt_ids = tokenizer_->EncodePrompt(prompt);
  request.images = std::move(images);
  request.max_new_tokens = max_new_tokens;
  return request;
}

std::string LlavaModel::AnswerText(const GenerationResult& result) const {
  return Trim(tokenizer_->Decode(result.tokens));
}

}  // namespace spatialgen::vlm
