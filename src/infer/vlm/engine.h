#pragma once
// The interface of a LLaVA-1.5 engine (the CPU one here; the CUDA one of part 2 beside it):
// batch-shaped generation, plus the outputs of each stage so engines can be checked against
// a reference and against each other.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "infer/vlm/image_preprocess.h"

namespace spatialgen::vlm {

// A row-major float matrix.
struct FloatMatrix {
  int rows = 0;
  int cols = 0;
  std::vector<float> data;

  FloatMatrix() = default;
  FloatMatrix(int rows_, int cols_) : rows(rows_), cols(cols_), data(size_t(rows_) * cols_) {}
  float* row(int r) { return data.data() + size_t(r) * cols; }
  const float* row(int r) const { return data.data() + size_t(r) * cols; }
};

// One sequence to continue: prompt ids with kImageTokenId where each image goes (in order).
struct GenerationRequest {
  std::vector<int> prompt_ids;
  std::vector<RgbImage> images;
  int max_new_tokens = 512;
};

struct GenerationResult {
  std::vector<int> tokens;    // generated ids, without the EOS
  bool ended_with_eos = false;
  int prompt_positions = 0;   // positions the prompt took (text tokens + image tokens)
};

// Called as each token is generated: (request index, token id); not for the EOS.
using TokenCallback = std::function<void(size_t, int)>;

// Checks a request against the model: image count, token ids, context length. Throws
// std::invalid_argument.
void CheckGenerationRequest(const LlavaConfig& config, const GenerationRequest& request);

class Engine {
 public:
  virtual ~Engine() = default;
  virtual std::string device() const = 0;
  // Requests per Generate call that use the engine well.
  virtual int preferred_batch() const = 0;
  // Greedy decoding of every request (KV cache; stops at EOS or max_new_tokens). Each result
  // equals what the request gets alone. Throws std::invalid_argument when a request does not
  // fit (image count, context length).
  virtual std::vector<GenerationResult> Generate(const std::vector<GenerationRequest>& requests,
                                                 const TokenCallback& on_token = {}) = 0;

  // The stages, one image or prompt at a time.
  // Vision tower features LLaVA takes (select layer, patch tokens): tokens x vision hidden.
  virtual FloatMatrix VisionFeatures(const std::vector<float>& pixels) = 0;
  // The projector applied to vision features: tokens x hidden.
  virtual FloatMatrix Project(const FloatMatrix& features) = 0;
  // Logits at every position of a prompt with its images spliced in: positions x vocab.
  virtual FloatMatrix PromptLogits(const GenerationRequest& request) = 0;
};

}  // namespace spatialgen::vlm
