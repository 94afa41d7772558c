#include "predict/predict_options.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "predict/retry_backoff.h"

namespace spatialgen {
namespace {

std::string FieldOf(const PredictOptions& options) {
  try {
    options.Check();
  } catch (const InputError& e) {
    return e.location().field;
  }
  return "none";
}

PredictOptions Valid() {
  PredictOptions options;
  options.dataset = "data";
  options.out = "predictions.jsonl";
  options.backend = "openai";
  options.http.base_url = "http://127.0.0.1:8000";
  options.http.model = "m";
  return options;
}

TEST(PredictOptionsTest, CheckNamesTheBadField) {
  EXPECT_EQ(FieldOf(Valid()), "none");
  PredictOptions options = Valid();
  options.dataset.clear();
  EXPECT_EQ(FieldOf(options), "dataset");
  options = Valid();
  options.out.clear();
  EXPECT_EQ(FieldOf(options), "out");
  options = Valid();
  options.backend = "gpt";
  EXPECT_EQ(FieldOf(options), "backend");
  options = Valid();
  options.concurrency = 0;
  EXPECT_EQ(FieldOf(options), "concurrency");
  options = Valid();
  options.retries = -1;
  EXPECT_EQ(FieldOf(options), "retries");
  options = Valid();
  options.backoff.base_seconds = -1;
  EXPECT_EQ(FieldOf(options), "backoff");
  options = Valid();
  options.limit = -3;
  EXPECT_EQ(FieldOf(options), "limit");
  options = Valid();
  options.stop_after_failures = -1;
  EXPECT_EQ(FieldOf(options), "stop_after_failures");
  options = Valid();
  options.http.base_url.clear();
  EXPECT_EQ(FieldOf(options), "base_url");
}

TEST(BackoffTest, DoublesWithJitterUpToTheCap) {
  const BackoffPolicy policy{1.0, 5.0};
  for (int retry = 1; retry <= 6; ++retry) {
    const double nominal = std::min(5.0, std::ldexp(1.0, retry - 1));
    const double pause = BackoffSeconds(policy, 42, "item7", retry);
    EXPECT_GE(pause, 0.5 * nominal) << retry;
    EXPECT_LT(pause, nominal) << retry;
  }
}

TEST(BackoffTest, JitterDependsOnlyOnSeedIdAndRetry) {
  const BackoffPolicy policy{1.0, 30.0};
  EXPECT_EQ(BackoffSeconds(policy, 7, "a", 2), BackoffSeconds(policy, 7, "a", 2));
  EXPECT_NE(BackoffSeconds(policy, 7, "a", 1), BackoffSeconds(policy, 7, "b", 1));
  EXPECT_NE(BackoffSeconds(policy, 7, "a", 1), BackoffSeconds(policy, 8, "a", 1));
}

}  // namespace
}  // namespace spatialgen
