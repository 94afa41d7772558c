#include "predict/openai_backend.h"

#include <spdlog/spdlog.h>

#include <cstdlib>

#include "core/json_reader.h"
#include "predict/image_payload.h"

namespace spatialgen {
namespace {

constexpr std::string_view kCompletionsPath = "/v1/chat/completions";

// Replies are parsed whole; a reply that is not what a chat-completions server sends is a
// server or proxy problem that the same request will meet again, so it is not retryable.
BackendError MalformedReply(const std::string& url, const std::string& what,
                            const std::string& body) {
  return BackendError("POST " + url + ": " + what + ": " + BodySnippet(body), false);
}

}  // namespace

OpenAiBackend::OpenAiBackend(HttpBackendOptions options) : options_(std::move(options)) {
  options_.Check("openai");
  address_ = ParseServerAddress(options_.base_url, "base_url");
  // "http://host/v1" and "http://host" name the same server.
  if (address_.path_prefix.ends_with("/v1")) {
    address_.path_prefix.resize(address_.path_prefix.size() - 3);
  }
  if (!options_.api_key_env.empty()) {
    const char* key = std::getenv(options_.api_key_env.c_str());
    if (key != nullptr && *key != '\0') {
      headers_.emplace_back("Authorization", std::string("Bearer ") + key);
    } else {
      spdlog::warn("openai: {} is not set; sending requests without an API key",
                   options_.api_key_env);
    }
  }
}

std::string OpenAiBackend::Answer(const DatasetItem& item) {
  const std::string body =
      OpenAiRequestBody(options_, item.question, ImageFileAsBase64Png(item.image_path));
  const std::string reply =
      PostJson(address_, std::string(kCompletionsPath), body, headers_, options_.timeouts);
  return OpenAiReplyText(reply, address_.Url(kCompletionsPath));
}

std::string OpenAiRequestBody(const HttpBackendOptions& options, const std::string& question,
                              const std::string& png_base64) {
  const Json text_part = {{"type", "text"}, {"text", question}};
  const Json image_part = {{"type", "image_url"},
                           {"image_url", {{"url", "data:image/png;base64," + png_base64}}}};
  Json message = {{"role", "user"}, {"content", Json::array({text_part, image_part})}};
  const Json request = {{"model", options.model},
                        {"messages", Json::array({std::move(message)})},
                        {"temperature", options.temperature},
                        {"max_tokens", options.max_tokens}};
  return request.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string OpenAiReplyText(const std::string& body, const std::string& url) {
  const Json reply = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (reply.is_discarded()) throw MalformedReply(url, "reply is not JSON", body);
  if (!reply.is_object() || !reply.contains("choices") || !reply["choices"].is_array() ||
      reply["choices"].empty()) {
    throw MalformedReply(url, "reply has no choices", body);
  }
  const Json& choice = reply["choices"][0];
  if (!choice.is_object() || !choice.contains("message") || !choice["message"].is_object()) {
    throw MalformedReply(url, "reply has no choices[0].message", body);
  }
  const Json& message = choice["message"];
  const auto content = message.find("content");
  if (content != message.end() && content->is_string()) return content->get<std::string>();
  // Some servers send the content as a list of parts: join the text parts.
  if (content != message.end() && content->is_array()) {
    std::string text;
    for (const Json& part : *content) {
      if (part.is_object() && part.value("type", "") == "text" && part.contains("text") &&
          part["text"].is_string()) {
        text += part["text"].get<std::string>();
      }
    }
    return text;
  }
  throw MalformedReply(url, "reply has no text in choices[0].message.content", body);
}

}  // namespace spatialgen
