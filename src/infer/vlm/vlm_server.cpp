#include "infer/vlm/vlm_server.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <stdexcept>

#include "core/base64.h"
#include "core/error.h"
#include "infer/vlm/rgb_image_io.h"

// Last: it pulls in <resolv.h>, whose _res macro breaks Eigen headers included after it.
#include <httplib.h>

namespace spatialgen::vlm {
namespace {

using Json = nlohmann::json;

constexpr const char* kImagePlaceholder = "<image>";
constexpr const char* kTooLong = "Exceeds max token length. Please start a new conversation, thanks.";

size_t CountOf(const std::string& text, const std::string& what) {
  size_t count = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++count;
  return count;
}

std::string Chunk(const std::string& text, int error_code) {
  return Json{{"text", text}, {"error_code", error_code}}.dump(-1, ' ', false, Json::error_handler_t::replace) +
         std::string(1, '\0');
}

RgbImage DecodeBase64Image(const std::string& text) {
  const std::optional<std::string> bytes = DecodeBase64(text);
  if (!bytes) throw std::invalid_argument("an image is not valid base64");
  return DecodeRgbImage(*bytes);
}

// The image of a data URL ("data:image/png;base64,....").
RgbImage DataUrlImage(const std::string& url) {
  const size_t comma = url.find(',');
  if (!url.starts_with("data:") || comma == std::string::npos || url.substr(0, comma).find(";base64") == std::string::npos) {
    throw std::invalid_argument("image_url must be a base64 data URL (data:image/...;base64,...); this server "
                                "fetches nothing over the network");
  }
  return DecodeBase64Image(url.substr(comma + 1));
}

std::string ErrorJson(const std::string& message) {
  return Json{{"error", {{"message", message}, {"type", "invalid_request_error"}}}}.dump(
      -1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

void ServeOptions::Check() const {
  const auto error = [](const std::string& field, const std::string& message) {
    return InputError(ErrorLocation{"", "", field}, message);
  };
  if (host.empty()) throw error("host", "missing");
  if (port < 0 || port > 65535) throw error("port", "must be in [0, 65535]");
  if (!controller_url.empty() && !controller_url.starts_with("http://")) {
    throw error("controller", "must be an http:// URL");
  }
  if (!controller_url.empty() && worker_address.empty()) {
    throw error("worker_address", "required with --controller: the URL the controller reaches this worker at");
  }
  if (!(heart_beat_seconds > 0)) throw error("heart_beat", "must be > 0 seconds");
  if (max_new_tokens_cap < 1) throw error("max_new_tokens_cap", "must be >= 1");
}

ChatRequest ParseChatRequest(const std::string& body) {
  const Json request = Json::parse(body, nullptr, false);
  if (request.is_discarded() || !request.is_object()) throw std::invalid_argument("the body is not a JSON object");
  if (request.value("stream", false)) throw std::invalid_argument("stream: true is not supported; ask without it");
  if (!request.contains("messages") || !request["messages"].is_array() || request["messages"].empty()) {
    throw std::invalid_argument("messages: expected a non-empty list");
  }
  ChatRequest chat;
  if (request.contains("max_tokens") && !request["max_tokens"].is_null()) {
    if (!request["max_tokens"].is_number_integer() || request["max_tokens"].get<int>() < 1) {
      throw std::invalid_argument("max_tokens: expected a positive integer");
    }
    chat.max_tokens = request["max_tokens"].get<int>();
  }
  std::string system;
  std::vector<ChatTurn> turns;
  for (const Json& message : request["messages"]) {
    if (!message.is_object() || !message.contains("role") || !message["role"].is_string()) {
      throw std::invalid_argument("each message needs a role");
    }
    const std::string role = message["role"].get<std::string>();
    std::string text;
    int images = 0;
    const Json content = message.value("content", Json());
    if (content.is_string()) {
      text = content.get<std::string>();
    } else if (content.is_array()) {
      for (const Json& part : content) {
        const std::string type = part.is_object() ? part.value("type", "") : "";
        if (type == "text" && part.contains("text") && part["text"].is_string()) {
          text += part["text"].get<std::string>();
        } else if (type == "image_url") {
          const Json& image = part.value("image_url", Json());
          const std::string url = image.is_string() ? image.get<std::string>()
                                  : image.is_object() ? image.value("url", "") : "";
          chat.images.push_back(DataUrlImage(url));
          ++images;
        } else {
          throw std::invalid_argument("content parts must be text or image_url");
        }
      }
    } else {
      throw std::invalid_argument("message content must be a string or a list of parts");
    }
    if (role == "system") {
      system = text;
      continue;
    }
    if (role != "user" && role != "assistant") throw std::invalid_argument("role '" + role + "' is not supported");
    if (text.find(kImagePlaceholder) != std::string::npos) {
      throw std::invalid_argument("message text may not contain <image>; send images as image_url parts");
    }
    // LLaVA puts a message's images before its text, one "<image>\n" each.
    std::string placed;
    for (int i = 0; i < images; ++i) placed += std::string(kImagePlaceholder) + "\n";
    turns.push_back({role == "user", placed + text});
  }
  if (turns.empty() || !turns.back().from_user) throw std::invalid_argument("the last message must be the user's");
  chat.prompt = VicunaConversationPrompt(turns, system);
  return chat;
}

VlmServer::VlmServer(LlavaModel& model, ServeOptions options)
    : model_(model), options_(std::move(options)), server_(std::make_unique<httplib::Server>()) {
  options_.Check();
  model_name_ = options_.model_name.empty() ? model_.name() : options_.model_name;
  RegisterRoutes();
}

VlmServer::~VlmServer() { Stop(); }

std::string VlmServer::StatusJson() const {
  return Json{{"model_names", {model_name_}}, {"speed", 1}, {"queue_length", queue_length_.load()}}.dump();
}

void VlmServer::RegisterRoutes() {
  server_->Post("/worker_get_status", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(StatusJson(), "application/json");
  });

  server_->Post("/worker_generate_stream", [this](const httplib::Request& req, httplib::Response& res) {
    const Json params = Json::parse(req.body, nullptr, false);
    std::string prompt;
    GenerationRequest request;
    std::string stop;
    std::string failure;
    try {
      if (params.is_discarded() || !params.is_object()) throw std::invalid_argument("the body is not a JSON object");
      prompt = params.value("prompt", "");
      const Json images = params.value("images", Json::array());
      if (!images.is_array()) throw std::invalid_argument("images: expected a list of base64 strings");
      if (images.size() != CountOf(prompt, kImagePlaceholder)) {
        throw std::invalid_argument(fmt::format("{} images for {} <image> tokens in the prompt", images.size(),
                                                CountOf(prompt, kImagePlaceholder)));
      }
      std::vector<RgbImage> decoded;
      for (const Json& image : images) {
        if (!image.is_string()) throw std::invalid_argument("images: expected base64 strings");
        decoded.push_back(DecodeBase64Image(image.get<std::string>()));
      }
      int max_new = 256;
      if (params.contains("max_new_tokens") && params["max_new_tokens"].is_number()) {
        max_new = int(params["max_new_tokens"].get<double>());
      }
      max_new = std::min(max_new, options_.max_new_tokens_cap);
      stop = params.value("stop", "");
      request = model_.Request(prompt, std::move(decoded), max_new);
    } catch (const std::exception& e) {
      failure = e.what();
    }
    if (!failure.empty()) {
      res.set_content(Chunk("error: " + failure, 1), "application/octet-stream");
      return;
    }
    // The context limit, as RoboPoint's worker computes it.
    const int images = int(request.images.size());
    const int positions = int(request.prompt_ids.size()) - images + images * model_.config().image_tokens();
    request.max_new_tokens = std::min(request.max_new_tokens, model_.config().llama.max_position_embeddings - positions);
    if (request.max_new_tokens < 1) {
      res.set_content(Chunk(prompt + kTooLong, 0), "application/octet-stream");
      return;
    }
    ++queue_length_;
    auto shared = std::make_shared<GenerationRequest>(std::move(request));
    auto started = std::make_shared<bool>(false);  // the provider ran (and left the queue)
    res.set_chunked_content_provider("application/octet-stream", [this, shared, started, prompt, stop](size_t, httplib::DataSink& sink) {
      std::vector<int> tokens;
      bool sent_any = false;
      auto send = [&](const std::string& chunk) {
        sent_any = true;
        return sink.is_writable() && sink.write(chunk.data(), chunk.size());
      };
      const auto text_so_far = [&] {
        std::string text = prompt + model_.tokenizer().Decode(tokens);
        if (!stop.empty() && text.ends_with(stop)) text.resize(text.size() - stop.size());
        return text;
      };
      try {
        std::lock_guard lock(engine_mutex_);
        *started = true;
        --queue_length_;
        model_.engine().Generate({*shared}, [&](size_t, int token) {
          tokens.push_back(token);
          const std::string text = text_so_far();
          // A token that ends inside a UTF-8 character decodes to U+FFFD: wait for the rest.
          if (!text.ends_with("\xEF\xBF\xBD")) send(Chunk(text, 0));
        });
        if (!sent_any || text_so_far().ends_with("\xEF\xBF\xBD")) send(Chunk(text_so_far(), 0));
      } catch (const std::exception& e) {
        send(Chunk(std::string("error: ") + e.what(), 1));
      }
      sink.done();
      return true;
    }, [this, started](bool) {
      if (!*started) --queue_length_;  // the client left before its turn
    });
  });

  server_->Post("/v1/chat/completions", [this](const httplib::Request& req, httplib::Response& res) {
    ChatRequest chat;
    GenerationRequest request;
    try {
      chat = ParseChatRequest(req.body);
      request = model_.Request(chat.prompt, std::move(chat.images), chat.max_tokens);
    } catch (const std::exception& e) {
      res.status = 400;
      res.set_content(ErrorJson(e.what()), "application/json");
      return;
    }
    GenerationResult result;
    try {
      ++queue_length_;
      std::lock_guard lock(engine_mutex_);
      --queue_length_;
      result = model_.engine().Generate({request}).front();
    } catch (const std::invalid_argument& e) {
      res.status = 400;
      res.set_content(ErrorJson(e.what()), "application/json");
      return;
    }
    const int prompt_tokens = result.prompt_positions, completion = int(result.tokens.size());
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const Json reply = {
        {"id", fmt::format("chatcmpl-{}", std::chrono::duration_cast<std::chrono::microseconds>(now).count())},
        {"object", "chat.completion"},
        {"created", std::chrono::duration_cast<std::chrono::seconds>(now).count()},
        {"model", model_name_},
        {"choices",
         {{{"index", 0},
           {"message", {{"role", "assistant"}, {"content", model_.AnswerText(result)}}},
           {"finish_reason", result.ended_with_eos ? "stop" : "length"}}}},
        {"usage", {{"prompt_tokens", prompt_tokens}, {"completion_tokens", completion},
                   {"total_tokens", prompt_tokens + completion}}}};
    res.set_content(reply.dump(-1, ' ', false, Json::error_handler_t::replace), "application/json");
  });

  server_->Get("/v1/models", [this](const httplib::Request&, httplib::Response& res) {
    const Json models = {{"object", "list"}, {"data", {{{"id", model_name_}, {"object", "model"}, {"owned_by", "spatialgen"}}}}};
    res.set_content(models.dump(), "application/json");
  });
}

int VlmServer::Start() {
  int port = options_.port;
  if (port == 0) {
    port = server_->bind_to_any_port(options_.host);
  } else if (!server_->bind_to_port(options_.host, port)) {
    port = -1;
  }
  if (port < 0) throw std::runtime_error(fmt::format("serve: cannot listen on {}:{}", options_.host, options_.port));
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (!options_.controller_url.empty()) {
    RegisterWithController();
    heart_beat_thread_ = std::thread([this] { HeartBeats(); });
  }
  return port;
}

void VlmServer::RegisterWithController() {
  httplib::Client client(options_.controller_url);
  client.set_connection_timeout(5);
  const Json body = {{"worker_name", options_.worker_address}, {"check_heart_beat", true},
                     {"worker_status", Json::parse(StatusJson())}};
  const auto result = client.Post("/register_worker", body.dump(), "application/json");
  if (!result || result->status != 200) {
    spdlog::warn("serve: cannot register with the controller at {} ({}); retrying with the heart beats",
                 options_.controller_url, result ? std::to_string(result->status) : httplib::to_string(result.error()));
  } else {
    spdlog::info("serve: registered with the controller at {} as {}", options_.controller_url, options_.worker_address);
  }
}

void VlmServer::HeartBeats() {
  while (true) {
    {
      std::unique_lock lock(stop_mutex_);
      if (stop_signal_.wait_for(lock, std::chrono::duration<double>(options_.heart_beat_seconds),
                                [this] { return stopping_.load(); })) {
        return;
      }
    }
    httplib::Client client(options_.controller_url);
    client.set_connection_timeout(5);
    client.set_read_timeout(5);
    const Json body = {{"worker_name", options_.worker_address}, {"queue_length", queue_length_.load()}};
    const auto result = client.Post("/receive_heart_beat", body.dump(), "application/json");
    if (!result || result->status != 200) {
      spdlog::warn("serve: heart beat to {} failed", options_.controller_url);
      continue;
    }
    const Json reply = Json::parse(result->body, nullptr, false);
    if (reply.is_object() && !reply.value("exist", true)) RegisterWithController();
  }
}

void VlmServer::Wait() {
  std::unique_lock lock(stop_mutex_);
  stop_signal_.wait(lock, [this] { return stopping_.load(); });
}

void VlmServer::Stop() {
  {
    std::lock_guard lock(stop_mutex_);
    if (stopping_.exchange(true) && !thread_.joinable() && !heart_beat_thread_.joinable()) return;
  }
  stop_signal_.notify_all();
  server_->stop();
  if (thread_.joinable()) thread_.join();
  if (heart_beat_thread_.joinable()) heart_beat_thread_.join();
}

}  // namespace spatialgen::vlm
