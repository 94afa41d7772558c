#include "infer/metrics.h"

#include <gtest/gtest.h>

#include "infer/test_items.h"

namespace spatialgen {
namespace {

TEST(MetricsTest, WilsonIntervalMatchesPublishedValues) {
  // Wilson (1927) with z = 1.96; the values are those of the closed form, to 1e-9.
  const auto expect = [](double successes, int n, double low, double high) {
    const ConfidenceInterval interval = WilsonInterval(successes, n);
    EXPECT_NEAR(interval.low, low, 1e-9) << successes << "/" << n;
    EXPECT_NEAR(interval.high, high, 1e-9) << successes << "/" << n;
  };
  expect(8, 10, 0.4901624715, 0.9433178485);
  expect(0, 10, 0.0, 0.2775327999);
  expect(5, 10, 0.2365930905, 0.7634069095);
  expect(10, 10, 0.7224672001, 1.0);
  expect(1, 1, 0.2065493144, 1.0);
  expect(50, 100, 0.4038315304, 0.5961684696);
  const ConfidenceInterval none = WilsonInterval(0, 0);
  EXPECT_EQ(none.low, 0);
  EXPECT_EQ(none.high, 1);
}

TEST(MetricsTest, MeanScoreIntervalIsWilsonAtTheMean) {
  const ConfidenceInterval interval = MeanScoreInterval(0.5, 10);
  EXPECT_NEAR(interval.low, 0.2365930905, 1e-9);
  EXPECT_NEAR(interval.high, 0.7634069095, 1e-9);
  EXPECT_NEAR(MeanScoreInterval(1.0, 10).low, 0.7224672001, 1e-9);  // not degenerate at 1
}

TEST(MetricsTest, BoxIoU) {
  const Eigen::AlignedBox2d unit(Eigen::Vector2d(0, 0), Eigen::Vector2d(1, 1));
  EXPECT_DOUBLE_EQ(BoxIoU(unit, unit), 1.0);
  EXPECT_DOUBLE_EQ(BoxIoU(unit, Eigen::AlignedBox2d(Eigen::Vector2d(0.5, 0), Eigen::Vector2d(1.5, 1))), 1.0 / 3);
  EXPECT_DOUBLE_EQ(BoxIoU(unit, Eigen::AlignedBox2d(Eigen::Vector2d(0, 0), Eigen::Vector2d(0.5, 0.5))), 0.25);
  EXPECT_DOUBLE_EQ(BoxIoU(unit, Eigen::AlignedBox2d(Eigen::Vector2d(2, 2), Eigen::Vector2d(3, 3))), 0.0);
  const Eigen::AlignedBox2d point(Eigen::Vector2d(0.5, 0.5), Eigen::Vector2d(0.5, 0.5));
  EXPECT_DOUBLE_EQ(BoxIoU(point, point), 0.0);
}

TEST(MetricsTest, MaskRegionMapsPointsToFlooredClampedPixels) {
  // 10 x 4 mask: columns 0..4 inside.
  cv::Mat grey(4, 10, CV_8U, cv::Scalar(0));
  grey(cv::Rect(0, 0, 5, 4)).setTo(255);
  const AnswerRegion region = AnswerRegion::FromMaskImage(grey);
  EXPECT_TRUE(region.Contains({0.0, 0.0}));
  EXPECT_TRUE(region.Contains({0.499, 0.5}));   // floor(4.99) = 4
  EXPECT_FALSE(region.Contains({0.5, 0.5}));    // floor(5.0) = 5
  EXPECT_TRUE(region.Contains({-3.0, 7.0}));    // clamped to (0, 3)
  EXPECT_FALSE(region.Contains({1.0, 1.0}));    // clamped to (9, 3)
  EXPECT_DOUBLE_EQ(region.AreaFraction(), 0.5);
  EXPECT_DOUBLE_EQ(FractionInRegion({{0.1, 0.1}, {0.9, 0.1}, {0.2, 0.9}, {0.6, 0.6}}, region), 0.5);
  EXPECT_DOUBLE_EQ(FractionInRegion({}, region), 0.0);
  EXPECT_TRUE(FirstPointInRegion({{0.1, 0.1}, {0.9, 0.1}}, region));
  EXPECT_FALSE(FirstPointInRegion({{0.9, 0.1}, {0.1, 0.1}}, region));
  EXPECT_FALSE(FirstPointInRegion({}, region));
}

TEST(MetricsTest, EightBitMasksAreThresholdedAt128) {
  cv::Mat grey(1, 4, CV_8U);
  grey.at<uint8_t>(0, 0) = 127;
  grey.at<uint8_t>(0, 1) = 128;
  grey.at<uint8_t>(0, 2) = 200;
  grey.at<uint8_t>(0, 3) = 3;  // JPEG noise
  const AnswerRegion region = AnswerRegion::FromMaskImage(grey);
  EXPECT_FALSE(region.Contains({0.1, 0.5}));
  EXPECT_TRUE(region.Contains({0.3, 0.5}));
  EXPECT_TRUE(region.Contains({0.6, 0.5}));
  EXPECT_FALSE(region.Contains({0.9, 0.5}));
}

TEST(MetricsTest, MasksReadFromPngAndJpeg) {
  testing::TempDir dir("metrics_masks");
  const AnswerRegion png = AnswerRegion::FromMask(testing::WriteLeftMask(dir.path() / "m.png", 20, 10, 10));
  EXPECT_EQ(png.size().width, 20);
  EXPECT_EQ(png.size().height, 10);
  EXPECT_TRUE(png.Contains({0.2, 0.5}));
  EXPECT_FALSE(png.Contains({0.8, 0.5}));
  const AnswerRegion jpeg = AnswerRegion::FromMask(testing::WriteLeftMask(dir.path() / "m.jpg", 64, 32, 32));
  EXPECT_TRUE(jpeg.Contains({0.2, 0.5}));
  EXPECT_FALSE(jpeg.Contains({0.8, 0.5}));
  EXPECT_THROW(AnswerRegion::FromMask(dir.path() / "missing.png"), InputError);
}

TEST(MetricsTest, HullRegionForItemsWithoutMask) {
  const AnswerRegion square = AnswerRegion::FromPoints({{0.2, 0.2}, {0.6, 0.2}, {0.6, 0.6}, {0.2, 0.6}, {0.4, 0.4}});
  EXPECT_TRUE(square.Contains({0.4, 0.3}));
  EXPECT_TRUE(square.Contains({0.6, 0.6}));         // a vertex
  EXPECT_TRUE(square.Contains({0.6005, 0.4}));      // within the tolerance
  EXPECT_FALSE(square.Contains({0.65, 0.4}));
  EXPECT_NEAR(square.AreaFraction(), 0.16, 1e-12);
  const AnswerRegion one = AnswerRegion::FromPoints({{0.5, 0.5}});
  EXPECT_TRUE(one.Contains({0.5004, 0.5}));
  EXPECT_FALSE(one.Contains({0.52, 0.5}));
  EXPECT_FALSE(AnswerRegion::FromPoints({}).Contains({0.5, 0.5}));
}

TEST(MetricsTest, ScoreAnswerPerKind) {
  cv::Mat grey(10, 10, CV_8U, cv::Scalar(0));
  grey(cv::Rect(0, 0, 5, 10)).setTo(255);
  const AnswerRegion region = AnswerRegion::FromMaskImage(grey);
  DatasetItem points_item = testing::PointItem("p", "", {{0.2, 0.5}});
  ItemScore score = ScoreAnswer(points_item, "[(0.1, 0.5), (0.9, 0.5), (0.2, 0.2)]", &region, region.size());
  EXPECT_TRUE(score.parsed);
  EXPECT_DOUBLE_EQ(score.primary, 2.0 / 3);
  EXPECT_EQ(score.first_hit, 1);
  score = ScoreAnswer(points_item, "[(9, 5), (1, 1)]", &region, region.size());  // pixels
  EXPECT_DOUBLE_EQ(score.primary, 0.5);
  EXPECT_EQ(score.first_hit, 0);
  score = ScoreAnswer(points_item, "somewhere left", &region, region.size());
  EXPECT_FALSE(score.parsed);
  EXPECT_EQ(score.primary, 0);
  EXPECT_FALSE(ScoreAnswer(points_item, std::nullopt, &region, region.size()).parsed);

  const DatasetItem yes_item = testing::YesNoItem("y", true);
  EXPECT_EQ(ScoreAnswer(yes_item, "Yes.", nullptr, {}).primary, 1);
  EXPECT_EQ(ScoreAnswer(yes_item, "no", nullptr, {}).primary, 0);

  const DatasetItem box_item = testing::BoxItem("b", Eigen::AlignedBox2d(Eigen::Vector2d(0, 0), Eigen::Vector2d(0.5, 0.5)));
  score = ScoreAnswer(box_item, "[0, 0, 0.5, 1]", nullptr, {});
  EXPECT_DOUBLE_EQ(score.iou, 0.5);
  EXPECT_EQ(score.primary, 1);  // IoU >= 0.5
  score = ScoreAnswer(box_item, "[0, 0, 0.5, 1]", nullptr, {}, AnswerScoring{0.6});
  EXPECT_EQ(score.primary, 0);
}

}  // namespace
}  // namespace spatialgen
