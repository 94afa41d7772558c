#pragma once
// Shards of a run (`generate --shard I/N`): a split of the run's scene list into N parts that
// depends only on that list (ids in run order and the work each scene is known to need), never
// on threads, machines or time, so that N independent processes cover every scene exactly once.
#include <cstdint>
#include <string>
#include <vector>

#include "pipeline/run_config.h"
#include "pipeline/scene_list.h"

namespace spatialgen {

struct ShardSpec {
  int index = 0;  // this process's shard, 0 <= index < count
  int count = 1;  // number of shards; 1: the whole run

  // "I/N", as given to --shard. Throws InputError naming --shard when malformed.
  static ShardSpec Parse(const std::string& text);
  // Throws InputError naming --shard when index is not in [0, count).
  void Check() const;
  bool whole() const { return count == 1; }
};

// The positions (indices into `work`, increasing) of the scenes of shard `spec`. `work[i]` is
// what scene i is known to cost before it is read (its number of views), 0 when unknown.
// When every scene's work is known, scenes go, largest first (ties in run order), to the
// shard with the least work so far (ties to the lowest index): equal work gives round-robin.
// When any is unknown, the split is round-robin in run order (scene i to shard i mod N).
std::vector<int64_t> ShardPositions(const std::vector<int64_t>& work, const ShardSpec& spec);

// What each scene is known to cost before it is read: its number of views. Procedural scenes
// have the configured count; a scene file, the views it lists (or the number sampled for it);
// a dataset's scenes are unknown (0) until read.
std::vector<int64_t> KnownSceneWork(const RunConfig& config, const std::vector<SceneSlot>& slots);

}  // namespace spatialgen
