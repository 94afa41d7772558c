#pragma once
// The "native" predict back end: the LLaVA-1.5 engine in this process. Items are answered a
// batch at a time (preferred_batch() = --batch) with RoboPoint's vicuna_v1 prompt, greedily.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "infer/backend.h"
#include "infer/vlm/llava_model.h"

namespace spatialgen::vlm {

class NativeBackend : public Backend {
 public:
  // Loads the model. Throws InputError naming the file and field or tensor.
  explicit NativeBackend(const ModelOptions& options);
  std::string name() const override { return "native"; }
  int preferred_batch() const override { return model_->options().batch; }
  std::string Answer(const DatasetItem& item) override;
  std::vector<std::string> AnswerBatch(const std::vector<const DatasetItem*>& items) override;

  LlavaModel& model() { return *model_; }
  int64_t generated_tokens() const override { return generated_tokens_; }

 private:
  std::unique_ptr<LlavaModel> model_;
  std::mutex mutex_;  // one engine call at a time: the engine uses every core itself
  std::atomic<int64_t> generated_tokens_{0};
};

}  // namespace spatialgen::vlm
