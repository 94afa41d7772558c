#include "pipeline/generate.h"

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <spdlog/spdlog.h>

#include <mutex>
#include <optional>

#include "core/atomic_file.h"
#include "core/check.h"
#include "core/parallel.h"
#include "core/progress.h"
#include "pipeline/output_dir.h"
#include "pipeline/run_config.h"
#include "pipeline/scene_job.h"
#include "pipeline/scene_list.h"
#include "qa_gen/writers.h"

namespace spatialgen {
namespace {

Json SceneEntry(const SceneResult& result) {
  Json entry = Json::object();
  entry["id"] = result.id;
  entry["status"] = result.ok ? "ok" : "failed";
  if (!result.ok) entry["error"] = result.error;
  entry["views"] = result.views;
  entry["items"] = result.items.size();
  entry["referable_objects"] = result.referable_objects;
  return entry;
}

// Hands finished scenes to the writer in run order, whatever order they finish in, and
// frees each scene's items once written.
class OrderedSink {
 public:
  OrderedSink(size_t scene_count, DatasetWriter& writer)
      : pending_(scene_count), writer_(writer) {}

  void Finish(size_t index, SceneResult result) {
    std::lock_guard lock(mutex_);
    pending_[index] = std::move(result);
    while (next_ < pending_.size() && pending_[next_]) {
      SceneResult& ready = *pending_[next_];
      if (ready.ok) writer_.AddScene(ready.id, ready.items);
      scenes_.push_back(SceneEntry(ready));
      counters_.Merge(ready.counters);
      ready.ok ? ++summary_ok_ : ++summary_failed_;
      pending_[next_].reset();
      ++next_;
    }
  }

  Json scenes_ = Json::array();
  Counters counters_;
  int summary_ok_ = 0;
  int summary_failed_ = 0;

 private:
  std::mutex mutex_;
  std::vector<std::optional<SceneResult>> pending_;
  size_t next_ = 0;
  DatasetWriter& writer_;
};

}  // namespace

const char* SpatialgenVersion() { return SPATIALGEN_VERSION; }

void GenerateOptions::Check() const {
  CheckOption(!config.empty(), "--config", "required");
  CheckOption(!out.empty(), "--out", "required");
  CheckOption(threads >= 0, "--threads", fmt::format("must be >= 0, got {}", threads));
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
  const std::vector<SceneSlot> slots = ListScenes(config, options.scenes);
  PrepareOutputDir(options.out);

  DatasetWriter writer(options.out);
  OrderedSink sink(slots.size(), writer);
  Progress progress("generate: scenes", int64_t(slots.size()), options.progress);
  RunWithThreads(options.threads, [&] {
    tbb::parallel_for(size_t(0), slots.size(), [&](size_t index) {
      SceneResult result = RunSceneJob(slots[index], config, templates, options.out);
      if (!result.ok) spdlog::error("{}", result.error);
      sink.Finish(index, std::move(result));
      progress.Advance();
    });
  });
  progress.Finish();
  writer.Commit();

  GenerateSummary summary;
  summary.scenes_ok = sink.summary_ok_;
  summary.scenes_failed = sink.summary_failed_;
  summary.robospatial_items = writer.robospatial_items();
  summary.robopoint_items = writer.robopoint_items();
  summary.counters = sink.counters_;
  summary.counters.Add("items.robospatial", summary.robospatial_items);
  summary.counters.Add("items.robopoint", summary.robopoint_items);

  Json manifest = Json::object();
  manifest["spatialgen_version"] = SpatialgenVersion();
  manifest["config_file"] = options.config.string();
  manifest["seed"] = config.seed;
  manifest["config"] = config.resolved;
  manifest["scenes"] = sink.scenes_;
  manifest["counters"] = summary.counters.ToJson();
  manifest["files"] = {{"robospatial", "qa/robospatial.jsonl"},
                       {"robopoint", "qa/robopoint.json"},
                       {"ground_truth", "gt/<scene>.jsonl"},
                       {"scene_records", "gt/<scene>.scene.json"},
                       {"images", "images/<scene>/<view>.png"}};
  WriteFileAtomic(options.out / "manifest.json", manifest.dump(2) + "\n");
  return summary;
}

}  // namespace spatialgen
