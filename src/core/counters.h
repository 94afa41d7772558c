#pragma once
// Named counters (rays cast, pairs found ambiguous, items per template, scenes failed...).
// Each scene fills its own Counters; the driver merges them in scene order, so there is no
// shared mutable state in hot loops and the totals are deterministic.
#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace spatialgen {

class Counters {
 public:
  void Add(const std::string& name, int64_t amount = 1) { values_[name] += amount; }
  int64_t Get(const std::string& name) const;
  void Merge(const Counters& other);
  const std::map<std::string, int64_t>& values() const { return values_; }
  nlohmann::json ToJson() const;
  // One "name: value" line each, sorted by name.
  std::string ToText() const;

 private:
  std::map<std::string, int64_t> values_;
};

}  // namespace spatialgen
