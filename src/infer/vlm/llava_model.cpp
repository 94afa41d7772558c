#include "infer/vlm/llava_model.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "core/error.h"
#include "infer/vlm/cpu_engine.h"
#include "infer/vlm/device_engine.h"
#if SPATIALGEN_HAVE_CUDA
#include "infer/vlm/cuda/cuda_device.h"
#endif

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
  static const std::vector<std::string> names = {"cpu", "cuda"};
  return names;
}

const std::vector<std::string>& DtypeNames() {
  static const std::vector<std::string> names = {"auto", "float32", "bfloat16", "float16"};
  return names;
}

namespace {

#if SPATIALGEN_HAVE_CUDA
ComputeType CudaComputeType(const std::string& dtype) {
  if (dtype == "float32") return ComputeType::kFloat32;
  if (dtype == "float16") return ComputeType::kFloat16;
  return ComputeType::kBfloat16;
}
#endif

// Fails fast, before the weights load, when --device cuda cannot work here.
void CheckCudaAvailable() {
#if SPATIALGEN_HAVE_CUDA
  if (CudaDeviceCount() < 1) {
    throw OptionError("device", "cuda: no CUDA device is visible (no NVIDIA driver or no GPU on this machine)");
  }
#else
  throw OptionError("device",
                    "cuda: this build has no CUDA engine (CMake found no nvcc when it was configured; install "
                    "CUDA 13 at /usr/local/cuda and configure again)");
#endif
}

}  // namespace

void ModelOptions::Check() const {
  if (model_dir.empty()) throw OptionError("model", "missing: the LLaVA model folder (--model DIR)");
  const auto& devices = DeviceNames();
  if (std::find(devices.begin(), devices.end(), device) == devices.end()) {
    throw OptionError("device", fmt::format("unknown device '{}' (known: {})", device, fmt::join(devices, ", ")));
  }
  const auto& dtypes = DtypeNames();
  if (std::find(dtypes.begin(), dtypes.end(), dtype) == dtypes.end()) {
    throw OptionError("dtype", fmt::format("unknown dtype '{}' (known: {})", dtype, fmt::join(dtypes, ", ")));
  }
  if (device == "cpu" && dtype != "auto" && dtype != "float32") {
    throw OptionError("dtype", fmt::format("'{}': the CPU engine computes in float32", dtype));
  }
  if (batch < 1 || batch > 1024) throw OptionError("batch", "must be in [1, 1024]");
  if (kv_positions < 0) throw OptionError("kv_positions", "must be >= 0 (0: the model's context)");
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
  if (options_.device == "cuda") {
    CheckCudaAvailable();
    // Weights stay memory-mapped and go to the GPU a block at a time.
    if (options_.weights.convert_budget_bytes == 0) options_.weights.convert_budget_bytes = 1;
  }
  const std::filesystem::path vision = ResolveVisionTower(options_.model_dir, options_.vision_tower);
  config_ = ReadLlavaConfig(options_.model_dir, vision);
  tokenizer_ = std::make_unique<Tokenizer>(options_.model_dir / "tokenizer.model");
  if (tokenizer_->vocab_size() > config_.llama.vocab_size) {
    throw InputError(ErrorLocation{(options_.model_dir / "config.json").string(), "", "vocab_size"},
                     fmt::format("{} but tokenizer.model has {} pieces", config_.llama.vocab_size,
                                 tokenizer_->vocab_size()));
  }
  weights_ = LoadLlavaWeights(config_, options_.model_dir, vision, options_.weights);
#if SPATIALGEN_HAVE_CUDA
  if (options_.device == "cuda") {
    DeviceEngineOptions engine_options;
    engine_options.batch = options_.batch;
    engine_options.cache_positions = options_.kv_positions;
    engine_ = std::make_unique<DeviceEngine>(config_, weights_, MakeCudaDevice(CudaComputeType(options_.dtype)),
                                             engine_options);
  }
#endif
  if (!engine_) engine_ = std::make_unique<CpuEngine>(config_, weights_, CpuEngineOptions{options_.batch});
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
