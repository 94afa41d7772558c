#include "core/counters.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace spatialgen {

int64_t Counters::Get(const std::string& name) const {
  const auto it = values_.find(name);
  return it == values_.end() ? 0 : it->second;
}

void Counters::Merge(const Counters& other) {
  for (const auto& [name, value] : other.values_) values_[name] += value;
}

nlohmann::json Counters::ToJson() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, value] : values_) out[name] = value;
  return out;
}

std::string Counters::ToText() const {
  std::string text;
  for (const auto& [name, value] : values_) text += fmt::format("  {:<40} {}\n", name, value);
  return text;
}

}  // namespace spatialgen
