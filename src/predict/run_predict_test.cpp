// The predict driver: retries, error records, resume, whole lines, concurrency, batches.
#include "predict/run_predict.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>

#include "core/atomic_file.h"
#include "core/error.h"
#include "infer/predictions.h"
#include "predict/fake_model_server.h"
#include "predict/openai_backend.h"
#include "predict/robopoint_worker_backend.h"
#include "predict/test_items.h"

namespace spatialgen {
namespace {

PredictOptions FastOptions(const std::filesystem::path& out, const std::string& url) {
  PredictOptions options;
  options.out = out;
  options.backend = "openai";
  options.concurrency = 3;
  options.retries = 2;
  options.backoff.base_seconds = 0.01;
  options.backoff.max_seconds = 0.02;
  options.progress = false;
  options.http.base_url = url;
  options.http.model = "test-model";
  options.http.api_key_env = "";
  options.http.timeouts.connect_seconds = 1;
  options.http.timeouts.read_seconds = 0.2;
  return options;
}

std::map<std::string, PredictionRecord> ById(const std::vector<PredictionRecord>& records) {
  std::map<std::string, PredictionRecord> by_id;
  for (const PredictionRecord& record : records) by_id[record.id] = record;
  return by_id;
}

// Every line of the file is a whole JSON object, and the file ends with a newline.
std::vector<nlohmann::json> WholeLines(const std::filesystem::path& path) {
  const std::string contents = ReadFileToString(path);
  EXPECT_TRUE(!contents.empty() && contents.back() == '\n');
  std::vector<nlohmann::json> lines;
  std::istringstream in(contents);
  for (std::string line; std::getline(in, line);) {
    const nlohmann::json value = nlohmann::json::parse(line, nullptr, false);
    EXPECT_TRUE(value.is_object()) << line;
    lines.push_back(value);
  }
  return lines;
}

class RunPredictTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTestDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    WriteTestImage(dir_ / "view.png");
    items_ = TestItems(4, dir_ / "view.png");
    out_ = dir_ / "out" / "predictions.jsonl";
    options_ = FastOptions(out_, server_.url());
  }

  PredictSummary Run() {
    OpenAiBackend backend(options_.http);
    return PredictItems(items_, backend, options_);
  }

  std::filesystem::path dir_, out_;
  std::vector<DatasetItem> items_;
  PredictOptions options_;
  FakeModelServer server_;
};

TEST_F(RunPredictTest, AnswersEveryItemOnOneWholeLineEach) {
  const PredictSummary summary = Run();
  EXPECT_EQ(summary.items, 4);
  EXPECT_EQ(summary.answered, 4);
  EXPECT_EQ(summary.failed, 0);
  EXPECT_EQ(summary.skipped, 0);

  const std::vector<nlohmann::json> lines = WholeLines(out_);
  ASSERT_EQ(lines.size(), 4u);
  for (const nlohmann::json& line : lines) {
    EXPECT_EQ(line.at("backend"), "openai");
    EXPECT_EQ(line.at("model"), "test-model");
    EXPECT_EQ(line.at("attempts"), 1);
  }
  const auto records = ById(ReadPredictions(out_));
  ASSERT_EQ(records.size(), 4u);
  for (const DatasetItem& item : items_) {
    ASSERT_TRUE(records.at(item.id).text.has_value());
    EXPECT_EQ(*records.at(item.id).text, FakeModelServer::AnswerFor(item.question));
    EXPECT_EQ(records.at(item.id).error, "");
  }
}

TEST_F(RunPredictTest, RetriesServerErrorsThenSucceeds) {
  server_.Script("question 1?", {{500, "busy"}, {503, "busy"}, {200, ""}});
  const PredictSummary summary = Run();
  EXPECT_EQ(summary.answered, 4);
  const auto records = ById(ReadPredictions(out_));
  EXPECT_EQ(records.at("item1").attempts, 3);
  EXPECT_EQ(records.at("item1").text, FakeModelServer::AnswerFor("question 1?"));
  EXPECT_EQ(server_.RequestsAbout("question 1?"), 3);
}

TEST_F(RunPredictTest, RecordsAnErrorWhenRetriesRunOut) {
  server_.Script("question 2?", {{200, "", 0.5}});  // beyond the 0.2 s timeout, every time
  options_.retries = 1;
  const PredictSummary summary = Run();
  EXPECT_EQ(summary.answered, 3);
  EXPECT_EQ(summary.failed, 1);
  ASSERT_EQ(summary.first_errors.size(), 1u);
  EXPECT_EQ(summary.first_errors[0].rfind("item2: ", 0), 0u) << summary.first_errors[0];
  const auto records = ById(ReadPredictions(out_));
  EXPECT_FALSE(records.at("item2").text.has_value());
  EXPECT_EQ(records.at("item2").attempts, 2);
  EXPECT_NE(records.at("item2").error.find("timeout"), std::string::npos)
      << records.at("item2").error;
  // The failed item's line has "text": null.
  for (const nlohmann::json& line : WholeLines(out_)) {
    if (line.at("id") == "item2") {
      EXPECT_TRUE(line.at("text").is_null());
    }
  }
}

TEST_F(RunPredictTest, DoesNotRetryClientErrors) {
  server_.Script("question 0?", {{400, "{\"error\": \"no such model\"}"}});
  const PredictSummary summary = Run();
  EXPECT_EQ(summary.failed, 1);
  EXPECT_EQ(server_.RequestsAbout("question 0?"), 1);
  const auto records = ById(ReadPredictions(out_));
  EXPECT_EQ(records.at("item0").attempts, 1);
  EXPECT_NE(records.at("item0").error.find("HTTP 400"), std::string::npos);
  EXPECT_NE(records.at("item0").error.find("no such model"), std::string::npos);
}

TEST_F(RunPredictTest, ResumeSkipsAnsweredItemsAndRetriesFailedOnes) {
  server_.Script("question 1?", {{400, "bad"}, {200, ""}});
  server_.Script("question 3?", {{200, "not json"}, {200, ""}});
  PredictSummary first = Run();
  EXPECT_EQ(first.answered, 2);
  EXPECT_EQ(first.failed, 2);

  const PredictSummary second = Run();
  EXPECT_EQ(second.items, 4);
  EXPECT_EQ(second.skipped, 2);
  EXPECT_EQ(second.answered, 2);
  EXPECT_EQ(second.failed, 0);
  EXPECT_EQ(server_.RequestsAbout("question 0?"), 1);
  EXPECT_EQ(server_.RequestsAbout("question 1?"), 2);
  EXPECT_EQ(server_.RequestsAbout("question 2?"), 1);
  EXPECT_EQ(server_.RequestsAbout("question 3?"), 2);

  EXPECT_EQ(WholeLines(out_).size(), 6u);  // the retries are appended
  const auto records = ById(ReadPredictions(out_));
  ASSERT_EQ(records.size(), 4u);
  for (const auto& [id, record] : records) EXPECT_TRUE(record.text.has_value()) << id;

  // A third run has nothing left to do.
  const PredictSummary third = Run();
  EXPECT_EQ(third.skipped, 4);
  EXPECT_EQ(third.answered + third.failed, 0);
  EXPECT_EQ(server_.requests().size(), 6u);
}

TEST_F(RunPredictTest, ResumeCutsAnInterruptedLastLine) {
  std::filesystem::create_directories(out_.parent_path());
  std::ofstream(out_) << R"({"id": "item0", "text": "earlier", "error": ""})" << "\n"
                      << R"({"id": "item1", "te)";
  const PredictSummary summary = Run();
  EXPECT_EQ(summary.skipped, 1);
  EXPECT_EQ(summary.answered, 3);
  EXPECT_EQ(WholeLines(out_).size(), 4u);
  EXPECT_EQ(ById(ReadPredictions(out_)).at("item0").text, "earlier");
}

TEST_F(RunPredictTest, ResumeKeepsAWholeLastLineThatLacksItsNewline) {
  std::filesystem::create_directories(out_.parent_path());
  std::ofstream(out_) << R"({"id": "item3", "text": "earlier", "error": ""})";
  const PredictSummary summary = Run();
  EXPECT_EQ(summary.skipped, 1);
  EXPECT_EQ(WholeLines(out_).size(), 4u);
}

TEST_F(RunPredictTest, StopsWhenItemsFailInARow) {
  std::string closed_url;
  {
    FakeModelServer closed;
    closed_url = closed.url();
  }
  options_.http.base_url = closed_url;
  options_.stop_after_failures = 5;
  options_.concurrency = 2;
  options_.retries = 0;
  items_ = TestItems(30, dir_ / "view.png");
  const PredictSummary summary = Run();
  EXPECT_TRUE(summary.stopped);
  EXPECT_EQ(summary.answered, 0);
  EXPECT_GE(summary.failed, 5);
  EXPECT_LE(summary.failed, 6);  // the other worker's item was in flight
  EXPECT_EQ(summary.failed + summary.not_run, 30);
  EXPECT_EQ(int64_t(ReadPredictions(out_).size()), summary.failed);
  EXPECT_NE(summary.first_errors.at(0).find("cannot connect"), std::string::npos)
      << summary.first_errors.at(0);
}

TEST_F(RunPredictTest, ASuccessResetsTheFailuresInARow) {
  options_.stop_after_failures = 2;
  options_.concurrency = 1;
  items_ = TestItems(6, dir_ / "view.png");
  for (const int i : {0, 2, 4}) server_.Script("question " + std::to_string(i) + "?", {{400, ""}});
  const PredictSummary summary = Run();
  EXPECT_FALSE(summary.stopped);
  EXPECT_EQ(summary.failed, 3);
  EXPECT_EQ(summary.answered, 3);
  EXPECT_EQ(summary.not_run, 0);
}

TEST_F(RunPredictTest, LimitTakesTheFirstItems) {
  options_.limit = 2;
  const PredictSummary summary = Run();
  EXPECT_EQ(summary.items, 2);
  const auto records = ById(ReadPredictions(out_));
  EXPECT_EQ(records.size(), 2u);
  EXPECT_TRUE(records.count("item0") && records.count("item1"));
}

TEST_F(RunPredictTest, RunsItemsConcurrently) {
  items_ = TestItems(6, dir_ / "view.png");
  for (const DatasetItem& item : items_) server_.Script(item.question, {{200, "", 0.1}});
  options_.concurrency = 3;
  options_.http.timeouts.read_seconds = 2;
  EXPECT_EQ(Run().answered, 6);
  EXPECT_GE(server_.max_in_flight(), 2);
  EXPECT_LE(server_.max_in_flight(), 3);
}

TEST_F(RunPredictTest, WorkerProtocolEndToEnd) {
  options_.backend = "robopoint-worker";
  server_.Script("question 1?", {{200, FakeModelServer::WorkerStream("", "oom", 1, 1)}, {200, ""}});
  RoboPointWorkerBackend backend(options_.http);
  const PredictSummary summary = PredictItems(items_, backend, options_);
  EXPECT_EQ(summary.answered, 4);
  const auto records = ById(ReadPredictions(out_));
  EXPECT_EQ(records.at("item1").attempts, 2);
  EXPECT_EQ(records.at("item1").backend, "robopoint-worker");
  EXPECT_EQ(records.at("item0").text, FakeModelServer::AnswerFor("question 0?"));
}

TEST_F(RunPredictTest, RunPredictReadsTheDatasetAndRunsAnOfflineBackEnd) {
  std::ofstream(dir_ / "qa.jsonl")
      << R"({"id": "a", "image": "view.png", "question": "Is the cup left of the box? Final answer should be yes or no.", "answer": "yes", "qa_type": "configuration"})"
      << "\n"
      << R"({"id": "b", "image": "view.png", "question": "Is the box left of the cup? Final answer should be yes or no.", "answer": "no", "qa_type": "configuration"})"
      << "\n";
  PredictOptions options = options_;
  options.dataset = dir_ / "qa.jsonl";
  options.backend = "oracle";
  options.concurrency = 8;
  const PredictSummary summary = RunPredict(options);
  EXPECT_EQ(summary.answered, 2);
  // Offline back ends run on one thread: the file is in dataset order.
  const std::vector<PredictionRecord> records = ReadPredictions(out_);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].id, "a");
  EXPECT_EQ(records[0].text, "yes");
  EXPECT_EQ(records[1].text, "no");
  EXPECT_EQ(records[1].backend, "oracle");

  options.backend = "openai";
  options.http.model.clear();
  EXPECT_THROW(RunPredict(options), InputError);  // checked before anything runs
}

// An in-process back end that answers several items a call and fails as scripted.
class BatchBackend : public Backend {
 public:
  std::string name() const override { return "batch"; }
  int preferred_batch() const override { return 3; }
  std::string Answer(const DatasetItem& item) override { return "single " + item.id; }
  std::vector<std::string> AnswerBatch(const std::vector<const DatasetItem*>& items) override {
    std::lock_guard lock(mutex_);
    batch_sizes.push_back(items.size());
    if (items.front()->id == "item3" && fail_second_batch) throw BackendError("batch failed", false);
    if (items.front()->id == "item0" && short_first_batch) return {"only one"};
    std::vector<std::string> answers;
    for (const DatasetItem* item : items) answers.push_back("batch " + item->id);
    return answers;
  }
  std::mutex mutex_;
  std::vector<size_t> batch_sizes;
  bool fail_second_batch = false;
  bool short_first_batch = false;
};

TEST_F(RunPredictTest, BatchBackendsGetTheirPreferredBatches) {
  items_ = TestItems(7, dir_ / "view.png");
  BatchBackend backend;
  backend.fail_second_batch = true;
  const PredictSummary summary = PredictItems(items_, backend, options_);
  EXPECT_EQ(summary.answered, 3 + 1);  // the third batch is a single item: Answer()
  EXPECT_EQ(summary.failed, 3);
  std::sort(backend.batch_sizes.begin(), backend.batch_sizes.end());
  EXPECT_EQ(backend.batch_sizes, (std::vector<size_t>{3, 3}));
  const auto records = ById(ReadPredictions(out_));
  EXPECT_EQ(records.at("item0").text, "batch item0");
  EXPECT_EQ(records.at("item6").text, "single item6");
  EXPECT_EQ(records.at("item4").error, "batch failed");
}

TEST_F(RunPredictTest, ABatchWithTooFewAnswersFailsAsAWhole) {
  items_ = TestItems(3, dir_ / "view.png");
  BatchBackend backend;
  backend.short_first_batch = true;
  const PredictSummary summary = PredictItems(items_, backend, options_);
  EXPECT_EQ(summary.failed, 3);
  EXPECT_NE(ById(ReadPredictions(out_)).at("item1").error.find("1 answers for 3 items"),
            std::string::npos);
}

TEST_F(RunPredictTest, AMalformedPredictionsFileStopsTheRun) {
  std::filesystem::create_directories(out_.parent_path());
  std::ofstream(out_) << "{\"id\": 5, \"text\": 12}\n";
  EXPECT_THROW(Run(), InputError);
  EXPECT_TRUE(server_.requests().empty());
}

}  // namespace
}  // namespace spatialgen
