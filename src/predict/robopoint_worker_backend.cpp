#include "predict/robopoint_worker_backend.h"

#include <string_view>

#include "core/json_reader.h"
#include "core/text.h"
#include "infer/vlm/llava_model.h"
#include "predict/image_payload.h"

namespace spatialgen {
namespace {

constexpr std::string_view kGeneratePath = "/worker_generate_stream";
constexpr std::string_view kStop = "</s>";

}  // namespace

RoboPointWorkerBackend::RoboPointWorkerBackend(HttpBackendOptions options)
    : options_(std::move(options)) {
  options_.Check("robopoint-worker");
  address_ = ParseServerAddress(options_.base_url, "base_url");
}

std::string RoboPointWorkerBackend::Answer(const DatasetItem& item) {
  const std::string prompt = RoboPointPrompt(item.question);
  const std::string body =
      RoboPointWorkerRequestBody(options_, prompt, ImageFileAsBase64Png(item.image_path));
  const std::string stream =
      PostJson(address_, std::string(kGeneratePath), body, {}, options_.timeouts);
  return RoboPointWorkerReplyText(stream, prompt, address_.Url(kGeneratePath));
}

std::string RoboPointPrompt(const std::string& question) {
  return vlm::VicunaPrompt(question);
}

std::string RoboPointWorkerRequestBody(const HttpBackendOptions& options,
                                       const std::string& prompt, const std::string& png_base64) {
  const Json request = {{"model", options.model},
                        {"prompt", prompt},
                        {"images", Json::array({png_base64})},
                        {"temperature", options.temperature},
                        {"top_p", options.top_p},
                        {"max_new_tokens", options.max_tokens},
                        {"stop", kStop}};
  return request.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string RoboPointWorkerReplyText(const std::string& stream, const std::string& prompt,
                                     const std::string& url) {
  std::string text;
  bool any_chunk = false;
  size_t start = 0;
  while (start < stream.size()) {
    size_t end = stream.find('\0', start);
    if (end == std::string::npos) end = stream.size();
    const std::string_view piece = Trim(std::string_view(stream).substr(start, end - start));
    start = end + 1;
    if (piece.empty()) continue;
    const Json chunk = Json::parse(piece, nullptr, /*allow_exceptions=*/false);
    if (chunk.is_discarded() || !chunk.is_object() || !chunk.contains("text") ||
        !chunk["text"].is_string()) {
      throw BackendError("POST " + url + ": stream chunk is not {\"text\": ...}: " +
                             BodySnippet(piece),
                         false);
    }
    const auto code = chunk.find("error_code");
    if (code != chunk.end() && !(code->is_number_integer() && code->get<int64_t>() == 0)) {
      throw BackendError("POST " + url + ": worker error_code " + code->dump() + ": " +
                             BodySnippet(chunk["text"].get<std::string>()),
                         true);
    }
    text = chunk["text"].get<std::string>();
    any_chunk = true;
  }
  if (!any_chunk) throw BackendError("POST " + url + ": empty reply stream", false);
  // The worker echoes the prompt before the answer; a worker that does not is taken as is.
  std::string_view answer = text;
  if (answer.starts_with(prompt)) answer.remove_prefix(prompt.size());
  answer = Trim(answer);
  if (answer.ends_with(kStop)) answer = Trim(answer.substr(0, answer.size() - kStop.size()));
  return std::string(answer);
}

}  // namespace spatialgen
