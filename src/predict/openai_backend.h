#pragma once
// The "openai" back end: an OpenAI-compatible chat-completions server (vLLM, SGLang,
// llama.cpp, Ollama, hosted APIs). One POST {base_url}/v1/chat/completions per item, the
// question as text and the image as a base64 PNG data URL; the answer is
// choices[0].message.content. A base URL that already ends in /v1 (the OpenAI SDKs' style)
// is accepted too.
//
// The API key comes only from the environment variable named by api_key_env, and is sent as
// "Authorization: Bearer KEY"; when the variable is unset or empty no key is sent (local
// servers need none), with a warning.
#include <string>

#include "infer/backend.h"
#include "predict/http_backend_options.h"

namespace spatialgen {

class OpenAiBackend : public Backend {
 public:
  // Throws InputError naming the field when the options are bad.
  explicit OpenAiBackend(HttpBackendOptions options);
  std::string name() const override { return "openai"; }
  std::string Answer(const DatasetItem& item) override;

 private:
  HttpBackendOptions options_;
  ServerAddress address_;
  HttpHeaderList headers_;  // the Authorization header, when there is a key
};

// The JSON request body for one question and its image (base64 PNG).
std::string OpenAiRequestBody(const HttpBackendOptions& options, const std::string& question,
                              const std::string& png_base64);

// The answer in a chat-completions reply body. Throws BackendError (not retryable) naming
// `url` when the body is not JSON or has no choices[0].message.content text.
std::string OpenAiReplyText(const std::string& body, const std::string& url);

}  // namespace spatialgen
