#pragma once
// The one way a command maps its --threads option to TBB (ARCHITECTURE: "a --threads option
// maps to a task_arena"): the work runs inside an arena of that many threads.
#include <oneapi/tbb/task_arena.h>

#include <utility>

namespace spatialgen {

// `requested` threads, or every hardware thread when it is 0 (or less).
inline int ArenaThreads(int requested) {
  return requested > 0 ? requested : tbb::this_task_arena::max_concurrency();
}

// Runs `work` inside a task arena of ArenaThreads(threads) threads and returns its result.
template <typename Work>
auto RunWithThreads(int threads, Work&& work) {
  tbb::task_arena arena(ArenaThreads(threads));
  return arena.execute(std::forward<Work>(work));
}

}  // namespace spatialgen
