#include "infer/blind_prior.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "infer/test_items.h"

namespace spatialgen {
namespace {

const std::vector<std::string> kObjects = {"chair", "table", "lamp", "sofa", "bed", "cup", "shelf"};

DatasetItem Configuration(int index, const std::string& relation, bool yes) {
  DatasetItem item = testing::YesNoItem("item" + std::to_string(index) + relation, yes, "ego", relation);
  const std::string a = kObjects[index % kObjects.size()];
  const std::string b = kObjects[(index / kObjects.size() + index + 1) % kObjects.size()];
  item.question = "Is the " + a + " to the " + relation + " of the " + b + "?";
  item.object_labels = {a, b};
  return item;
}

const BlindPriorCell& Cell(const BlindPriorEstimate& estimate, const std::string& relation) {
  for (const BlindPriorCell& cell : estimate.cells) {
    if (cell.relation == relation) return cell;
  }
  ADD_FAILURE() << relation;
  static const BlindPriorCell none;
  return none;
}

TEST(BlindPriorTest, PlantedBiasIsFoundBalancedSetIsNearChance) {
  Dataset dataset;
  for (int i = 0; i < 100; ++i) dataset.items.push_back(Configuration(i, "left", true));  // always yes
  for (int i = 0; i < 100; ++i) dataset.items.push_back(Configuration(i, "right", i % 2 == 0));
  const BlindPriorEstimate estimate = EstimateBlindPrior(dataset);
  ASSERT_EQ(estimate.cells.size(), 2u);
  const BlindPriorCell& left = Cell(estimate, "left");
  EXPECT_EQ(left.items, 100);
  EXPECT_DOUBLE_EQ(left.accuracy, 1.0);
  EXPECT_DOUBLE_EQ(left.chance, 0.5);
  EXPECT_GT(left.interval.low, 0.9);
  const BlindPriorCell& right = Cell(estimate, "right");
  EXPECT_GT(right.accuracy, 0.25);
  EXPECT_LT(right.accuracy, 0.75);
  EXPECT_LT(right.interval.low, 0.5);
  EXPECT_GT(right.interval.high, 0.5);
  EXPECT_EQ(estimate.overall.items, 200);
  // Deterministic.
  EXPECT_EQ(EstimateBlindPrior(dataset).overall.accuracy, estimate.overall.accuracy);
}

TEST(BlindPriorTest, CrossValidationDoesNotScoreAnItemWithItsOwnAnswer) {
  // Every item has its own wording (a unique key), so a prior fitted on the item would be
  // right every time; cross-validated, the key is never seen and the task prior answers.
  Dataset dataset;
  for (int i = 0; i < 40; ++i) {
    DatasetItem item = testing::YesNoItem("u" + std::to_string(i), i % 4 == 0);  // 25 % yes
    item.question = "Question number " + std::to_string(i) + "?";
    item.object_labels.clear();
    dataset.items.push_back(item);
  }
  const BlindPriorEstimate estimate = EstimateBlindPrior(dataset);
  // The task prior answers "no" (75 % of training items), right on exactly the "no" items.
  EXPECT_DOUBLE_EQ(estimate.overall.accuracy, 0.75);
}

TEST(BlindPriorTest, FitsMeanPointsAndBoxesPerKey) {
  DatasetItem a = testing::PointItem("a", "", {{0.1, 0.3}, {0.3, 0.5}});  // mean (0.2, 0.4)
  DatasetItem b = testing::PointItem("b", "", {{0.4, 0.6}});
  b.object_labels = {"plate"};
  b.question = "Point to free space left of the plate.";
  DatasetItem box1 = testing::BoxItem("g1", Eigen::AlignedBox2d(Eigen::Vector2d(0, 0), Eigen::Vector2d(0.5, 0.5)));
  DatasetItem box2 = testing::BoxItem("g2", Eigen::AlignedBox2d(Eigen::Vector2d(0.5, 0.5), Eigen::Vector2d(1, 1)));
  const BlindPrior prior = BlindPrior::Fit({&a, &b, &box1, &box2});
  EXPECT_EQ(prior.Answer(a), "[(0.3000, 0.5000)]");
  EXPECT_EQ(prior.Answer(box1), "[0.2500, 0.2500, 0.7500, 0.7500]");
  // An unseen wording falls back to the task's prior; an unseen task to the fixed answer.
  DatasetItem other = a;
  other.question = "Somewhere else?";
  EXPECT_EQ(prior.Answer(other), "[(0.3000, 0.5000)]");
  other.task = "object_reference";
  EXPECT_EQ(prior.Answer(other), "[(0.5000, 0.5000)]");
  DatasetItem yes_no = testing::YesNoItem("y", false);
  EXPECT_EQ(prior.Answer(yes_no), "yes");
  const BlindPrior no_prior = BlindPrior::Fit({&yes_no});
  EXPECT_EQ(no_prior.Answer(testing::YesNoItem("z", true)), "no");
}

TEST(BlindPriorTest, PointChanceIsTheRegionArea) {
  testing::TempDir dir("blind_points");
  const auto mask = testing::WriteLeftMask(dir.path() / "m.png", 10, 10, 3);
  Dataset dataset;
  for (int i = 0; i < 10; ++i) dataset.items.push_back(testing::PointItem("p" + std::to_string(i), mask, {{0.1, 0.5}}));
  const BlindPriorEstimate estimate = EstimateBlindPrior(dataset);
  EXPECT_DOUBLE_EQ(estimate.overall.chance, 0.3);
  EXPECT_DOUBLE_EQ(estimate.overall.accuracy, 1.0);  // the mean point (0.1, 0.5) is inside
}

TEST(BlindPriorTest, OptionsAreChecked) {
  BlindPriorOptions options;
  options.folds = 1;
  EXPECT_THROW(options.Check(), InputError);
}

}  // namespace
}  // namespace spatialgen
