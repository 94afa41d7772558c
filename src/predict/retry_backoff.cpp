#include "predict/retry_backoff.h"

#include <algorithm>
#include <cmath>

#include "core/rng.h"

namespace spatialgen {

double BackoffSeconds(const BackoffPolicy& policy, uint64_t seed, std::string_view id, int retry) {
  const double exponential = policy.base_seconds * std::ldexp(1.0, std::clamp(retry, 1, 60) - 1);
  const double capped = std::min(policy.max_seconds, exponential);
  // A stream per (seed, id, retry), as scenes and views get theirs.
  Rng rng = Rng::ForView(seed, id, uint64_t(retry));
  return capped * rng.Uniform(0.5, 1.0);
}

}  // namespace spatialgen
