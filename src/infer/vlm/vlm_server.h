#pragma once
// `spatialgen serve`: a LlavaModel over HTTP, in the two protocols clients use.
//  - RoboPoint's (LLaVA's) model worker: POST /worker_generate_stream {prompt with <image>,
//    images: [base64], max_new_tokens, stop, ...} answers a stream of JSON chunks each followed
//    by a NUL byte, {"text": prompt + the answer so far, "error_code": 0}; errors are chunks
//    with error_code 1 and a text that explains. POST /worker_get_status. With a controller,
//    the worker registers and sends heart beats, so RoboPoint's web UI finds it.
//  - OpenAI-compatible: POST /v1/chat/completions with base64 data-URL images, GET /v1/models.
// Decoding is greedy whatever temperature a request asks for (the engine's only mode).
// Requests are answered one at a time (the engine uses every core for each).
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "infer/vlm/llava_model.h"

namespace httplib {
class Server;
}

namespace spatialgen::vlm {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 21002;                // 0: any free port
  std::string model_name;          // served name; empty: the model folder's name
  std::string controller_url;      // RoboPoint controller to register with; empty: none
  std::string worker_address;      // this worker's URL as the controller should call it
  double heart_beat_seconds = 15;  // between heart beats to the controller
  int max_new_tokens_cap = 1024;   // the worker caps requests at this, as RoboPoint's does

  // Throws InputError naming the first bad field.
  void Check() const;
};

class VlmServer {
 public:
  // `model` must outlive the server.
  VlmServer(LlavaModel& model, ServeOptions options);
  ~VlmServer();

  // Binds and serves in a background thread; returns the port. Throws std::runtime_error when
  // the address cannot be bound.
  int Start();
  // Blocks until Stop() (or a signal handler calling it).
  void Wait();
  void Stop();
  const std::string& model_name() const { return model_name_; }

 private:
  void RegisterRoutes();
  void RegisterWithController();
  void HeartBeats();
  std::string StatusJson() const;

  LlavaModel& model_;
  ServeOptions options_;
  std::string model_name_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  std::thread heart_beat_thread_;
  std::mutex engine_mutex_;
  std::atomic<int> queue_length_{0};
  std::atomic<bool> stopping_{false};
  std::mutex stop_mutex_;
  std::condition_variable stop_signal_;
};

// Parses an OpenAI chat-completions request into the vicuna_v1 prompt and its images (data:
// URLs only). Throws std::invalid_argument saying what is wrong.
struct ChatRequest {
  std::string prompt;
  std::vector<RgbImage> images;
  int max_tokens = 512;
};
ChatRequest ParseChatRequest(const std::string& body);

}  // namespace spatialgen::vlm
