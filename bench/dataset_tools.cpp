#include "dataset_tools.h"

#include <fmt/format.h>

#include "audit/audit.h"
#include "bench_clock.h"
#include "dataset/dataset.h"
#include "infer/backends.h"
#include "infer/scoring.h"
#include "pipeline/generate.h"

namespace spatialgen::bench {
namespace {

void PrintRate(const std::string& what, double seconds, size_t items) {
  fmt::print("  {:<44} {:>6.2f} s  {:>9.0f} items/s\n", what, seconds, items / seconds);
}

void TimeAudit(const std::filesystem::path& dataset, const std::filesystem::path& config, int threads,
               bool recheck, size_t items) {
  AuditOptions options;
  options.threads = threads;
  options.progress = false;
  if (recheck) options.scenes_config = config;
  const auto start = Clock::now();
  RunAudit(dataset, options);
  PrintRate(fmt::format("audit{}, {} thread(s)", recheck ? " with the scene re-check" : "", threads), Seconds(start),
            items);
}

}  // namespace

void PrintDatasetToolThroughput(const std::filesystem::path& config, const std::vector<std::string>& scene_ids) {
  GenerateOptions generate;
  generate.config = config;
  generate.out = std::filesystem::temp_directory_path() / "spatialgen_bench_dataset";
  generate.scenes = scene_ids;
  generate.progress = false;
  std::filesystem::remove_all(generate.out);
  RunGenerate(generate);

  auto start = Clock::now();
  const Dataset dataset = ReadDataset(generate.out);
  const size_t items = dataset.items.size();
  fmt::print("dataset tools, {} demo scenes ({} items):\n", scene_ids.size(), items);
  PrintRate("read the dataset (QA files and gt/)", Seconds(start), items);
  for (int threads : {1, 2}) TimeAudit(generate.out, config, threads, false, items);
  TimeAudit(generate.out, config, 2, true, items);

  start = Clock::now();
  const auto blind = MakeOfflineBackend("blind-prior", dataset, 0);
  std::vector<PredictionRecord> predictions;
  predictions.reserve(items);
  for (const DatasetItem& item : dataset.items) {
    PredictionRecord record;
    record.id = item.id;
    record.text = blind->Answer(item);
    predictions.push_back(std::move(record));
  }
  PrintRate("blind-prior back end (fit and answer)", Seconds(start), items);
  start = Clock::now();
  ScorePredictions(dataset, predictions);
  PrintRate("score (parse answers, read masks, intervals)", Seconds(start), items);
  std::filesystem::remove_all(generate.out);
}

}  // namespace spatialgen::bench
