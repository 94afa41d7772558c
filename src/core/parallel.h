#pragma once
// The one way a command maps its --threads option to TBB (ARCHITECTURE: "a --threads option
// maps to a task_arena"): the work runs inside an arena of that many threads.
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/task_arena.h>
#include <spdlog/spdlog.h>

#include <utility>

namespace spatialgen {

// `requested` threads, or every hardware thread when it is 0 (or less). More than the
// hardware threads is capped there, with a warning: TBB never runs more workers than that,
// so the extra arena slots only cost memory, and an arena of 100000 slots crashed TBB's
// shutdown now and then (issue 15).
inline int ArenaThreads(int requested) {
  const int hardware = tbb::info::default_concurrency();
  if (requested <= 0) return hardware;
  if (requested > hardware) {
    spdlog::warn("--threads {}: using {}, the hardware threads of this machine (TBB runs no more)", requested,
                 hardware);
    return hardware;
  }
  return requested;
}

// Runs `work` inside a task arena of ArenaThreads(threads) threads and returns its result.
template <typename Work>
auto RunWithThreads(int threads, Work&& work) {
  tbb::task_arena arena(ArenaThreads(threads));
  return arena.execute(std::forward<Work>(work));
}

}  // namespace spatialgen
