#include "task_throughput.h"

#include <fmt/format.h>

#include "bench_clock.h"
#include "core/atomic_file.h"
#include "core/json_reader.h"
#include "pipeline/generate.h"

namespace spatialgen::bench {

void PrintTaskThroughput(const std::filesystem::path& config, const std::vector<std::string>& scene_ids,
                         int threads) {
  Json single_task = ReadJsonFile(config);
  const std::vector<std::string> tasks = single_task["generation"]["tasks"];
  // The copy lives in a temporary folder, so its relative templates path must be made absolute.
  single_task["templates"] = std::filesystem::absolute(config.parent_path() / single_task["templates"].get<std::string>())
                                 .lexically_normal()
                                 .string();
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "spatialgen_bench_tasks";
  std::filesystem::remove_all(dir);
  fmt::print("per task, {} scenes, {} thread(s), only that task requested:\n", scene_ids.size(), threads);
  for (const std::string& task : tasks) {
    single_task["generation"]["tasks"] = {task};
    GenerateOptions options;
    options.config = dir / (task + ".json");
    options.out = dir / task;
    options.threads = threads;
    options.scenes = scene_ids;
    options.progress = false;
    WriteFileAtomic(options.config, single_task.dump(2));
    const auto start = Clock::now();
    const GenerateSummary summary = RunGenerate(options);
    const double seconds = Seconds(start);
    const int64_t items = summary.robospatial_items + summary.robopoint_items;
    fmt::print("  {:<22} {:>6.2f} s  {:>6} items  {:>8.0f} items/s\n", task, seconds, items, items / seconds);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace spatialgen::bench
