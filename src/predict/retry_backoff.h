#pragma once
// How long to pause before retrying an item: exponential backoff with a jitter that spreads
// concurrent workers apart. The jitter is drawn from a stream seeded by (seed, item id, retry),
// so a rerun with the same seed pauses alike.
#include <cstdint>
#include <string_view>

namespace spatialgen {

struct BackoffPolicy {
  double base_seconds = 1;  // the pause before the first retry, before jitter
  double max_seconds = 30;  // no pause is longer
};

// The pause before retry number `retry` (1 for the first) of item `id`:
// min(max, base * 2^(retry - 1)) times a factor in [0.5, 1).
double BackoffSeconds(const BackoffPolicy& policy, uint64_t seed, std::string_view id, int retry);

}  // namespace spatialgen
