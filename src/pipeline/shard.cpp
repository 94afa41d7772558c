#include "pipeline/shard.h"

#include <algorithm>
#include <cctype>
#include <numeric>

#include "core/error.h"

namespace spatialgen {

ShardSpec ShardSpec::Parse(const std::string& text) {
  const size_t slash = text.find('/');
  const auto digits = [](const std::string& part) {
    return !part.empty() && part.size() <= 9 && std::all_of(part.begin(), part.end(), ::isdigit);
  };
  if (slash == std::string::npos || !digits(text.substr(0, slash)) || !digits(text.substr(slash + 1))) {
    throw InputError({"", "", "--shard"}, "\"" + text + "\": expected I/N, e.g. 0/4 (shard I of N, 0 <= I < N)");
  }
  ShardSpec spec{std::stoi(text.substr(0, slash)), std::stoi(text.substr(slash + 1))};
  spec.Check();
  return spec;
}

void ShardSpec::Check() const {
  if (count < 1) throw InputError({"", "", "--shard"}, "the number of shards must be >= 1");
  if (index < 0 || index >= count) {
    throw InputError({"", "", "--shard"},
                     "shard index " + std::to_string(index) + " is not in [0, " + std::to_string(count) + ")");
  }
}

std::vector<int64_t> ShardPositions(const std::vector<int64_t>& work, const ShardSpec& spec) {
  spec.Check();
  const int64_t scenes = static_cast<int64_t>(work.size());
  std::vector<int64_t> positions;
  const bool known = std::all_of(work.begin(), work.end(), [](int64_t w) { return w > 0; });
  if (!known) {
    for (int64_t i = spec.index; i < scenes; i += spec.count) positions.push_back(i);
    return positions;
  }
  std::vector<int64_t> order(work.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return work[a] > work[b]; });
  std::vector<int64_t> load(spec.count, 0);
  for (int64_t scene : order) {
    const size_t lightest = std::min_element(load.begin(), load.end()) - load.begin();
    load[lightest] += work[scene];
    if (static_cast<int>(lightest) == spec.index) positions.push_back(scene);
  }
  std::sort(positions.begin(), positions.end());
  return positions;
}

std::vector<int64_t> KnownSceneWork(const RunConfig& config, const std::vector<SceneSlot>& slots) {
  std::vector<int64_t> work;
  for (const SceneSlot& slot : slots) {
    int64_t views = 0;
    if (slot.procedural_index >= 0) {
      views = config.scenes.procedural.views.count;
    } else if (config.scenes.source == "files") {
      try {
        const Json scene = ReadJsonFile(slot.file);
        const bool listed = scene.is_object() && scene.contains("views") && scene.at("views").is_array() &&
                            !scene.at("views").empty();
        views = listed ? static_cast<int64_t>(scene.at("views").size()) : config.scenes.views.count;
      } catch (const InputError&) {
        // Unknown: the scene's own task reports why it cannot be read.
      }
    }
    work.push_back(views);
  }
  return work;
}

}  // namespace spatialgen
