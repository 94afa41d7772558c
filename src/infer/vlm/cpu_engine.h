#pragma once
// The CPU engine: LLaVA-1.5 in float32 on the CPU, Eigen for the matrix products and TBB
// across output features, heads and images. The reference the GPU engine is checked against:
// exact on small models, slow on a 7B one (see docs/inference.md for figures).
#include <memory>

#include "infer/vlm/engine.h"
#include "infer/vlm/kv_cache.h"
#include "infer/vlm/llava_weights.h"

namespace spatialgen::vlm {

struct CpuEngineOptions {
  int batch = 4;  // preferred requests per Generate call
};

class CpuEngine : public Engine {
 public:
  // `config` and `weights` must outlive the engine.
  CpuEngine(const LlavaConfig& config, const LlavaWeights& weights, CpuEngineOptions options = {});

  std::string device() const override { return "cpu"; }
  int preferred_batch() const override { return options_.batch; }
  std::vector<GenerationResult> Generate(const std::vector<GenerationRequest>& requests,
                                         const TokenCallback& on_token = {}) override;
  FloatMatrix VisionFeatures(const std::vector<float>& pixels) override;
  FloatMatrix Project(const FloatMatrix& features) override;
  FloatMatrix PromptLogits(const GenerationRequest& request) override;

 private:
  // Rows of the decoder input that belong to one sequence: cache slot, first position, count.
  struct Segment {
    int slot;
    int start;
    int rows;
  };
  struct KvCache {
    KvCacheLayout layout;
    std::vector<float> k, v;
  };

  // Vision features of several preprocessed images (each 3 x size x size), one matrix each.
  std::vector<FloatMatrix> VisionBatch(const std::vector<const std::vector<float>*>& pixels);
  // Projected image embeddings of every image of every request, per request.
  std::vector<std::vector<FloatMatrix>> EmbedImages(const std::vector<GenerationRequest>& requests);
  // The input embeddings of a prompt with its images spliced in.
  FloatMatrix EmbedPrompt(const GenerationRequest& request, const std::vector<FloatMatrix>& images);
  // Token embedding rows.
  FloatMatrix EmbedTokens(const std::vector<int>& ids);
  // Runs the decoder layers on x in place, appending each segment's keys and values to the cache.
  void Decode(FloatMatrix& x, const std::vector<Segment>& segments, KvCache& cache);
  // Final norm and lm_head on the given rows of x.
  FloatMatrix Logits(const FloatMatrix& x, const std::vector<int>& rows);

  const LlavaConfig& config_;
  const LlavaWeights& weights_;
  CpuEngineOptions options_;
};

}  // namespace spatialgen::vlm
