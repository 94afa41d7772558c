#include "core/parallel.h"

#include <gtest/gtest.h>

namespace spatialgen {
namespace {

TEST(ParallelTest, ThreadsMapToTheArena) {
  const int hardware = tbb::info::default_concurrency();
  EXPECT_EQ(ArenaThreads(0), hardware);
  EXPECT_EQ(ArenaThreads(1), 1);
  EXPECT_EQ(RunWithThreads(1, [] { return tbb::this_task_arena::max_concurrency(); }), 1);
}

// Issue 15: `generate --threads 100000` crashed in TBB's shutdown now and then; more threads
// than the hardware has are capped there.
TEST(ParallelTest, MoreThreadsThanTheHardwareHasAreCapped) {
  const int hardware = tbb::info::default_concurrency();
  EXPECT_EQ(ArenaThreads(100000), hardware);
  EXPECT_EQ(ArenaThreads(hardware + 1), hardware);
  EXPECT_EQ(RunWithThreads(100000, [] { return tbb::this_task_arena::max_concurrency(); }), hardware);
}

}  // namespace
}  // namespace spatialgen
