// The HTTP back ends against a local fake server: what they send, and how they read replies
// and failures.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cstdlib>

#include "core/error.h"
#include "core/base64.h"
#include "predict/fake_model_server.h"
#include "predict/openai_backend.h"
#include "predict/robopoint_worker_backend.h"
#include "predict/test_items.h"

namespace spatialgen {
namespace {

using Json = nlohmann::json;

constexpr char kKeyVariable[] = "SPATIALGEN_PREDICT_TEST_KEY";

HttpBackendOptions Options(const std::string& url) {
  HttpBackendOptions options;
  options.base_url = url;
  options.model = "test-model";
  options.api_key_env = kKeyVariable;
  options.max_tokens = 77;
  options.top_p = 0.7;
  options.timeouts.connect_seconds = 1;
  options.timeouts.read_seconds = 0.2;
  return options;
}

// The image a base64 PNG holds, checked to be PNG.
cv::Mat DecodePng(const std::string& base64) {
  const std::optional<std::string> bytes = DecodeBase64(base64);
  EXPECT_TRUE(bytes.has_value());
  if (!bytes) return {};
  EXPECT_EQ(bytes->substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  const std::vector<uchar> data(bytes->begin(), bytes->end());
  return cv::imdecode(data, cv::IMREAD_UNCHANGED);
}

bool SameImage(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

// The BackendError that `call` throws (fails the test when it throws none).
template <typename Call>
BackendError ErrorOf(Call call) {
  try {
    call();
  } catch (const BackendError& e) {
    return e;
  }
  ADD_FAILURE() << "no BackendError";
  return BackendError("none", false);
}

class HttpBackendsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTestDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    image_ = WriteTestImage(dir_ / "view.png");
    item_ = TestItems(1, dir_ / "view.png").front();
    setenv(kKeyVariable, "sk-test-123", 1);
  }
  void TearDown() override { unsetenv(kKeyVariable); }

  std::filesystem::path dir_;
  cv::Mat image_;
  DatasetItem item_;
  FakeModelServer server_;
};

TEST_F(HttpBackendsTest, OpenAiSendsTheChatRequestAndReadsTheAnswer) {
  OpenAiBackend backend(Options(server_.url()));
  EXPECT_EQ(backend.Answer(item_), FakeModelServer::AnswerFor(item_.question));

  const std::vector<ReceivedRequest> requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].path, "/v1/chat/completions");
  EXPECT_EQ(requests[0].authorization, "Bearer sk-test-123");
  const Json body = Json::parse(requests[0].body);
  EXPECT_EQ(body.at("model"), "test-model");
  EXPECT_EQ(body.at("temperature"), 0.0);
  EXPECT_EQ(body.at("max_tokens"), 77);
  ASSERT_EQ(body.at("messages").size(), 1u);
  const Json& message = body.at("messages")[0];
  EXPECT_EQ(message.at("role"), "user");
  ASSERT_EQ(message.at("content").size(), 2u);
  EXPECT_EQ(message.at("content")[0], (Json{{"type", "text"}, {"text", "question 0?"}}));
  EXPECT_EQ(message.at("content")[1].at("type"), "image_url");
  const std::string url = message.at("content")[1].at("image_url").at("url");
  const std::string prefix = "data:image/png;base64,";
  ASSERT_EQ(url.substr(0, prefix.size()), prefix);
  EXPECT_TRUE(SameImage(DecodePng(url.substr(prefix.size())), image_));
}

TEST_F(HttpBackendsTest, OpenAiSendsNoKeyWhenTheVariableIsUnsetAndAcceptsAV1BaseUrl) {
  unsetenv(kKeyVariable);
  OpenAiBackend backend(Options(server_.url() + "/v1/"));
  EXPECT_EQ(backend.Answer(item_), FakeModelServer::AnswerFor(item_.question));
  ASSERT_EQ(server_.requests().size(), 1u);
  EXPECT_EQ(server_.requests()[0].authorization, "");
}

TEST_F(HttpBackendsTest, JpegImagesAreSentAsPng) {
  const cv::Mat written = WriteTestImage(dir_ / "photo.jpg");
  item_.image_path = dir_ / "photo.jpg";
  OpenAiBackend backend(Options(server_.url()));
  backend.Answer(item_);
  const Json body = Json::parse(server_.requests().at(0).body);
  const std::string url = body.at("messages")[0].at("content")[1].at("image_url").at("url");
  const cv::Mat sent = DecodePng(url.substr(url.find(',') + 1));
  // JPEG is lossy: the PNG holds the decoded JPEG, close to what was written.
  ASSERT_EQ(sent.size(), written.size());
  EXPECT_EQ(sent.type(), CV_8UC3);
  EXPECT_TRUE(SameImage(sent, cv::imread((dir_ / "photo.jpg").string(), cv::IMREAD_COLOR)));
}

TEST_F(HttpBackendsTest, WorkerSendsThePromptAndReadsTheLastChunk) {
  RoboPointWorkerBackend backend(Options(server_.url()));
  const std::string prompt = RoboPointPrompt(item_.question);
  server_.Script(item_.question,
                 {{200, FakeModelServer::WorkerStream(prompt, " [(0.25, 0.5), (0.1, 0.2)]</s>", 4)}});
  EXPECT_EQ(backend.Answer(item_), "[(0.25, 0.5), (0.1, 0.2)]");

  const std::vector<ReceivedRequest> requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].path, "/worker_generate_stream");
  EXPECT_EQ(requests[0].authorization, "");  // the worker takes no key
  const Json body = Json::parse(requests[0].body);
  EXPECT_EQ(body.at("prompt"),
            "A chat between a curious user and an artificial intelligence assistant. The "
            "assistant gives helpful, detailed, and polite answers to the user's questions. "
            "USER: <image>\nquestion 0? ASSISTANT:");
  EXPECT_EQ(body.at("model"), "test-model");
  EXPECT_EQ(body.at("temperature"), 0.0);
  EXPECT_EQ(body.at("top_p"), 0.7);
  EXPECT_EQ(body.at("max_new_tokens"), 77);
  EXPECT_EQ(body.at("stop"), "</s>");
  ASSERT_EQ(body.at("images").size(), 1u);
  EXPECT_TRUE(SameImage(DecodePng(body.at("images")[0]), image_));
}

TEST_F(HttpBackendsTest, WorkerErrorCodeIsARetryableError) {
  RoboPointWorkerBackend backend(Options(server_.url()));
  server_.Script(item_.question,
                 {{200, FakeModelServer::WorkerStream("", "**NETWORK ERROR**", 1, 1)}});
  const BackendError error = ErrorOf([&] { backend.Answer(item_); });
  EXPECT_TRUE(error.retryable());
  EXPECT_NE(std::string(error.what()).find("error_code 1"), std::string::npos) << error.what();
  EXPECT_NE(std::string(error.what()).find("NETWORK ERROR"), std::string::npos) << error.what();
}

TEST_F(HttpBackendsTest, ServerErrorsAreRetryableAndClientErrorsAreNot) {
  OpenAiBackend backend(Options(server_.url()));
  server_.Script(item_.question, {{500, "{\"error\": \"overloaded\"}"}});
  BackendError error = ErrorOf([&] { backend.Answer(item_); });
  EXPECT_TRUE(error.retryable());
  const std::string message = error.what();
  EXPECT_NE(message.find(server_.url() + "/v1/chat/completions"), std::string::npos) << message;
  EXPECT_NE(message.find("HTTP 500"), std::string::npos) << message;
  EXPECT_NE(message.find("overloaded"), std::string::npos) << message;

  server_.Script(item_.question, {{429, "slow down"}});
  EXPECT_TRUE(ErrorOf([&] { backend.Answer(item_); }).retryable());

  server_.Script(item_.question, {{400, "{\"error\": \"bad model\"}"}});
  error = ErrorOf([&] { backend.Answer(item_); });
  EXPECT_FALSE(error.retryable());
  EXPECT_NE(std::string(error.what()).find("HTTP 400"), std::string::npos) << error.what();
}

TEST_F(HttpBackendsTest, MalformedRepliesAreNotRetryable) {
  OpenAiBackend openai(Options(server_.url()));
  server_.Script(item_.question, {{200, "{\"choices\": [ oops"}});
  BackendError error = ErrorOf([&] { openai.Answer(item_); });
  EXPECT_FALSE(error.retryable());
  EXPECT_NE(std::string(error.what()).find("not JSON"), std::string::npos) << error.what();

  server_.Script(item_.question, {{200, "{\"choices\": []}"}});
  EXPECT_FALSE(ErrorOf([&] { openai.Answer(item_); }).retryable());

  RoboPointWorkerBackend worker(Options(server_.url()));
  server_.Script(item_.question, {{200, std::string("{\"text\": \"a\"}\0{\"tex", 19)}});
  EXPECT_FALSE(ErrorOf([&] { worker.Answer(item_); }).retryable());
  server_.Script(item_.question, {{200, std::string("\0\0", 2)}});
  EXPECT_FALSE(ErrorOf([&] { worker.Answer(item_); }).retryable());
}

TEST_F(HttpBackendsTest, SlowRepliesAndRefusedConnectionsAreRetryable) {
  OpenAiBackend backend(Options(server_.url()));
  server_.Script(item_.question, {{200, "", 0.5}});
  const BackendError slow = ErrorOf([&] { backend.Answer(item_); });
  EXPECT_TRUE(slow.retryable());
  EXPECT_NE(std::string(slow.what()).find("0.2 s"), std::string::npos) << slow.what();

  std::string closed_url;
  {
    FakeModelServer closed;
    closed_url = closed.url();
  }
  OpenAiBackend refused(Options(closed_url));
  EXPECT_TRUE(ErrorOf([&] { refused.Answer(item_); }).retryable());
}

TEST_F(HttpBackendsTest, AMissingImageIsNotRetryableAndSendsNothing) {
  item_.image_path = dir_ / "missing.png";
  OpenAiBackend backend(Options(server_.url()));
  const BackendError error = ErrorOf([&] { backend.Answer(item_); });
  EXPECT_FALSE(error.retryable());
  EXPECT_NE(std::string(error.what()).find("missing.png"), std::string::npos) << error.what();
  EXPECT_TRUE(server_.requests().empty());
}

TEST(HttpBackendOptionsTest, CheckNamesTheBadField) {
  auto field_of = [](const HttpBackendOptions& options, const std::string& backend) {
    try {
      options.Check(backend);
    } catch (const InputError& e) {
      return e.location().field;
    }
    return std::string("none");
  };
  HttpBackendOptions options = Options("http://127.0.0.1:1");
  EXPECT_EQ(field_of(options, "openai"), "none");
  options.base_url = "127.0.0.1:8000";
  EXPECT_EQ(field_of(options, "openai"), "base_url");
  options = Options("http://127.0.0.1:1");
  options.model = "";
  EXPECT_EQ(field_of(options, "openai"), "model");
  EXPECT_EQ(field_of(options, "robopoint-worker"), "none");
  options.max_tokens = 0;
  EXPECT_EQ(field_of(options, "robopoint-worker"), "max_tokens");
  options = Options("http://127.0.0.1:1");
  options.top_p = 0;
  EXPECT_EQ(field_of(options, "openai"), "top_p");
  options = Options("http://127.0.0.1:1");
  options.timeouts.read_seconds = 0;
  EXPECT_EQ(field_of(options, "openai"), "timeout");
}

TEST(ServerAddressTest, SplitsTheBaseUrl) {
  ServerAddress address = ParseServerAddress("http://localhost:8000", "base_url");
  EXPECT_EQ(address.scheme_host_port, "http://localhost:8000");
  EXPECT_EQ(address.path_prefix, "");
  address = ParseServerAddress("https://api.example.com/openai/v1/", "base_url");
  EXPECT_EQ(address.scheme_host_port, "https://api.example.com");
  EXPECT_EQ(address.path_prefix, "/openai/v1");
  EXPECT_EQ(address.Url("/x"), "https://api.example.com/openai/v1/x");
  EXPECT_THROW(ParseServerAddress("ftp://host", "base_url"), InputError);
  EXPECT_THROW(ParseServerAddress("http://", "base_url"), InputError);
  EXPECT_THROW(ParseServerAddress("http:///v1", "base_url"), InputError);
}

TEST(ReplyTextTest, ChatContentMayBeAListOfParts) {
  EXPECT_EQ(OpenAiReplyText(R"({"choices": [{"message": {"content": [
              {"type": "text", "text": "ye"}, {"type": "text", "text": "s"}]}}]})", "u"),
            "yes");
  EXPECT_THROW(OpenAiReplyText(R"({"choices": [{"message": {"content": null}}]})", "u"),
               BackendError);
}

TEST(ReplyTextTest, WorkerTextWithoutTheEchoedPromptIsTakenAsIs) {
  const std::string stream = std::string("{\"text\": \" yes \", \"error_code\": 0}") + '\0';
  EXPECT_EQ(RoboPointWorkerReplyText(stream, "PROMPT", "u"), "yes");
  EXPECT_EQ(RoboPointWorkerReplyText(FakeModelServer::WorkerStream("P", " no</s>", 2), "P", "u"),
            "no");
}

}  // namespace
}  // namespace spatialgen
