#pragma once
// `spatialgen merge`: joins the dataset folders of the shards of one run (generate --shard I/N)
// into the dataset a single process would have written over all scenes, byte for byte: the
// scenes' files are hard-linked (copied across file systems, never re-encoded), the QA files
// are interleaved in run order one line at a time, and the manifest holds every scene's record
// in run order with the counters summed. The shards are only read. The output is published
// like generate's (pipeline/run_folder.h): nothing appears before the whole dataset is there.
#include <cstdint>
#include <filesystem>
#include <vector>

namespace spatialgen {

struct MergeOptions {
  std::filesystem::path out;                  // the merged dataset's folder
  std::vector<std::filesystem::path> shards;  // the shards' dataset folders, in any order
  bool overwrite = false;                     // replace a dataset of another run in `out`
  bool progress = true;                       // progress on stderr
  void Check() const;
};

struct MergeSummary {
  int scenes_ok = 0;
  int scenes_failed = 0;
  int64_t robospatial_items = 0;
  int64_t robopoint_items = 0;
  int64_t files_linked = 0;  // scene files hard-linked from the shards
  int64_t files_copied = 0;  // ... copied where a link was not possible
  bool already_complete = false;  // `out` held the merged dataset already
};

// Throws InputError naming the shard folder when shards do not belong together (another
// config, seed or version, another number of shards), overlap or leave scenes out, or when a
// folder is no finished spatialgen dataset; and naming `out` when it cannot be used.
MergeSummary RunMerge(const MergeOptions& options);

}  // namespace spatialgen
