#pragma once
// The batch driver of `spatialgen generate`: TBB over scenes inside a task arena of the
// requested size, scenes written in run order as they complete (so the bytes do not depend
// on the thread count), a manifest with per-scene status and the named counters.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/counters.h"

namespace spatialgen {

struct GenerateOptions {
  std::filesystem::path config;         // the run configuration file
  std::filesystem::path out;            // dataset folder
  int threads = 0;                      // 0: all cores
  std::optional<uint64_t> seed;         // overrides the config's seed
  std::vector<std::string> scenes;      // only these scene ids (all when empty)
  bool progress = true;                 // progress on stderr
  void Check() const;
};

struct GenerateSummary {
  int scenes_ok = 0;
  int scenes_failed = 0;
  int64_t robospatial_items = 0;
  int64_t robopoint_items = 0;
  Counters counters;
};

// Runs the whole generation. Throws InputError for a bad config or output folder (before
// anything is written); per-scene failures are recorded in the manifest and the summary.
GenerateSummary RunGenerate(const GenerateOptions& options);

// The version string written into manifests.
const char* SpatialgenVersion();

}  // namespace spatialgen
