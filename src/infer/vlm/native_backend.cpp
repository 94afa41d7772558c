#include "infer/vlm/native_backend.h"

#include <stdexcept>

#include "infer/vlm/rgb_image_io.h"

namespace spatialgen::vlm {

NativeBackend::NativeBackend(const ModelOptions& options) : model_(std::make_unique<LlavaModel>(options)) {}

std::string NativeBackend::Answer(const DatasetItem& item) { return AnswerBatch({&item}).front(); }

std::vector<std::string> NativeBackend::AnswerBatch(const std::vector<const DatasetItem*>& items) {
  std::vector<GenerationRequest> requests;
  for (const DatasetItem* item : items) {
    requests.push_back(model_->Request(VicunaPrompt(item->question), {ReadRgbImage(item->image_path)},
                                       model_->options().max_new_tokens));
  }
  std::vector<GenerationResult> results;
  {
    std::lock_guard lock(mutex_);
    try {
      results = model_->engine().Generate(requests);
    } catch (const std::invalid_argument& e) {
      throw BackendError(std::string("native: ") + e.what(), /*retryable=*/false);
    }
  }
  std::vector<std::string> answers;
  for (const GenerationResult& result : results) {
    generated_tokens_ += int64_t(result.tokens.size());
    answers.push_back(model_->AnswerText(result));
  }
  return answers;
}

}  // namespace spatialgen::vlm
