#pragma once
// The "robopoint-worker" back end: RoboPoint's (LLaVA's) model worker. One POST
// {worker}/worker_generate_stream per item with the conversation prompt and the image as a
// base64 PNG; the reply is a stream of JSON chunks separated by NUL bytes, each
// {"text": prompt + the answer so far, "error_code": 0}. The answer is the last chunk's text
// without the prompt, trimmed.
#include <string>

#include "infer/backend.h"
#include "predict/http_backend_options.h"

namespace spatialgen {

class RoboPointWorkerBackend : public Backend {
 public:
  // Throws InputError naming the field when the options are bad.
  explicit RoboPointWorkerBackend(HttpBackendOptions options);
  std::string name() const override { return "robopoint-worker"; }
  std::string Answer(const DatasetItem& item) override;

 private:
  HttpBackendOptions options_;
  ServerAddress address_;
};

// RoboPoint's vicuna_v1 conversation prompt for one question, with the <image> token.
std::string RoboPointPrompt(const std::string& question);

// The JSON request body for one prompt and its image (base64 PNG).
std::string RoboPointWorkerRequestBody(const HttpBackendOptions& options,
                                       const std::string& prompt, const std::string& png_base64);

// The answer in a worker's NUL-separated reply stream. Throws BackendError naming `url`:
// retryable when a chunk has a non-zero error_code (the worker reports CUDA out-of-memory and
// other passing failures that way), not retryable when the stream is empty or a chunk is not
// a JSON object with a string "text".
std::string RoboPointWorkerReplyText(const std::string& stream, const std::string& prompt,
                                     const std::string& url);

}  // namespace spatialgen
