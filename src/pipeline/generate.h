#pragma once
// The batch driver of `spatialgen generate`: TBB over scenes inside a task arena of the
// requested size. Each scene writes its own files and a completion record as soon as it is
// done, so that memory does not grow with the run and a killed run resumes; the QA files are
// assembled from the scenes' parts in run order (the bytes do not depend on the thread count),
// then the manifest, and the dataset is published into the output folder (pipeline/run_folder.h).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/counters.h"
#include "pipeline/shard.h"

namespace spatialgen {

struct GenerateOptions {
  std::filesystem::path config;         // the run configuration file
  std::filesystem::path out;            // dataset folder
  int threads = 0;                      // 0: all cores
  std::optional<uint64_t> seed;         // overrides the config's seed
  std::vector<std::string> scenes;      // only these scene ids (all when empty)
  ShardSpec shard;                      // only this shard of the scenes (default: all of them)
  bool overwrite = false;               // replace a dataset or unfinished run of another config in `out`
  bool stop_on_signals = false;         // SIGINT/SIGTERM stop the run cleanly (pipeline/stop_signals.h)
  bool progress = true;                 // progress on stderr
  void Check() const;
};

struct GenerateSummary {
  int scenes_ok = 0;
  int scenes_failed = 0;
  int scenes_resumed = 0;    // scenes an earlier, interrupted run had already completed
  int stop_signal = 0;       // SIGINT or SIGTERM when the run stopped before the end; 0: it finished
  int64_t robospatial_items = 0;
  int64_t robopoint_items = 0;
  Counters counters;
};

// Runs the whole generation, or continues the interrupted run of the same command in `out`
// (when `out` already holds its finished dataset, nothing is done and the summary is the
// manifest's). Throws InputError for a bad config or output folder (before anything is
// written); per-scene failures are recorded in the manifest and the summary.
GenerateSummary RunGenerate(const GenerateOptions& options);

// The version string written into manifests.
const char* SpatialgenVersion();

}  // namespace spatialgen
