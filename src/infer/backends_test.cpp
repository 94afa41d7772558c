#include "infer/backends.h"

#include <gtest/gtest.h>

#include "infer/blind_prior.h"
#include "infer/scoring.h"
#include "infer/test_items.h"

namespace spatialgen {
namespace {

Dataset SyntheticDataset(const std::filesystem::path& dir) {
  const auto mask = testing::WriteLeftMask(dir / "left.png", 40, 30, 7);
  Dataset dataset;
  for (int i = 0; i < 20; ++i) {
    dataset.items.push_back(testing::YesNoItem("c" + std::to_string(i), i % 3 == 0, i % 2 ? "ego" : "world",
                                               i % 4 < 2 ? "left" : "behind"));
  }
  dataset.items.push_back(testing::PointItem("p1", mask, {{0.05, 0.5}, {0.1, 0.9}}));
  dataset.items.push_back(testing::PointItem("p2", mask, {}));  // mask only: the oracle samples it
  DatasetItem hull = testing::PointItem("p3", "", {{0.6, 0.6}, {0.8, 0.6}, {0.7, 0.8}});  // no mask
  hull.mask.clear();
  dataset.items.push_back(hull);
  dataset.items.push_back(testing::BoxItem("b1", Eigen::AlignedBox2d(Eigen::Vector2d(0.1, 0.2), Eigen::Vector2d(0.4, 0.9))));
  return dataset;
}

std::vector<PredictionRecord> Predict(Backend& backend, const Dataset& dataset) {
  std::vector<PredictionRecord> predictions;
  for (const DatasetItem& item : dataset.items) {
    PredictionRecord record;
    record.id = item.id;
    record.text = backend.Answer(item);
    record.backend = backend.name();
    predictions.push_back(record);
  }
  return predictions;
}

TEST(BackendsTest, OracleScoresFullMarksEverywhere) {
  testing::TempDir dir("oracle");
  const Dataset dataset = SyntheticDataset(dir.path());
  const auto oracle = MakeOfflineBackend("oracle", dataset, 0);
  ASSERT_NE(oracle, nullptr);
  EXPECT_EQ(oracle->name(), "oracle");
  const ScoreReport report = ScorePredictions(dataset, Predict(*oracle, dataset));
  for (const ScoreGroup& group : report.groups) {
    for (const ScoreMetric& metric : group.metrics) {
      if (metric.name == "mean_iou") {
        EXPECT_NEAR(metric.mean, 1.0, 1e-3) << group.task;
      } else {
        EXPECT_DOUBLE_EQ(metric.mean, 1.0) << group.task << " " << group.frame << " " << metric.name;
      }
    }
    EXPECT_EQ(group.unparsable, 0);
  }
}

TEST(BackendsTest, RandomIsDeterministicPerItemAndSeed) {
  testing::TempDir dir("random");
  const Dataset dataset = SyntheticDataset(dir.path());
  const auto first = MakeOfflineBackend("random", dataset, 7);
  const auto second = MakeOfflineBackend("random", dataset, 7);
  const auto other_seed = MakeOfflineBackend("random", dataset, 8);
  std::vector<std::string> forward, backward, other;
  for (const DatasetItem& item : dataset.items) forward.push_back(first->Answer(item));
  for (auto it = dataset.items.rbegin(); it != dataset.items.rend(); ++it) backward.insert(backward.begin(), second->Answer(*it));
  for (const DatasetItem& item : dataset.items) other.push_back(other_seed->Answer(item));
  EXPECT_EQ(forward, backward);
  EXPECT_NE(forward, other);
  // Every random answer parses (chance level, not unparsable answers).
  const ScoreReport report = ScorePredictions(dataset, Predict(*first, dataset));
  EXPECT_EQ(report.groups.back().unparsable, 0);
  EXPECT_LT(report.groups.back().Find("score")->mean, 1.0);
}

TEST(BackendsTest, RandomYesNoIsNearHalf) {
  Dataset dataset;
  for (int i = 0; i < 400; ++i) dataset.items.push_back(testing::YesNoItem("y" + std::to_string(i), true));
  const auto random = MakeOfflineBackend("random", dataset, 1);
  const ScoreReport report = ScorePredictions(dataset, Predict(*random, dataset));
  const ScoreMetric* accuracy = report.groups.back().Find("accuracy");
  ASSERT_NE(accuracy, nullptr);
  EXPECT_GT(accuracy->mean, 0.4);
  EXPECT_LT(accuracy->mean, 0.6);
}

TEST(BackendsTest, BlindPriorAnswersAndUnknownNamesAreNull) {
  Dataset dataset;
  for (int i = 0; i < 10; ++i) dataset.items.push_back(testing::YesNoItem("y" + std::to_string(i), false));
  const auto blind = MakeOfflineBackend("blind-prior", dataset, 0);
  ASSERT_NE(blind, nullptr);
  EXPECT_EQ(blind->name(), "blind-prior");
  EXPECT_EQ(blind->Answer(dataset.items[0]), "no");
  EXPECT_EQ(MakeOfflineBackend("openai", dataset, 0), nullptr);
  EXPECT_EQ(OfflineBackendNames().size(), 3u);
  DatasetItem unknown;
  unknown.id = "x";
  EXPECT_THROW(blind->Answer(unknown), BackendError);
}

// Questions worded once each: a prior fitted on the items it answers would repeat every
// answer (1.0); the back end answers each item from the folds without it, as the audit does.
TEST(BackendsTest, BlindPriorScoresTheAuditsCrossValidatedEstimate) {
  Dataset dataset;
  for (int i = 0; i < 60; ++i) {
    DatasetItem item = testing::YesNoItem("u" + std::to_string(i), i % 2 == 0);
    item.question = "Question number " + std::to_string(i) + "? Final answer should be yes or no.";
    dataset.items.push_back(item);
  }
  const auto blind = MakeOfflineBackend("blind-prior", dataset, 0);
  const ScoreReport report = ScorePredictions(dataset, Predict(*blind, dataset));
  const double backend_score = report.groups.back().Find("score")->mean;
  EXPECT_DOUBLE_EQ(backend_score, EstimateBlindPrior(dataset).overall.accuracy);
  EXPECT_LT(backend_score, 0.8);
}

}  // namespace
}  // namespace spatialgen
