#include "infer/predictions.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/error.h"
#include "infer/test_items.h"

namespace spatialgen {
namespace {

std::filesystem::path WriteLines(const testing::TempDir& dir, const std::string& text) {
  const std::filesystem::path path = dir.path() / "predictions.jsonl";
  std::ofstream(path) << text;
  return path;
}

TEST(PredictionsTest, ReadsOwnRecordsAndRoboPointAnswers) {
  testing::TempDir dir("predictions_read");
  const auto path = WriteLines(dir,
      R"({"id":"a","text":"yes","backend":"openai","model":"gpt-4o","attempts":2,"seconds":1.5,"error":""})" "\n"
      "\n"
      R"({"id":"b","text":null,"backend":"openai","model":"gpt-4o","attempts":3,"seconds":9,"error":"HTTP 500"})" "\n"
      R"({"question_id":7,"prompt":"...","text":"[(0.1, 0.2)]","answer_id":"x","model_id":"robopoint-v1","metadata":{}})" "\n");
  const std::vector<PredictionRecord> records = ReadPredictions(path);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].id, "a");
  EXPECT_EQ(records[0].text, "yes");
  EXPECT_EQ(records[0].backend, "openai");
  EXPECT_EQ(records[0].model, "gpt-4o");
  EXPECT_EQ(records[0].attempts, 2);
  EXPECT_DOUBLE_EQ(records[0].seconds, 1.5);
  EXPECT_FALSE(records[1].text.has_value());
  EXPECT_EQ(records[1].error, "HTTP 500");
  EXPECT_EQ(records[2].id, "7");
  EXPECT_EQ(records[2].text, "[(0.1, 0.2)]");
  EXPECT_EQ(records[2].model, "robopoint-v1");
}

TEST(PredictionsTest, LaterLinesReplaceEarlierOnesInFirstSeenOrder) {
  testing::TempDir dir("predictions_replace");
  const auto path = WriteLines(dir,
      R"({"id":"a","text":null,"error":"timeout"})" "\n"
      R"({"id":"b","text":"no"})" "\n"
      R"({"id":"a","text":"yes","attempts":2})" "\n");
  const auto records = ReadPredictions(path);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].id, "a");
  EXPECT_EQ(records[0].text, "yes");
  EXPECT_EQ(records[0].error, "");
  EXPECT_EQ(records[0].attempts, 2);
  EXPECT_EQ(records[1].id, "b");
}

void ExpectError(const std::string& line, const std::string& field) {
  testing::TempDir dir("predictions_bad");
  const auto path = WriteLines(dir, R"({"id":"ok","text":"yes"})" "\n" + line + "\n");
  try {
    ReadPredictions(path);
    FAIL() << "no error for " << line;
  } catch (const InputError& error) {
    EXPECT_EQ(error.location().file, path.string() + ":2") << line;
    EXPECT_EQ(error.location().field, field) << line;
  }
}

TEST(PredictionsTest, MalformedLinesNameFileLineAndField) {
  ExpectError("{not json", "");
  ExpectError("[1, 2]", "");
  ExpectError(R"({"text":"yes"})", "id");
  ExpectError(R"({"id":3.5,"text":"yes"})", "id");
  ExpectError(R"({"id":"x","text":5})", "text");
  ExpectError(R"({"id":"x"})", "text");
  ExpectError(R"({"id":"x","text":"yes","attempts":"two"})", "attempts");
}

TEST(PredictionsTest, MissingFileThrows) {
  EXPECT_THROW(ReadPredictions("/nonexistent/predictions.jsonl"), InputError);
}

TEST(PredictionsTest, LineRoundTrips) {
  PredictionRecord record{"id\"1", std::string("[(0.5, 0.25)]\n"), "", "random", "", 1, 0.25};
  const std::string line = PredictionLine(record);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  testing::TempDir dir("predictions_roundtrip");
  PredictionRecord failed{"id2", std::nullopt, "HTTP 400", "openai", "m", 1, 2};
  const auto path = WriteLines(dir, line + "\n" + PredictionLine(failed) + "\n");
  const auto records = ReadPredictions(path);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].id, record.id);
  EXPECT_EQ(records[0].text, record.text);
  EXPECT_EQ(records[0].backend, "random");
  EXPECT_EQ(records[0].attempts, 1);
  EXPECT_DOUBLE_EQ(records[0].seconds, 0.25);
  EXPECT_FALSE(records[1].text.has_value());
  EXPECT_EQ(records[1].error, "HTTP 400");
  EXPECT_EQ(PredictionLine(failed),
            R"({"attempts":1,"backend":"openai","error":"HTTP 400","id":"id2","model":"m","seconds":2.0,"text":null})");
}

// The index finds each id's last record, lists the ids in the order of their first line, and
// reports malformed lines like ReadPredictions.
TEST(PredictionsTest, IndexFindsTheLastRecordOfAnId) {
  testing::TempDir dir("predictions_index");
  const auto path = WriteLines(dir,
      R"({"id":"a","text":null,"error":"timeout"})" "\n"
      R"({"id":"b","text":"no"})" "\n"
      "\n"
      R"({"question_id":7,"text":"[(0.1, 0.2)]"})" "\n"
      R"({"id":"a","text":"yes"})" "\n");
  const PredictionIndex index(path);
  EXPECT_EQ(index.size(), 3u);
  EXPECT_EQ(index.Find("a")->text, "yes");  // the retry replaced the failure
  EXPECT_EQ(index.Find("b")->text, "no");
  EXPECT_EQ(index.Find("7")->text, "[(0.1, 0.2)]");
  EXPECT_FALSE(index.Find("c").has_value());
  std::vector<std::string> ids;
  index.ForEachId([&](const std::string& id) { ids.push_back(id); });
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "b", "7"}));
  // The same records as ReadPredictions, in the same order.
  const std::vector<PredictionRecord> records = ReadPredictions(path);
  ASSERT_EQ(records.size(), ids.size());
  for (size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(records[i].id, ids[i]);
    EXPECT_EQ(records[i].text, index.Find(ids[i])->text);
  }

  const auto broken = WriteLines(dir, R"({"id":"a","text":"yes"})" "\n{broken\n");
  try {
    PredictionIndex bad(broken);
    FAIL() << "a malformed line was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("predictions.jsonl:2"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace spatialgen
