#pragma once
// manifest.json, the record of a finished dataset, and run.json, the record of an unfinished
// run. Both carry a format marker and version, so that spatialgen recognises its own folders
// and touches nothing else, and the identity of the run that made them, so that a rerun can
// tell whether it continues the same run (resume) or would mix two different ones (refused).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/counters.h"
#include "core/json_reader.h"

namespace spatialgen {

inline constexpr const char* kManifestFile = "manifest.json";
inline constexpr const char* kManifestFormat = "spatialgen-dataset";
inline constexpr const char* kRunRecordFormat = "spatialgen-run";
inline constexpr int kFormatVersion = 1;

// Where the scenes of one shard sit in the run it is part of (the manifest of a whole run has
// none).
struct ShardRecord {
  int index = 0;
  int count = 1;
  int64_t run_scenes = 0;          // scenes in the whole run
  std::vector<int64_t> positions;  // this shard's scenes' places in the run's scene list, increasing

  Json ToJson() const;
  // Throws InputError naming `file` and the field when malformed.
  static ShardRecord FromJson(const Json& json, const std::filesystem::path& file);
};

// What decides the bytes a run writes: the same identity, the same dataset.
struct RunIdentity {
  std::string spatialgen_version;
  uint64_t seed = 0;
  Json config;                      // the resolved run configuration
  std::vector<std::string> scenes;  // this run's scene ids, in run order
  std::optional<ShardRecord> shard; // set for a shard of a larger run

  // The fields as they appear in manifest.json and run.json ("scenes": [{"id": ...}, ...]).
  Json ToJson() const;
  // Reads them back from a manifest or run record. Throws InputError naming `file`.
  static RunIdentity FromJson(const Json& record, const std::filesystem::path& file);
  // "" when the two are the same run; else what differs, for messages: "seed (7 there, 8 here)"
  // where this is "there" and `other` "here".
  std::string Difference(const RunIdentity& other) const;
  // The same over the version, seed and config only: whether two runs (or shards) make the
  // same data, whatever their scenes.
  std::string SettingsDifference(const RunIdentity& other) const;
};

// Reads `file` and checks that it is spatialgen's own record of `format` ("format" and
// "format_version" fields). Throws InputError naming the file when it is not (any other
// manifest.json, a newer format, not JSON).
Json ReadOwnRecord(const std::filesystem::path& file, const char* format);

// The manifest of a finished dataset: the identity, the config file it was run with, the
// per-scene records in run order and the named counters.
Json MakeManifest(const RunIdentity& identity, const std::string& config_file, Json scenes, const Counters& counters);

// Per-scene records and counters of a manifest, summed: what generate reports.
struct ManifestTotals {
  int scenes_ok = 0;
  int scenes_failed = 0;
  Counters counters;
};
ManifestTotals TotalsOf(const Json& manifest);

}  // namespace spatialgen
