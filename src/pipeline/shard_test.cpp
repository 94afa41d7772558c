#include "pipeline/shard.h"

#include <gtest/gtest.h>

#include <numeric>

#include "core/error.h"

namespace spatialgen {
namespace {

std::vector<std::vector<int64_t>> AllShards(const std::vector<int64_t>& work, int count) {
  std::vector<std::vector<int64_t>> shards;
  for (int index = 0; index < count; ++index) shards.push_back(ShardPositions(work, {index, count}));
  return shards;
}

TEST(ShardTest, ParsesIndexOverCount) {
  const ShardSpec spec = ShardSpec::Parse("2/5");
  EXPECT_EQ(spec.index, 2);
  EXPECT_EQ(spec.count, 5);
  EXPECT_TRUE(ShardSpec::Parse("0/1").whole());
  for (const char* bad : {"5/5", "-1/2", "1", "1/", "/2", "a/b", "1/0", "1/2x", " 1/2"}) {
    EXPECT_THROW(ShardSpec::Parse(bad), InputError) << bad;
  }
}

TEST(ShardTest, UnknownWorkSplitsRoundRobinInRunOrder) {
  const std::vector<int64_t> unknown(5, 0);
  EXPECT_EQ(AllShards(unknown, 2), (std::vector<std::vector<int64_t>>{{0, 2, 4}, {1, 3}}));
  // One unknown scene makes the whole split round-robin.
  EXPECT_EQ(AllShards({3, 1, 0, 2}, 3), (std::vector<std::vector<int64_t>>{{0, 3}, {1}, {2}}));
  // More shards than scenes: the last ones are empty.
  EXPECT_EQ(AllShards({0, 0}, 3), (std::vector<std::vector<int64_t>>{{0}, {1}, {}}));
}

TEST(ShardTest, EqualWorkIsRoundRobinToo) {
  EXPECT_EQ(AllShards({4, 4, 4, 4, 4}, 2), (std::vector<std::vector<int64_t>>{{0, 2, 4}, {1, 3}}));
}

// Largest first to the least loaded shard: scene 1 (5) to shard 0, scene 4 (4) to shard 1,
// scene 2 (2) to shard 1 (4 < 5), scene 3 (2) to shard 0 (5 < 6), scene 0 (1) to shard 1
// (6 < 7): 7 views each.
TEST(ShardTest, KnownWorkIsBalanced) {
  EXPECT_EQ(AllShards({1, 5, 2, 2, 4}, 2), (std::vector<std::vector<int64_t>>{{1, 3}, {0, 2, 4}}));
}

TEST(ShardTest, ShardsCoverEveryPositionOnce) {
  std::vector<int64_t> work(97);
  for (size_t i = 0; i < work.size(); ++i) work[i] = 1 + int64_t(i * 37 % 11);
  for (int count : {1, 2, 3, 8, 200}) {
    std::vector<int> seen(work.size(), 0);
    for (const auto& shard : AllShards(work, count)) {
      EXPECT_TRUE(std::is_sorted(shard.begin(), shard.end()));
      for (int64_t position : shard) ++seen[position];
    }
    EXPECT_TRUE(std::all_of(seen.begin(), seen.end(), [](int n) { return n == 1; })) << count << " shards";
  }
}

}  // namespace
}  // namespace spatialgen
