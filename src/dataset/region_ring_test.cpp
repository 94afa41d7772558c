#include "dataset/region_ring.h"

#include <gtest/gtest.h>

#include <random>

#include "dataset/consumer_metrics.h"

namespace spatialgen {
namespace {

// Every pixel centre must be inside the ring exactly when its pixel is in the region, for our
// test and for both published versions of RoboSpatial-Eval's, reading the ring as written.
void ExpectExactAtPixelCentres(const cv::Mat& mask, const RegionRing& ring) {
  const consumers::Polygon polygon = *consumers::ParsePolygon(FormatRing(ring.vertices));
  ASSERT_EQ(polygon.size(), ring.vertices.size());
  for (int y = 0; y < mask.rows; ++y) {
    for (int x = 0; x < mask.cols; ++x) {
      const bool in = mask.at<uint8_t>(y, x) >= 128;
      const Eigen::Vector2d centre((x + 0.5) / mask.cols, (y + 0.5) / mask.rows);
      ASSERT_EQ(RingContains(ring.vertices, centre), in) << x << ", " << y;
      ASSERT_EQ(consumers::PointInPolygonLatest(centre.x(), centre.y(), polygon), in) << x << ", " << y;
      ASSERT_EQ(consumers::PointInPolygonClassic(centre.x(), centre.y(), polygon), in) << x << ", " << y;
    }
  }
}

TEST(RegionRingTest, ARectangleIsFourCornersWithTiltedSides) {
  cv::Mat mask(4, 8, CV_8U, cv::Scalar(0));
  mask(cv::Rect(2, 1, 3, 2)).setTo(255);  // columns 2..4, rows 1..2
  const RegionRing ring = RingFromMask(mask, 128);
  EXPECT_EQ(ring.loops, 1);
  // Traced with the region on the left, from the first boundary edge in raster order of the
  // corners: the left side, downwards from corner (2, 1). Vertical sides: the top end moves
  // 1/4 px left, the bottom end 1/4 px right.
  const std::vector<Eigen::Vector2d> expected = {
      {1.75 / 8, 1.0 / 4}, {2.25 / 8, 3.0 / 4}, {5.25 / 8, 3.0 / 4}, {4.75 / 8, 1.0 / 4}};
  ASSERT_EQ(ring.vertices.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_NEAR(ring.vertices[i].x(), expected[i].x(), 1e-6) << i;
    EXPECT_NEAR(ring.vertices[i].y(), expected[i].y(), 1e-6) << i;
  }
  EXPECT_EQ(FormatRing(ring.vertices), "[(0.218750, 0.250000), (0.281250, 0.750000), (0.656250, 0.750000), (0.593750, 0.250000)]");
  ExpectExactAtPixelCentres(mask, ring);
}

TEST(RegionRingTest, NoVertexLeavesTheImageAndNoEdgeIsVertical) {
  cv::Mat mask(3, 4, CV_8U, cv::Scalar(255));  // the whole image
  const RegionRing ring = RingFromMask(mask, 128);
  ASSERT_EQ(ring.vertices.size(), 4u);
  for (size_t i = 0; i < ring.vertices.size(); ++i) {
    const Eigen::Vector2d& a = ring.vertices[i];
    const Eigen::Vector2d& b = ring.vertices[(i + 1) % ring.vertices.size()];
    EXPECT_TRUE(a.x() >= 0 && a.x() <= 1 && a.y() >= 0 && a.y() <= 1) << a.transpose();
    EXPECT_TRUE(a.x() != b.x()) << "vertical edge " << i;
  }
  ExpectExactAtPixelCentres(mask, ring);
}

TEST(RegionRingTest, PartsAndHolesAreAllKept) {
  cv::Mat mask(12, 16, CV_8U, cv::Scalar(0));
  mask(cv::Rect(1, 1, 6, 6)).setTo(255);
  mask(cv::Rect(3, 3, 2, 2)).setTo(0);      // a hole
  mask(cv::Rect(10, 5, 4, 5)).setTo(255);   // a second part
  mask.at<uint8_t>(11, 15) = 255;           // a one-pixel part in the corner
  mask.at<uint8_t>(7, 7) = 255;             // touches the first part at a corner only
  const RegionRing ring = RingFromMask(mask, 128);
  EXPECT_EQ(ring.loops, 5);  // four 4-connected parts and one hole
  ExpectExactAtPixelCentres(mask, ring);
}

TEST(RegionRingTest, RandomMasksAreExactAtPixelCentres) {
  std::mt19937 random(11);
  for (int trial = 0; trial < 20; ++trial) {
    cv::Mat noise(18, 23, CV_8U);
    for (int y = 0; y < noise.rows; ++y) {
      for (int x = 0; x < noise.cols; ++x) noise.at<uint8_t>(y, x) = uint8_t(random() % 256);
    }
    const RegionRing ring = RingFromMask(noise, 128);
    ExpectExactAtPixelCentres(noise, ring);
  }
}

TEST(RegionRingTest, AnEmptyMaskHasNoRing) {
  const cv::Mat mask(5, 5, CV_8U, cv::Scalar(0));
  const RegionRing ring = RingFromMask(mask, 128);
  EXPECT_EQ(ring.loops, 0);
  EXPECT_TRUE(ring.vertices.empty());
  EXPECT_FALSE(RingContains(ring.vertices, {0.5, 0.5}));
}

}  // namespace
}  // namespace spatialgen
