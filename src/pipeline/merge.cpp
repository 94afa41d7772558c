#include "pipeline/merge.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <map>
#include <set>

#include "core/progress.h"
#include "pipeline/dataset_manifest.h"
#include "pipeline/run_folder.h"
#include "qa_gen/writers.h"

namespace spatialgen {
namespace {

namespace fs = std::filesystem;

struct Shard {
  fs::path folder;
  Json manifest;
  RunIdentity identity;
  ShardRecord record;  // {0, 1, all, all} for the dataset of a whole run
};

InputError ShardError(const fs::path& folder, const std::string& message) {
  return InputError({folder.string(), "", ""}, message);
}

Shard ReadShard(const fs::path& folder) {
  if (!fs::is_directory(folder)) throw ShardError(folder, "no such folder");
  const fs::path manifest = folder / kManifestFile;
  if (!fs::exists(manifest)) {
    throw ShardError(folder, fs::exists(folder / kWorkFolder)
                                 ? "holds an unfinished run: run its generate command again to finish it"
                                 : "holds no spatialgen dataset (no manifest.json)");
  }
  Shard shard{folder, ReadOwnRecord(manifest, kManifestFormat), {}, {}};
  shard.identity = RunIdentity::FromJson(shard.manifest, manifest);
  if (shard.identity.shard) {
    shard.record = *shard.identity.shard;
  } else {
    shard.record.run_scenes = static_cast<int64_t>(shard.identity.scenes.size());
    for (int64_t i = 0; i < shard.record.run_scenes; ++i) shard.record.positions.push_back(i);
  }
  if (shard.record.positions.size() != shard.identity.scenes.size()) {
    throw ShardError(folder, "manifest.json: shard.positions and scenes differ in length");
  }
  return shard;
}

// Checks that the shards are the parts of one run, each once, and returns, for every place in
// the run's scene list, the shard holding that scene.
std::vector<size_t> ShardOfEachPosition(const std::vector<Shard>& shards) {
  const Shard& first = shards.front();
  std::map<int, size_t> by_index;
  for (size_t s = 0; s < shards.size(); ++s) {
    const Shard& shard = shards[s];
    if (const std::string difference = first.identity.SettingsDifference(shard.identity); !difference.empty()) {
      throw ShardError(shard.folder, fmt::format("made with another {} than {} (there): not shards of one run",
                                                 difference, first.folder.string()));
    }
    if (shard.record.count != first.record.count || shard.record.run_scenes != first.record.run_scenes) {
      throw ShardError(shard.folder, fmt::format("is shard {} of {} over {} scenes, {} is shard {} of {} over {}: "
                                                 "not shards of one run",
                                                 shard.record.index, shard.record.count, shard.record.run_scenes,
                                                 first.folder.string(), first.record.index, first.record.count,
                                                 first.record.run_scenes));
    }
    if (const auto [other, inserted] = by_index.emplace(shard.record.index, s); !inserted) {
      throw ShardError(shard.folder, fmt::format("is shard {} of {}, and so is {}: overlapping shards",
                                                 shard.record.index, shard.record.count,
                                                 shards[other->second].folder.string()));
    }
  }
  for (int index = 0; index < first.record.count; ++index) {
    if (!by_index.count(index)) {
      std::vector<std::string> given;
      for (const auto& [i, s] : by_index) given.push_back(std::to_string(i));
      throw ShardError(first.folder, fmt::format("shard {} of {} is missing (given: {})", index, first.record.count,
                                                 fmt::join(given, ", ")));
    }
  }
  constexpr size_t kNone = static_cast<size_t>(-1);
  std::vector<size_t> owner(static_cast<size_t>(first.record.run_scenes), kNone);
  for (size_t s = 0; s < shards.size(); ++s) {
    for (int64_t position : shards[s].record.positions) {
      if (position < 0 || position >= first.record.run_scenes) {
        throw ShardError(shards[s].folder, fmt::format("manifest.json: scene position {} is outside the run", position));
      }
      if (owner[position] != kNone) {
        throw ShardError(shards[s].folder, fmt::format("holds scene {} of the run, and so does {}: overlapping shards",
                                                       position, shards[owner[position]].folder.string()));
      }
      owner[position] = s;
    }
  }
  for (size_t position = 0; position < owner.size(); ++position) {
    if (owner[position] == kNone) {
      throw ShardError(first.folder, fmt::format("no shard holds scene {} of the run: missing shard", position));
    }
  }
  return owner;
}

// Hard-links `from` (a file or a folder, recursively) to `to`, copying what cannot be linked.
void LinkTree(const fs::path& from, const fs::path& to, MergeSummary& summary) {
  if (fs::is_directory(from)) {
    fs::create_directories(to);
    for (const auto& entry : fs::directory_iterator(from)) LinkTree(entry.path(), to / entry.path().filename(), summary);
    return;
  }
  fs::create_directories(to.parent_path());
  std::error_code error;
  fs::create_hard_link(from, to, error);
  if (!error) {
    ++summary.files_linked;
    return;
  }
  fs::copy_file(from, to);  // another file system, or links not allowed
  ++summary.files_copied;
}

// Every per-scene file of the shard, into its scene's folder of the run.
void LinkSceneFiles(const Shard& shard, const RunFolder& folder, MergeSummary& summary) {
  const std::set<std::string> scenes(shard.identity.scenes.begin(), shard.identity.scenes.end());
  for (const char* kind : kSceneFolders) {
    if (!fs::is_directory(shard.folder / kind)) continue;
    for (const auto& entry : fs::directory_iterator(shard.folder / kind)) {
      const std::string name = entry.path().filename().string();
      if (const std::optional<std::string> scene = OwningScene(name, scenes)) {
        LinkTree(entry.path(), folder.SceneRoot(*scene) / kind / name, summary);
      }
    }
  }
}

// The lines of one QA file of a shard, read in order.
class QaLineReader {
 public:
  // `list`: the file is a JSON list written one item a line (qa/robopoint.json).
  QaLineReader(fs::path path, bool list) : path_(std::move(path)), in_(path_, std::ios::binary), list_(list) {
    if (!in_) throw ShardError(path_, "cannot open the file");
    if (list_ && (!std::getline(in_, line_) || line_ != "[")) Malformed("does not start with a line \"[\"");
  }

  // The next item's line (without the list's separator).
  const std::string& Next(const std::string& scene) {
    if (!std::getline(in_, line_) || (list_ && line_ == "]")) {
      Malformed(fmt::format("ends before the items of scene {} that manifest.json counts", scene));
    }
    ++line_number_;
    if (list_ && line_.ends_with(",")) line_.pop_back();
    return line_;
  }

  // Checks that nothing is left (but the list's closing bracket).
  void ExpectEnd() {
    const bool more = list_ ? !(std::getline(in_, line_) && line_ == "]") || static_cast<bool>(std::getline(in_, line_))
                            : static_cast<bool>(std::getline(in_, line_));
    if (more) Malformed(fmt::format("holds more than the {} items manifest.json counts", line_number_));
  }

 private:
  [[noreturn]] void Malformed(const std::string& what) const {
    throw ShardError(path_, what + ": not the file spatialgen wrote (edited, or truncated)");
  }

  fs::path path_;
  std::ifstream in_;
  bool list_;
  std::string line_;
  int64_t line_number_ = 0;
};

int64_t LineCount(const Json& scene, const char* key, const fs::path& folder) {
  const Json count = scene.value(key, Json());
  if (!count.is_number_integer()) {
    throw ShardError(folder, fmt::format("manifest.json: scene {} has no \"{}\" (made by an older spatialgen?)",
                                         scene.value("id", "?"), key));
  }
  return count.get<int64_t>();
}

}  // namespace

void MergeOptions::Check() const {
  if (out.empty()) throw InputError({"", "", "--out"}, "required");
  if (shards.empty()) throw InputError({"", "", "SHARD_DIR"}, "give at least one shard folder");
}

MergeSummary RunMerge(const MergeOptions& options) {
  options.Check();
  std::vector<Shard> shards;
  for (const fs::path& folder : options.shards) {
    if (fs::exists(options.out) && fs::equivalent(folder, options.out)) {
      throw InputError({options.out.string(), "", "--out"}, "is one of the shards: merge into another folder");
    }
    shards.push_back(ReadShard(folder));
  }
  const std::vector<size_t> owner = ShardOfEachPosition(shards);

  RunIdentity identity = shards.front().identity;
  identity.shard.reset();
  identity.scenes.clear();
  std::vector<size_t> next_scene(shards.size(), 0);
  for (size_t s : owner) identity.scenes.push_back(shards[s].identity.scenes[next_scene[s]++]);

  MergeSummary summary;
  const RunFolder folder(options.out, identity, options.overwrite, RunFolder::Unfinished::kRestart);
  if (folder.complete()) {
    const ManifestTotals totals = TotalsOf(folder.complete_manifest());
    summary.scenes_ok = totals.scenes_ok;
    summary.scenes_failed = totals.scenes_failed;
    summary.robospatial_items = totals.counters.Get("items.robospatial");
    summary.robopoint_items = totals.counters.Get("items.robopoint");
    summary.already_complete = true;
    return summary;
  }

  Progress progress("merge: shards", static_cast<int64_t>(shards.size()), options.progress);
  for (const Shard& shard : shards) {
    LinkSceneFiles(shard, folder, summary);
    progress.Advance();
  }
  progress.Finish();

  std::vector<QaLineReader> robospatial, robopoint;
  for (const Shard& shard : shards) {
    robospatial.emplace_back(shard.folder / kRoboSpatialFile, false);
    robopoint.emplace_back(shard.folder / kRoboPointFile, true);
  }
  QaFileWriter writer(folder.DatasetRoot());
  Json scenes = Json::array();
  std::fill(next_scene.begin(), next_scene.end(), 0);
  for (size_t s : owner) {
    const Json& scene = shards[s].manifest.at("scenes").at(next_scene[s]++);
    const std::string id = scene.value("id", "");
    for (int64_t n = LineCount(scene, "robospatial_items", shards[s].folder); n > 0; --n) {
      writer.AddRoboSpatialLine(robospatial[s].Next(id));
    }
    for (int64_t n = LineCount(scene, "robopoint_items", shards[s].folder); n > 0; --n) {
      writer.AddRoboPointLine(robopoint[s].Next(id));
    }
    scene.value("status", "") == "ok" ? ++summary.scenes_ok : ++summary.scenes_failed;
    scenes.push_back(scene);
  }
  for (size_t s = 0; s < shards.size(); ++s) {
    robospatial[s].ExpectEnd();
    robopoint[s].ExpectEnd();
  }
  writer.Commit();
  summary.robospatial_items = writer.counts().robospatial;
  summary.robopoint_items = writer.counts().robopoint;

  Counters counters;
  for (const Shard& shard : shards) counters.Merge(TotalsOf(shard.manifest).counters);
  const Shard& shard_zero = shards[owner.empty() ? 0 : owner.front()];
  const std::string config_file = shard_zero.manifest.value("config_file", "");
  folder.Publish(MakeManifest(identity, config_file, std::move(scenes), counters));
  return summary;
}

}  // namespace spatialgen
