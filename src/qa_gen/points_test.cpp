#include "qa_gen/points.h"

#include <gtest/gtest.h>

#include <random>

namespace spatialgen {
namespace {

RegionMask Square(int width, int height, int x0, int y0, int side) {
  RegionMask mask(width, height);
  for (int j = y0; j < y0 + side; ++j) {
    for (int i = x0; i < x0 + side; ++i) mask.Set(i, j);
  }
  return mask;
}

TEST(PointsTest, ErosionShrinksASquareByItsRadius) {
  // The 5-square at columns 3..7, rows 2..6 keeps its inner 3-square: centres 4.5..6.5, 3.5..5.5.
  const PointPool eroded = ErodedPool(Square(20, 10, 3, 2, 5), 1);
  ASSERT_EQ(eroded.pixels.size(), 9u);
  EXPECT_EQ(eroded.pixels.front(), Eigen::Vector2d(4.5, 3.5));
  EXPECT_EQ(eroded.pixels.back(), Eigen::Vector2d(6.5, 5.5));
  const std::vector<Eigen::Vector2d> centre = {{5.5, 4.5}};
  EXPECT_EQ(ErodedPool(Square(20, 10, 3, 2, 5), 2).pixels, centre);
  EXPECT_TRUE(ErodedPool(Square(20, 10, 3, 2, 5), 3).pixels.empty());
  // Pixels beyond the image border count as outside.
  EXPECT_EQ(ErodedPool(Square(5, 5, 0, 0, 5), 1).pixels.size(), 9u);
}

// Erosion by its definition: every pixel of the (2r+1)-square around a kept pixel is set and
// inside the image.
RegionMask ErodedByDefinition(const RegionMask& mask, int radius) {
  RegionMask eroded(mask.width, mask.height);
  for (int j = 0; j < mask.height; ++j) {
    for (int i = 0; i < mask.width; ++i) {
      bool kept = true;
      for (int dj = -radius; dj <= radius && kept; ++dj) {
        for (int di = -radius; di <= radius && kept; ++di) {
          const int x = i + di, y = j + dj;
          kept = x >= 0 && y >= 0 && x < mask.width && y < mask.height && mask.At(x, y);
        }
      }
      if (kept) eroded.Set(i, j);
    }
  }
  return eroded;
}

TEST(PointsTest, ErodedPoolsMatchTheDefinitionOnRandomMasks) {
  std::mt19937 random(3);
  for (const auto& [width, height] : std::vector<std::pair<int, int>>{{1, 1}, {7, 3}, {37, 23}, {64, 48}}) {
    for (int blobs : {0, 1, 6}) {
      RegionMask mask(width, height);
      for (int blob = 0; blob < blobs; ++blob) {
        const int x0 = int(random() % width), y0 = int(random() % height);
        const int w = 1 + int(random() % 12), h = 1 + int(random() % 9);
        for (int j = y0; j < std::min(height, y0 + h); ++j) {
          for (int i = x0; i < std::min(width, x0 + w); ++i) {
            if (random() % 11 != 0) mask.pixels[size_t(j) * width + i] = uint8_t(1 + random() % 3);
          }
        }
      }
      for (int radius : {0, 1, 2, 3}) {
        const RegionMask eroded = ErodedByDefinition(mask, radius);
        std::vector<Eigen::Vector2d> centres;
        for (int j = 0; j < height; ++j) {
          for (int i = 0; i < width; ++i) {
            if (eroded.At(i, j)) centres.emplace_back(i + 0.5, j + 0.5);
          }
        }
        EXPECT_EQ(ErodedPool(mask, radius).pixels, centres)
            << width << "x" << height << ", " << blobs << " blobs, radius " << radius;
      }
    }
  }
}

TEST(PointsTest, AWindowedMaskAnswersAsTheWholeImageMaskItStandsFor) {
  std::mt19937 random(5);
  RegionMask windowed(40, 30, 5, 3, 25, 20);
  for (int j = 3; j < 20; ++j) {
    for (int i = 5; i < 25; ++i) {
      if (random() % 5 != 0) windowed.Set(i, j);
    }
  }
  std::vector<uint8_t> image;
  windowed.ToImage(image);
  ASSERT_EQ(image.size(), 40u * 30u);
  RegionMask whole(40, 30);
  whole.pixels = image;
  EXPECT_EQ(windowed.Count(), whole.Count());
  for (int j = 0; j < 30; ++j) {
    for (int i = 0; i < 40; ++i) EXPECT_EQ(windowed.At(i, j), whole.At(i, j)) << i << ", " << j;
  }
  EXPECT_FALSE(windowed.At(4, 10));  // outside the window
  for (int radius : {0, 1, 2}) EXPECT_EQ(ErodedPool(windowed, radius).pixels, ErodedPool(whole, radius).pixels);
}

TEST(PointsTest, SampledPointsLieInTheMaskAndKeepTheirSpacing) {
  const RegionMask mask = Square(100, 80, 10, 20, 40);
  const PointPool pool = ErodedPool(mask, 0);
  ASSERT_EQ(pool.pixels.size(), 1600u);
  Rng rng(4);
  std::vector<Eigen::Vector2d> points;
  for (size_t k : SampleSpaced(pool.pixels, 8, 10.0, rng)) points.push_back(pool.pixels[k]);
  ASSERT_EQ(points.size(), 8u);
  for (size_t a = 0; a < points.size(); ++a) {
    EXPECT_TRUE(mask.At(int(points[a].x()), int(points[a].y())));
    EXPECT_EQ(points[a].x() - std::floor(points[a].x()), 0.5);  // pixel centres
    for (size_t b = a + 1; b < points.size(); ++b) EXPECT_GE((points[a] - points[b]).norm(), 10.0);
  }
}

TEST(PointsTest, SmallMaskGivesFewerPoints) {
  const RegionMask mask = Square(50, 50, 0, 0, 3);  // 3x3 pixels, spacing 10: room for one
  Rng rng(1);
  EXPECT_EQ(SampleSpaced(ErodedPool(mask, 0).pixels, 5, 10.0, rng).size(), 1u);
}

TEST(PointsTest, AnswerTextHasThreeDecimals) {
  EXPECT_EQ(FormatPoints(Normalized({{320.5, 240.5}, {10.25, 0.5}}, 640, 480)),
            "[(0.501, 0.501), (0.016, 0.001)]");
  EXPECT_EQ(FormatPoints({}), "[]");
}

TEST(PointsTest, OptionsAreChecked) {
  PointOptions options;
  EXPECT_NO_THROW(options.Check());
  options.max_points = 2;
  EXPECT_THROW(options.Check(), InputError);
}

}  // namespace
}  // namespace spatialgen
