#include "core/rng.h"

#include <gtest/gtest.h>

namespace spatialgen {
namespace {

TEST(RngTest, SameSeedSameStream) {
  Rng a = Rng::ForView(7, "scene_a", 2), b = Rng::ForView(7, "scene_a", 2);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.NextU64(), b.NextU64());
}

TEST(RngTest, StreamsDifferByIdAndView) {
  EXPECT_NE(Rng::ForScene(7, "a").NextU64(), Rng::ForScene(7, "b").NextU64());
  EXPECT_NE(Rng::ForView(7, "a", 0).NextU64(), Rng::ForView(7, "a", 1).NextU64());
}

TEST(RngTest, UniformIntStaysInRangeAndCoversIt) {
  Rng rng(1);
  std::vector<int> seen(5, 0);
  for (int i = 0; i < 1000; ++i) {
    const int64_t v = rng.UniformInt(-2, 2);
    ASSERT_GE(v, -2);
    ASSERT_LE(v, 2);
    ++seen[v + 2];
  }
  for (int count : seen) EXPECT_GT(count, 100);
}

TEST(RngTest, Uniform01InHalfOpenRange) {
  Rng rng(3);
  for (int i = 0; i < 1000; ++i) {
    const double u = rng.Uniform01();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
  }
}

TEST(RngTest, StableHashIsFnv1a) {
  EXPECT_EQ(StableHash(""), 0xCBF29CE484222325ull);
  EXPECT_EQ(StableHash("a"), 0xAF63DC4C8601EC8Cull);
}

}  // namespace
}  // namespace spatialgen
