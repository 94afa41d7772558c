#pragma once
// Wall-clock timing shared by the bench's parts.
#include <chrono>

namespace spatialgen::bench {

using Clock = std::chrono::steady_clock;

inline double Seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace spatialgen::bench
