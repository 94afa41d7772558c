#include "infer/scoring.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "infer/score_report.h"
#include "infer/test_items.h"

namespace spatialgen {
namespace {

const ScoreGroup& FindGroup(const ScoreReport& report, const std::string& level, const std::string& task,
                            const std::string& frame = "all", const std::string& relation = "all") {
  for (const ScoreGroup& group : report.groups) {
    if (group.level == level && group.task == task && group.frame == frame && group.relation == relation) {
      return group;
    }
  }
  ADD_FAILURE() << "no group " << level << " " << task << " " << frame << " " << relation;
  static const ScoreGroup none;
  return none;
}

double Metric(const ScoreGroup& group, const std::string& name) {
  const ScoreMetric* metric = group.Find(name);
  EXPECT_NE(metric, nullptr) << name;
  return metric ? metric->mean : -1;
}

class ScoringTest : public ::testing::Test {
 protected:
  ScoringTest() : dir_("scoring") {
    // 10 x 10 masks, the left half inside.
    const auto mask = testing::WriteLeftMask(dir_.path() / "left.png", 10, 10, 5);
    dataset_.items = {
        testing::YesNoItem("c1", true, "ego", "left"),
        testing::YesNoItem("c2", false, "ego", "left"),
        testing::YesNoItem("c3", true, "world", "right"),
        testing::YesNoItem("c4", false, "world", "right"),
        testing::YesNoItem("c5", true, "world", "right"),
        testing::PointItem("p1", mask, {{0.2, 0.5}}),
        testing::PointItem("p2", mask, {{0.2, 0.5}}),
        testing::BoxItem("b1", Eigen::AlignedBox2d(Eigen::Vector2d(0, 0), Eigen::Vector2d(0.5, 0.5))),
    };
    DatasetItem unknown;
    unknown.id = "u1";
    unknown.task = "configuration";
    dataset_.items.push_back(unknown);  // no expected answer: skipped
  }

  static PredictionRecord Answer(std::string id, std::string text) {
    PredictionRecord record;
    record.id = std::move(id);
    record.text = std::move(text);
    return record;
  }

  testing::TempDir dir_;
  Dataset dataset_;
};

TEST_F(ScoringTest, HandMadePredictionsScoreExactly) {
  PredictionRecord failed;
  failed.id = "c5";
  failed.error = "HTTP 500";
  const std::vector<PredictionRecord> predictions = {
      Answer("c1", "Yes."),                    // correct
      Answer("c2", "yes"),                     // wrong
      Answer("c3", "maybe"),                   // unparsable
      failed,                                  // back end failed
      Answer("p1", "[(0.1, 0.5), (0.9, 0.5)]"),  // half inside, first inside
      Answer("p2", "[(9, 5)]"),                  // pixels: (0.9, 0.5), outside
      Answer("b1", "The box is [0, 0, 0.5, 1]."),  // IoU 0.5: a hit
      Answer("zz", "yes"),                     // names no item
  };  // c4: missing
  const ScoreReport report = ScorePredictions(dataset_, predictions);

  const ScoreGroup& ego_left = FindGroup(report, "cell", "configuration", "ego", "left");
  EXPECT_EQ(ego_left.items, 2);
  EXPECT_DOUBLE_EQ(Metric(ego_left, "score"), 0.5);
  EXPECT_DOUBLE_EQ(Metric(ego_left, "accuracy"), 0.5);
  EXPECT_NEAR(ego_left.Find("accuracy")->interval.low, WilsonInterval(1, 2).low, 1e-15);

  const ScoreGroup& world_right = FindGroup(report, "cell", "configuration", "world", "right");
  EXPECT_EQ(world_right.items, 3);
  EXPECT_EQ(world_right.missing, 1);
  EXPECT_EQ(world_right.failed, 1);
  EXPECT_EQ(world_right.unparsable, 1);
  EXPECT_DOUBLE_EQ(Metric(world_right, "accuracy"), 0.0);

  const ScoreGroup& configuration = FindGroup(report, "task", "configuration");
  EXPECT_EQ(configuration.items, 5);
  EXPECT_DOUBLE_EQ(Metric(configuration, "accuracy"), 0.2);
  EXPECT_EQ(configuration.Find("accuracy")->count, 5);

  const ScoreGroup& context = FindGroup(report, "task", "context");
  EXPECT_DOUBLE_EQ(Metric(context, "where2place"), 0.25);
  EXPECT_DOUBLE_EQ(Metric(context, "first_point_hit"), 0.5);
  EXPECT_DOUBLE_EQ(Metric(context, "score"), 0.25);
  EXPECT_EQ(context.Find("accuracy"), nullptr);

  const ScoreGroup& grounding = FindGroup(report, "cell", "grounding", "", "");
  EXPECT_DOUBLE_EQ(Metric(grounding, "iou_hit"), 1.0);
  EXPECT_DOUBLE_EQ(Metric(grounding, "mean_iou"), 0.5);

  const ScoreGroup& overall = FindGroup(report, "overall", "all");
  EXPECT_EQ(overall.items, 8);
  EXPECT_EQ(overall.missing, 1);
  EXPECT_DOUBLE_EQ(Metric(overall, "score"), (1 + 0.5 + 0 + 1) / 8.0);
  const ConfidenceInterval expected = MeanScoreInterval(2.5 / 8, 8);
  EXPECT_DOUBLE_EQ(overall.Find("score")->interval.low, expected.low);
  EXPECT_DOUBLE_EQ(overall.Find("score")->interval.high, expected.high);

  EXPECT_EQ(report.predictions, 8);
  EXPECT_EQ(report.unknown_ids, std::vector<std::string>{"zz"});
  EXPECT_EQ(report.unscored, std::vector<std::string>{"u1"});
  // Cells, then tasks, then overall.
  EXPECT_EQ(report.groups.front().level, "cell");
  EXPECT_EQ(report.groups.back().level, "overall");
}

TEST_F(ScoringTest, ReportsRenderEveryRow) {
  const ScoreReport report = ScorePredictions(dataset_, {Answer("c1", "yes")});
  const std::string markdown = ScoreMarkdown(report);
  EXPECT_NE(markdown.find("| configuration | ego | left | 2 | 0.500 ["), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("| **all** | **all** | **all** | 8 | 0.125 ["), std::string::npos) << markdown;
  const nlohmann::json json = ScoreJson(report);
  ASSERT_EQ(json["groups"].size(), report.groups.size());
  EXPECT_EQ(json["groups"].back()["level"], "overall");
  EXPECT_EQ(json["groups"].back()["missing"], 7);
  EXPECT_DOUBLE_EQ(json["groups"].back()["metrics"]["score"]["mean"].get<double>(), 0.125);
}

TEST_F(ScoringTest, OptionsAreChecked) {
  ScoreOptions options;
  options.iou_threshold = 0;
  EXPECT_THROW(options.Check(), InputError);
  options = {};
  options.mask_threshold = 0;
  EXPECT_THROW(options.Check(), InputError);
  options = {};
  options.iou_threshold = 0.75;  // the IoU 0.5 box is then a miss
  const ScoreReport report = ScorePredictions(dataset_, {Answer("b1", "[0, 0, 0.5, 1]")}, options);
  EXPECT_DOUBLE_EQ(Metric(FindGroup(report, "task", "grounding"), "iou_hit"), 0.0);
}

TEST_F(ScoringTest, UnreadableMaskNamesTheItem) {
  dataset_.items[5].mask_path = dir_.path() / "missing.png";
  try {
    ScorePredictions(dataset_, {Answer("p1", "[(0.1, 0.1)]")});
    FAIL();
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("p1"), std::string::npos) << error.what();
  }
}

// Scored a piece at a time in any cut, the sums are added in dataset order: the same report.
TEST_F(ScoringTest, PiecesGiveTheReportOfTheWholeDataset) {
  std::vector<PredictionRecord> predictions = {Answer("c1", "yes"), Answer("c2", "yes"), Answer("p1", "[(0.2, 0.5)]"),
                                               Answer("p2", "[(0.9, 0.5), (0.1, 0.1)]"), Answer("b1", "[0, 0, 0.4, 0.5]"),
                                               Answer("x9", "yes")};
  const ScoreReport whole = ScorePredictions(dataset_, predictions);
  ScoreAccumulator pieces({});
  for (size_t first = 0; first < dataset_.items.size(); first += 3) {
    const std::vector<DatasetItem> piece(dataset_.items.begin() + first,
                                         dataset_.items.begin() + std::min(first + 3, dataset_.items.size()));
    std::vector<const PredictionRecord*> of(piece.size(), nullptr);
    for (size_t i = 0; i < piece.size(); ++i) {
      for (const PredictionRecord& prediction : predictions) of[i] = prediction.id == piece[i].id ? &prediction : of[i];
    }
    pieces.Add(piece, of);
  }
  const ScoreReport streamed = pieces.Finish(static_cast<int>(predictions.size()), {"x9"});
  EXPECT_EQ(ScoreJson(streamed).dump(), ScoreJson(whole).dump());
}

}  // namespace
}  // namespace spatialgen
