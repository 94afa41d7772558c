#pragma once
// LLaVA-1.5 on a device layer (vlm_device.h): the CUDA engine when the layer is CudaDevice.
// Weights are uploaded once in the device's compute type (q, k, v and gate, up fused into one
// matrix each); the KV cache is allocated once, as many slots as the free memory holds up to
// `batch`; one activation workspace serves the vision tower and the decoder.
//
// Generate: requests a group of `slots` at a time; every image of the group through the tower
// and projector; the prompts (image rows spliced in) prefilled together in passes of at most
// max_pass_rows rows; then one decode pass per step over the sequences still running, each
// sequence leaving the batch at its EOS or its token limit.
#include <memory>
#include <vector>

#include "infer/vlm/device_plan.h"
#include "infer/vlm/engine.h"
#include "infer/vlm/llava_weights.h"
#include "infer/vlm/vlm_device.h"

namespace spatialgen::vlm {

struct DeviceEngineOptions {
  int batch = 8;               // KV cache slots wanted: requests prefilled and decoded together
  int max_pass_rows = 8192;    // decoder rows per pass (sizes the activation workspace)
  int cache_positions = 0;     // positions per slot; 0: the model's context
  double cache_memory_fraction = 0.9;  // of the memory left after weights and workspace

  // Throws std::invalid_argument naming the field.
  void Check() const;
};

// Seconds the last Generate call spent per stage (device work waited for at each boundary).
struct StageSeconds {
  double images = 0;   // preprocessing, vision tower, projector
  double prefill = 0;  // prompt passes, first token
  double decode = 0;   // the decode steps
  int decode_steps = 0;
  long decoded_tokens = 0;  // rows of the decode steps
};

class DeviceEngine : public Engine {
 public:
  // Uploads `weights`; `config` must outlive the engine, `weights` need not.
  DeviceEngine(const LlavaConfig& config, const LlavaWeights& weights, std::unique_ptr<VlmDevice> device,
               DeviceEngineOptions options = {});
  // Weights drawn on the device from `seed` (benchmarks of a model's shapes).
  DeviceEngine(const LlavaConfig& config, uint64_t seed, std::unique_ptr<VlmDevice> device,
               DeviceEngineOptions options = {});
  ~DeviceEngine() override;
  DeviceEngine(const DeviceEngine&) = delete;
  DeviceEngine& operator=(const DeviceEngine&) = delete;

  std::string device() const override;
  int preferred_batch() const override { return slots_; }
  std::vector<GenerationResult> Generate(const std::vector<GenerationRequest>& requests,
                                         const TokenCallback& on_token = {}) override;
  FloatMatrix VisionFeatures(const std::vector<float>& pixels) override;
  FloatMatrix Project(const FloatMatrix& features) override;
  FloatMatrix PromptLogits(const GenerationRequest& request) override;

  const StageSeconds& last_stage_seconds() const { return stages_; }
  size_t weight_bytes() const { return weight_bytes_; }
  size_t cache_bytes() const { return cache_bytes_; }
  size_t workspace_bytes() const { return workspace_bytes_; }
  int cache_positions() const { return layout_.capacity; }
  VlmDevice& device_layer() { return *device_; }

 private:
  struct Linear {
    DeviceSpan w, bias;  // out x in (compute); out (float32) or empty
    int out = 0, in = 0;
  };
  struct VisionLayer {
    DeviceSpan norm1_w, norm1_b, norm2_w, norm2_b;
    Linear qkv, out, fc1, fc2;
  };
  struct DecoderLayer {
    DeviceSpan input_norm, post_norm;
    Linear qkv, o, gate_up, down;
  };
  // Spans of the workspace for one stage, carved from the two arenas.
  struct Carver {
    DeviceSpan f32, compute;
    size_t f32_used = 0, compute_used = 0;
    DeviceSpan F32(size_t count);
    DeviceSpan Compute(size_t count);
  };

  DeviceEngine(const LlavaConfig& config, std::unique_ptr<VlmDevice> device, DeviceEngineOptions options);
  // Allocates every weight (uninitialized) and returns them in upload order.
  void AllocateWeights();
  // Sizes and allocates the workspace, the plans and the KV cache.
  void AllocateRuntime();
  DeviceSpan Own(size_t count, Elem elem);
  Linear OwnLinear(int out, int in, bool bias);

  // The vision tower on preprocessed images (float32, each 3 x side x side): the selected
  // hidden state, float32 rows (images * tokens x vision hidden).
  DeviceSpan RunVisionTower(const DeviceSpan& pixels, int images, Carver& carver);
  // The projector on `rows` compute rows of vision features into `out` (float32, rows x hidden).
  void RunProjector(const DeviceSpan& features, int rows, Carver& carver, const DeviceSpan& out);
  // Projected image rows of every image of the requests, in order (float32, allocated here).
  DeviceSpan EmbedImages(const std::vector<const GenerationRequest*>& requests);
  // One decoder pass: embeds plan's rows (from `images` where they are image rows), runs the
  // layers, and when logit rows are planned returns their argmax (and logits, when asked).
  std::vector<int> RunDecoderPass(const PassPlan& plan, const DeviceSpan& images, FloatMatrix* logits);
  // Generate for at most slots_ requests.
  void GenerateGroup(const std::vector<const GenerationRequest*>& requests, size_t first_index,
                     std::vector<GenerationResult>& results, const TokenCallback& on_token);

  const LlavaConfig& config_;
  std::unique_ptr<VlmDevice> device_;
  DeviceEngineOptions options_;
  std::vector<DeviceSpan> owned_;
  size_t weight_bytes_ = 0, cache_bytes_ = 0, workspace_bytes_ = 0;

  // Weights.
  Linear patch_;
  DeviceSpan class_embedding_, position_embedding_, pre_norm_w_, pre_norm_b_;
  std::vector<VisionLayer> vision_layers_;
  std::vector<Linear> projector_;
  DeviceSpan embed_tokens_, final_norm_;
  Linear lm_head_;
  std::vector<DecoderLayer> layers_;

  // Runtime.
  int slots_ = 0;
  int images_per_pass_ = 1;
  int logit_rows_ = 0;
  KvCacheLayout layout_, vision_layout_;
  DeviceSpan k_cache_, v_cache_;
  DeviceSpan arena_f32_, arena_compute_, logits_, ids_, plan_, vision_plan_;
  size_t vision_tiles_offset_ = 0, vision_select_offset_ = 0;
  StageSeconds stages_;
};

}  // namespace spatialgen::vlm
