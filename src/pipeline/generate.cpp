#include "pipeline/generate.h"

#include <oneapi/tbb/parallel_for.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <mutex>

#include "core/check.h"
#include "core/parallel.h"
#include "core/progress.h"
#include "pipeline/crash_point.h"
#include "pipeline/dataset_manifest.h"
#include "pipeline/run_config.h"
#include "pipeline/run_folder.h"
#include "pipeline/scene_job.h"
#include "pipeline/scene_list.h"
#include "pipeline/stop_signals.h"
#include "qa_gen/writers.h"

namespace spatialgen {
namespace {

Json SceneEntry(const SceneResult& result, const QaLineCounts& lines) {
  Json entry = Json::object();
  entry["id"] = result.id;
  entry["status"] = result.ok ? "ok" : "failed";
  if (!result.ok) entry["error"] = result.error;
  entry["views"] = result.views;
  entry["items"] = result.items.size();
  entry["referable_objects"] = result.referable_objects;
  entry["robospatial_items"] = lines.robospatial;
  entry["robopoint_items"] = lines.robopoint;
  return entry;
}

// Writes a finished scene's parts and completion record (or drops its files when it failed)
// and returns its manifest entry. A failure to write fails the scene, like bad input does.
Json FinishScene(const RunFolder& folder, SceneResult& result) {
  QaLineCounts lines;
  if (result.ok) {
    try {
      lines = WriteSceneParts(folder.SceneRoot(result.id), result.id, result.items);
      const Json entry = SceneEntry(result, lines);
      folder.RecordScene(result.id, Json{{"scene", entry}, {"counters", result.counters.ToJson()}});
      return entry;
    } catch (const std::exception& e) {
      result.ok = false;
      result.error = "scene " + result.id + ": " + e.what();
      result.counters.Add("scenes.ok", -1);
      result.counters.Add("scenes.failed");
      lines = {};
    }
  }
  spdlog::error("{}", result.error);
  folder.DropScene(result.id);
  result.items.clear();
  return SceneEntry(result, lines);
}

Counters CountersOf(const Json& json) {
  Counters counters;
  for (const auto& [name, value] : json.items()) counters.Add(name, value.get<int64_t>());
  return counters;
}

// Copies the lines of a scene's part file into the QA file being assembled.
template <typename AddLine>
void CopyLines(const std::filesystem::path& part, AddLine add_line) {
  std::ifstream in(part, std::ios::binary);
  if (!in) throw std::runtime_error(part.string() + ": cannot open for reading");
  for (std::string line; std::getline(in, line);) {
    add_line(line);
    CrashPoint("qa_line");
  }
}

// The QA files of the finished scenes, in run order, one line at a time.
QaLineCounts AssembleQaFiles(const RunFolder& folder, const std::vector<std::string>& ids,
                             const std::vector<Json>& entries) {
  QaFileWriter writer(folder.DatasetRoot());
  for (size_t i = 0; i < ids.size(); ++i) {
    if (entries[i].at("status") != "ok") continue;
    const std::filesystem::path root = folder.SceneRoot(ids[i]);
    CopyLines(root / kRoboSpatialFile, [&](const std::string& line) { writer.AddRoboSpatialLine(line); });
    CopyLines(root / kRoboPointPartFile, [&](const std::string& line) { writer.AddRoboPointLine(line); });
  }
  writer.Commit();
  return writer.counts();
}

// The identity of this run (or of this shard of it) and its scenes.
RunIdentity IdentityOf(const RunConfig& config, const std::vector<SceneSlot>& all, const ShardSpec& shard,
                       std::vector<SceneSlot>& slots) {
  // The config as it reads back from the manifest (an unset option is NaN in memory, null on
  // disk), so that a rerun compares equal to what it wrote.
  RunIdentity identity{SpatialgenVersion(), config.seed, Json::parse(config.resolved.dump()), {}, std::nullopt};
  if (shard.whole()) {
    slots = all;
  } else {
    ShardRecord record{shard.index, shard.count, static_cast<int64_t>(all.size()),
                       ShardPositions(KnownSceneWork(config, all), shard)};
    for (int64_t position : record.positions) slots.push_back(all[position]);
    identity.shard = std::move(record);
  }
  for (const SceneSlot& slot : slots) identity.scenes.push_back(slot.id);
  return identity;
}

GenerateSummary SummaryOfManifest(const Json& manifest) {
  const ManifestTotals totals = TotalsOf(manifest);
  GenerateSummary summary;
  summary.scenes_ok = totals.scenes_ok;
  summary.scenes_failed = totals.scenes_failed;
  summary.scenes_resumed = totals.scenes_ok + totals.scenes_failed;
  summary.counters = totals.counters;
  summary.robospatial_items = totals.counters.Get("items.robospatial");
  summary.robopoint_items = totals.counters.Get("items.robopoint");
  return summary;
}

}  // namespace

const char* SpatialgenVersion() { return SPATIALGEN_VERSION; }

void GenerateOptions::Check() const {
  CheckOption(!config.empty(), "--config", "required");
  CheckOption(!out.empty(), "--out", "required");
  CheckOption(threads >= 0, "--threads", fmt::format("must be >= 0, got {}", threads));
  shard.Check();
}

GenerateSummary RunGenerate(const GenerateOptions& options) {
  options.Check();
  RunConfig config = LoadRunConfig(options.config);
  if (options.seed) {
    config.seed = *options.seed;
    config.resolved["seed"] = config.seed;
  }
  const TemplateLibrary templates = LoadTemplates(config.templates);
  CheckRelationNames(config.generation, templates, options.config.string());
  std::vector<SceneSlot> slots;
  const RunIdentity identity = IdentityOf(config, ListScenes(config, options.scenes), options.shard, slots);
  const RunFolder folder(options.out, identity, options.overwrite, RunFolder::Unfinished::kResume);
  if (folder.complete()) {
    spdlog::info("{} already holds the finished dataset of this run: nothing to do", options.out.string());
    return SummaryOfManifest(folder.complete_manifest());
  }

  GenerateSummary summary;
  std::vector<Json> entries(slots.size());
  std::vector<size_t> pending;
  for (size_t i = 0; i < slots.size(); ++i) {
    if (const std::optional<Json> record = folder.SceneRecord(slots[i].id)) {
      entries[i] = record->at("scene");
      summary.counters.Merge(CountersOf(record->at("counters")));
      ++summary.scenes_resumed;
    } else {
      pending.push_back(i);
    }
  }
  if (summary.scenes_resumed > 0) {
    spdlog::info("resuming in {}: {} of {} scenes already done", options.out.string(), summary.scenes_resumed,
                 slots.size());
  }

  const StopSignals stop(options.stop_on_signals);
  std::mutex mutex;
  Progress progress("generate: scenes", int64_t(pending.size()), options.progress);
  RunWithThreads(options.threads, [&] {
    tbb::parallel_for(size_t(0), pending.size(), [&](size_t k) {
      if (stop.received()) return;  // scenes in flight finish; the others wait for the resume
      const size_t index = pending[k];
      SceneResult result = RunSceneJob(slots[index], config, templates, folder.SceneRoot(slots[index].id));
      Json entry = FinishScene(folder, result);
      std::lock_guard lock(mutex);
      entries[index] = std::move(entry);
      summary.counters.Merge(result.counters);
      progress.Advance();
    });
  });
  progress.Finish();
  for (const Json& entry : entries) {
    if (!entry.is_null()) entry.at("status") == "ok" ? ++summary.scenes_ok : ++summary.scenes_failed;
  }
  if ((summary.stop_signal = stop.received()) != 0) {
    spdlog::warn("stopped by signal {}: run the same command again to continue", summary.stop_signal);
    return summary;
  }

  std::vector<std::string> ids;
  for (const SceneSlot& slot : slots) ids.push_back(slot.id);
  const QaLineCounts lines = AssembleQaFiles(folder, ids, entries);
  summary.robospatial_items = lines.robospatial;
  summary.robopoint_items = lines.robopoint;
  summary.counters.Add("items.robospatial", lines.robospatial);
  summary.counters.Add("items.robopoint", lines.robopoint);
  Json scenes = Json::array();
  for (Json& entry : entries) scenes.push_back(std::move(entry));
  folder.Publish(MakeManifest(identity, options.config.string(), std::move(scenes), summary.counters));
  return summary;
}

}  // namespace spatialgen
