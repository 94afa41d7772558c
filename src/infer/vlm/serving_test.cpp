// The native back end and `serve`: the worker protocol and the OpenAI endpoint, asked by
// predict's own HTTP back ends on 127.0.0.1, answer exactly what the native back end answers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <mutex>
#include <thread>

#include "infer/vlm/native_backend.h"
#include "infer/vlm/vlm_server.h"
#include "infer/vlm/vlm_test_data.h"
#include "predict/http_post.h"
#include "predict/image_payload.h"
#include "predict/openai_backend.h"
#include "predict/robopoint_worker_backend.h"

// Last: it pulls in <resolv.h>, whose _res macro breaks Eigen headers included after it.
#include <httplib.h>

namespace spatialgen::vlm {
namespace {

using ::testing::HasSubstr;
using testing::Reference;

std::vector<DatasetItem> ReferenceItems() {
  std::vector<DatasetItem> items;
  for (const auto& run : Reference().at("greedy")) {
    DatasetItem item;
    item.id = "item" + std::to_string(items.size());
    item.question = run.at("question");
    item.image_path = testing::DataDir() / run.at("image").get<std::string>();
    items.push_back(item);
  }
  return items;
}

NativeBackend& TinyBackend() {
  static NativeBackend backend(testing::TinyOptions());
  return backend;
}

TEST(NativeBackendTest, AnswersAreTheReferenceGreedyTexts) {
  const std::vector<DatasetItem> items = ReferenceItems();
  std::vector<const DatasetItem*> pointers;
  for (const DatasetItem& item : items) pointers.push_back(&item);
  EXPECT_EQ(TinyBackend().preferred_batch(), 3);
  const std::vector<std::string> answers = TinyBackend().AnswerBatch(pointers);
  ASSERT_EQ(answers.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(answers[i], Reference().at("greedy")[i].at("text").get<std::string>());
  EXPECT_EQ(TinyBackend().Answer(items[1]), answers[1]);
  DatasetItem missing = items[0];
  missing.image_path = testing::DataDir() / "no_such.png";
  EXPECT_THROW(TinyBackend().Answer(missing), BackendError);
}

class ServeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ServeOptions options;
    options.port = 0;
    server_ = new VlmServer(TinyBackend().model(), options);
    port_ = server_->Start();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static std::string Url() { return "http://127.0.0.1:" + std::to_string(port_); }
  static HttpBackendOptions Http() {
    HttpBackendOptions http;
    http.base_url = Url();
    http.model = "tiny-llava";
    http.api_key_env = "";
    http.max_tokens = 8;
    http.timeouts.read_seconds = 30;
    return http;
  }
  static std::string Post(const std::string& path, const std::string& body) {
    return PostJson(ParseServerAddress(Url(), "url"), path, body, {}, HttpTimeouts{});
  }

  static VlmServer* server_;
  static int port_;
};

VlmServer* ServeTest::server_ = nullptr;
int ServeTest::port_ = 0;

TEST_F(ServeTest, WorkerAndOpenAiAnswerAsTheNativeBackEnd) {
  RoboPointWorkerBackend worker(Http());
  OpenAiBackend openai(Http());
  for (const DatasetItem& item : ReferenceItems()) {
    const std::string native = TinyBackend().Answer(item);
    EXPECT_EQ(worker.Answer(item), native) << item.id;
    EXPECT_EQ(openai.Answer(item), native) << item.id;
  }
}

TEST_F(ServeTest, WorkerStreamsGrowingChunksAndReportsStatus) {
  const DatasetItem item = ReferenceItems()[0];
  const std::string prompt = RoboPointPrompt(item.question);
  const std::string stream = Post("/worker_generate_stream",
                                  RoboPointWorkerRequestBody(Http(), prompt, ImageFileAsBase64Png(item.image_path)));
  std::vector<std::string> texts;
  for (size_t start = 0, end; (end = stream.find('\0', start)) != std::string::npos; start = end + 1) {
    const auto chunk = nlohmann::json::parse(stream.substr(start, end - start));
    EXPECT_EQ(chunk.at("error_code"), 0);
    texts.push_back(chunk.at("text"));
  }
  ASSERT_GE(texts.size(), 2u);
  for (size_t i = 1; i < texts.size(); ++i) EXPECT_TRUE(texts[i].starts_with(texts[i - 1])) << i;
  EXPECT_TRUE(texts.front().starts_with(prompt));
  const auto status = nlohmann::json::parse(Post("/worker_get_status", "{}"));
  EXPECT_EQ(status.at("model_names"), nlohmann::json::array({"tiny-llava"}));
  EXPECT_EQ(status.at("queue_length"), 0);
}

TEST_F(ServeTest, BadRequestsGetErrorsThatExplain) {
  // Two <image> tokens, no images: an error chunk, as RoboPoint's worker sends.
  const std::string stream = Post("/worker_generate_stream", R"({"prompt": "USER: <image> <image> hi", "images": []})");
  const auto chunk = nlohmann::json::parse(stream.substr(0, stream.find('\0')));
  EXPECT_EQ(chunk.at("error_code"), 1);
  EXPECT_THAT(chunk.at("text").get<std::string>(), HasSubstr("0 images for 2 <image> tokens"));
  try {
    Post("/v1/chat/completions",
         R"({"model": "m", "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "http://example.invalid/a.png"}}]}]})");
    ADD_FAILURE() << "no error";
  } catch (const BackendError& e) {
    EXPECT_THAT(e.what(), HasSubstr("400"));
    EXPECT_THAT(e.what(), HasSubstr("data URL"));
  }
}

TEST(ServeControllerTest, RegistersAndSendsHeartBeats) {
  // A stand-in for RoboPoint's controller that records what workers send it.
  httplib::Server controller;
  std::mutex mutex;
  std::vector<std::pair<std::string, nlohmann::json>> received;
  for (const char* path : {"/register_worker", "/receive_heart_beat"}) {
    controller.Post(path, [&, path](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex);
      received.emplace_back(path, nlohmann::json::parse(req.body));
      res.set_content(std::string(path) == "/receive_heart_beat" ? R"({"exist": true})" : "{}", "application/json");
    });
  }
  const int port = controller.bind_to_any_port("127.0.0.1");
  std::thread thread([&] { controller.listen_after_bind(); });
  ServeOptions options;
  options.port = 0;
  options.controller_url = "http://127.0.0.1:" + std::to_string(port);
  options.worker_address = "http://127.0.0.1:9";
  options.heart_beat_seconds = 0.02;
  {
    VlmServer server(TinyBackend().model(), options);
    server.Start();
    for (int i = 0; i < 200; ++i) {  // at most 2 s
      {
        std::lock_guard lock(mutex);
        if (received.size() >= 2) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  controller.stop();
  thread.join();
  ASSERT_GE(received.size(), 2u);
  EXPECT_EQ(received[0].first, "/register_worker");
  EXPECT_EQ(received[0].second.at("worker_name"), "http://127.0.0.1:9");
  EXPECT_EQ(received[0].second.at("check_heart_beat"), true);
  EXPECT_EQ(received[0].second.at("worker_status").at("model_names"), nlohmann::json::array({"tiny-llava"}));
  EXPECT_EQ(received[1].first, "/receive_heart_beat");
  EXPECT_EQ(received[1].second.at("queue_length"), 0);
}

TEST(ChatRequestTest, ConversationsBecomeVicunaPrompts) {
  const ChatRequest chat = ParseChatRequest(R"({"messages": [
      {"role": "system", "content": "Be brief."},
      {"role": "user", "content": "Hi"},
      {"role": "assistant", "content": "Hello."},
      {"role": "user", "content": [{"type": "text", "text": "What now?"}]}], "max_tokens": 7})");
  EXPECT_EQ(chat.prompt, "Be brief. USER: Hi ASSISTANT: Hello.</s>USER: What now? ASSISTANT:");
  EXPECT_EQ(chat.max_tokens, 7);
  EXPECT_TRUE(chat.images.empty());
  EXPECT_THROW(ParseChatRequest(R"({"messages": []})"), std::invalid_argument);
  EXPECT_THROW(ParseChatRequest(R"({"messages": [{"role": "user", "content": "x"}], "stream": true})"),
               std::invalid_argument);
}

}  // namespace
}  // namespace spatialgen::vlm
