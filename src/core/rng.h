#pragma once
// Seeded random streams. Every scene (and every view inside it) draws from its own stream,
// derived from the global seed and the ids, so outputs do not depend on thread scheduling.
// The generator and the distributions are our own (xoshiro256** seeded by splitmix64), so
// the numbers are the same with every standard library.
#include <cstdint>
#include <string_view>
#include <vector>

namespace spatialgen {

// FNV-1a, 64 bit: a stable hash of ids for seeding.
uint64_t StableHash(std::string_view text);

class Rng {
 public:
  explicit Rng(uint64_t seed);
  // A stream for (seed, scene id) or (seed, scene id, view index).
  static Rng ForScene(uint64_t seed, std::string_view scene_id);
  static Rng ForView(uint64_t seed, std::string_view scene_id, uint64_t view_index);

  uint64_t NextU64();
  // Uniform in [0, 1).
  double Uniform01();
  // Uniform in [lo, hi).
  double Uniform(double lo, double hi);
  // Uniform integer in [lo, hi] (inclusive).
  int64_t UniformInt(int64_t lo, int64_t hi);
  bool Bernoulli(double p) { return Uniform01() < p; }
  // An index into a container of `count` elements (count > 0).
  size_t Index(size_t count) { return static_cast<size_t>(UniformInt(0, int64_t(count) - 1)); }

  // Fisher-Yates shuffle.
  template <typename T>
  void Shuffle(std::vector<T>& values) {
    for (size_t i = values.size(); i > 1; --i) std::swap(values[i - 1], values[Index(i)]);
  }

 private:
  uint64_t state_[4];
};

}  // namespace spatialgen
