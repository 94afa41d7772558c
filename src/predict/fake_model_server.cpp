#include "predict/fake_model_server.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <stdexcept>

#include "predict/robopoint_worker_backend.h"

// Last: it pulls in <resolv.h>, whose _res macro breaks Eigen headers included after it.
#include <httplib.h>

namespace spatialgen {
namespace {

using Json = nlohmann::json;

// The question of a request, read the way each protocol carries it.
std::string QuestionOf(const Json& body, bool worker) {
  if (worker) {
    const std::string prompt = body.value("prompt", "");
    const std::string open = "USER: <image>\n", close = " ASSISTANT:";
    const size_t start = prompt.find(open), end = prompt.rfind(close);
    if (start == std::string::npos || end == std::string::npos) return "";
    return prompt.substr(start + open.size(), end - start - open.size());
  }
  const Json& content = body.at("messages").at(0).at("content");
  for (const Json& part : content) {
    if (part.at("type") == "text") return part.at("text");
  }
  return "";
}

}  // namespace

FakeModelServer::FakeModelServer() : server_(std::make_unique<httplib::Server>()) {
  server_->Post("/v1/chat/completions", [this](const httplib::Request& req, httplib::Response& res) {
    Handle(req, res, false);
  });
  server_->Post("/worker_generate_stream", [this](const httplib::Request& req,
                                                 httplib::Response& res) { Handle(req, res, true); });
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ < 0) throw std::runtime_error("fake model server: cannot bind a port");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // The socket already listens (connections queue); wait for the accept loop all the same, so
  // that stop() in the destructor cannot come before it.
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeModelServer::~FakeModelServer() {
  server_->stop();
  thread_.join();
}

void FakeModelServer::Script(const std::string& question, std::vector<FakeReply> replies) {
  std::lock_guard lock(mutex_);
  scripts_[question] = std::deque<FakeReply>(replies.begin(), replies.end());
}

std::vector<ReceivedRequest> FakeModelServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

int FakeModelServer::RequestsAbout(const std::string& question) const {
  std::lock_guard lock(mutex_);
  int count = 0;
  for (const ReceivedRequest& request : requests_) count += request.question == question;
  return count;
}

int FakeModelServer::max_in_flight() const {
  std::lock_guard lock(mutex_);
  return max_in_flight_;
}

std::string FakeModelServer::ChatReply(const std::string& text) {
  return Json{{"id", "chatcmpl-1"},
              {"object", "chat.completion"},
              {"choices", {{{"index", 0},
                            {"message", {{"role", "assistant"}, {"content", text}}},
                            {"finish_reason", "stop"}}}}}
      .dump();
}

std::string FakeModelServer::WorkerStream(const std::string& prompt, const std::string& text,
                                          int pieces, int error_code) {
  std::string stream;
  for (int i = 1; i <= pieces; ++i) {
    const std::string so_far = text.substr(0, text.size() * size_t(i) / size_t(pieces));
    stream += Json{{"text", prompt + so_far}, {"error_code", error_code}}.dump();
    stream += '\0';
  }
  return stream;
}

void FakeModelServer::Handle(const httplib::Request& request, httplib::Response& response,
                             bool worker) {
  ReceivedRequest received{request.path, request.body, request.get_header_value("Authorization"), ""};
  const Json body = Json::parse(request.body, nullptr, false);
  if (!body.is_discarded()) received.question = QuestionOf(body, worker);

  FakeReply reply;
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(received);
    max_in_flight_ = std::max(max_in_flight_, ++in_flight_);
    auto script = scripts_.find(received.question);
    if (script != scripts_.end() && !script->second.empty()) {
      reply = script->second.front();
      if (script->second.size() > 1) script->second.pop_front();
    }
  }
  if (reply.delay_seconds > 0) {
    std::this_thread::sleep_for(std::chrono::duration<double>(reply.delay_seconds));
  }
  if (reply.status == 200 && reply.body.empty()) {
    const std::string answer = AnswerFor(received.question);
    reply.body = worker ? WorkerStream(RoboPointPrompt(received.question), answer, 3)
                        : ChatReply(answer);
  }
  response.status = reply.status;
  response.set_content(reply.body, worker ? "application/octet-stream" : "application/json");
  std::lock_guard lock(mutex_);
  --in_flight_;
}

}  // namespace spatialgen
