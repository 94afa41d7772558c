// The native model's whole loop with the binary, on a small slice of the demo dataset (one
// scene, its first 24 items) and the tiny random LLaVA of tests/data/vlm: predict with the
// native back end, score, then `spatialgen serve` the same model and ask it through the
// robopoint-worker and openai back ends, which must give the native answers. The tiny model's
// answers are noise, so the scores are near zero: the loop and the formats are what is tested.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "tests/spatialgen_binary.h"

namespace {

namespace fs = std::filesystem;
const fs::path kSource(SPATIALGEN_SOURCE_DIR);
// Per process: other checkouts on the machine may run the same test at the same time.
const fs::path kTemp = fs::temp_directory_path() / ("spatialgen_vlm_loop_" + std::to_string(getpid()));
const std::string kModel = (kSource / "tests/data/vlm/tiny-llava").string();
const std::string kTower = (kSource / "tests/data/vlm/tiny-clip").string();
constexpr int kItems = 24;

std::map<std::string, std::string> Answers(const fs::path& predictions) {
  std::map<std::string, std::string> answers;
  std::ifstream stream(predictions);
  for (std::string line; std::getline(stream, line);) {
    const auto record = nlohmann::json::parse(line);
    if (record.at("text").is_string()) answers[record.at("id")] = record.at("text");
  }
  return answers;
}

// `spatialgen serve` in a child process on a free port, stopped with SIGTERM.
class ServeProcess {
 public:
  ServeProcess() {
    int out[2];
    if (pipe(out) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      close(out[1]);
      execl(SPATIALGEN_BINARY, SPATIALGEN_BINARY, "serve", "--model", kModel.c_str(), "--vision-tower",
            kTower.c_str(), "--host", "127.0.0.1", "--port", "0", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    // The first line says where it listens: "serving NAME on http://127.0.0.1:PORT (...)".
    std::string line;
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
    close(out[0]);
    const size_t at = line.find("http://");
    if (at != std::string::npos) url_ = line.substr(at, line.find(' ', at) - at);
  }
  ~ServeProcess() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  const std::string& url() const { return url_; }

 private:
  pid_t pid_ = -1;
  std::string url_;
};

TEST(VlmLoopTest, NativePredictScoresAndServeAnswersAlike) {
  fs::remove_all(kTemp);
  const std::string dataset = (kTemp / "demo").string();
  auto run = [](const std::string& arguments) { return spatialgen::testing::RunSpatialgen(arguments); };
  auto result = run("generate --quiet --config " + (kSource / "configs/demo.json").string() + " --out " + dataset +
                    " --scenes proc_0003");
  ASSERT_EQ(result.exit_code, 0) << result.output;

  const fs::path native = kTemp / "native.jsonl";
  const std::string model = " --model " + kModel + " --vision-tower " + kTower;
  result = run("predict --quiet --dataset " + dataset + " --backend native" + model + " --batch 6 --max-new-tokens 10" +
               " --limit " + std::to_string(kItems) + " --out " + native.string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find(std::to_string(kItems) + " answered, 0 failed"), std::string::npos) << result.output;
  const std::map<std::string, std::string> answers = Answers(native);
  EXPECT_EQ(answers.size(), size_t(kItems));

  result = run("score --dataset " + dataset + " --predictions " + native.string() + " --report " +
               (kTemp / "score").string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto score = nlohmann::json::parse(std::ifstream(kTemp / "score" / "score.json"));
  EXPECT_FALSE(score.at("groups").empty());

  // A rerun resumes: nothing left to answer.
  result = run("predict --quiet --dataset " + dataset + " --backend native" + model + " --limit " +
               std::to_string(kItems) + " --out " + native.string());
  EXPECT_NE(result.output.find(std::to_string(kItems) + " skipped"), std::string::npos) << result.output;

  const ServeProcess server;
  ASSERT_FALSE(server.url().empty()) << "serve did not say where it listens";
  for (const std::string backend : {"robopoint-worker", "openai"}) {
    const fs::path served = kTemp / (backend + ".jsonl");
    result = run("predict --quiet --dataset " + dataset + " --backend " + backend + " --base-url " + server.url() +
                 " --model tiny-llava --api-key-env '' --max-tokens 10 --limit 8 --out " + served.string());
    ASSERT_EQ(result.exit_code, 0) << result.output;
    const std::map<std::string, std::string> served_answers = Answers(served);
    ASSERT_EQ(served_answers.size(), 8u) << backend;
    for (const auto& [id, text] : served_answers) EXPECT_EQ(text, answers.at(id)) << backend << " " << id;
  }
  fs::remove_all(kTemp);
}

}  // namespace
