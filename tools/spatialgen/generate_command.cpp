#include <fmt/format.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <memory>

#include "pipeline/generate.h"
#include "tools/spatialgen/commands.h"

namespace spatialgen::cli {
namespace {

// Prints up to `count` lines of a dataset file, as examples of what was written.
void PrintFirstLines(const std::filesystem::path& path, int count, bool skip_brackets) {
  std::ifstream in(path);
  std::string line;
  for (int printed = 0; printed < count && std::getline(in, line);) {
    if (skip_brackets && (line == "[" || line == "]")) continue;
    if (!line.empty() && line.back() == ',') line.pop_back();
    fmt::print("  {}\n", line);
    ++printed;
  }
}

void PrintSummary(const GenerateOptions& options, const GenerateSummary& summary) {
  if (summary.stop_signal != 0) {
    fmt::print("\nstopped by {} with {} scenes done ({} failed); {} is resumable: run the same command again\n",
               summary.stop_signal == SIGINT ? "SIGINT" : "SIGTERM", summary.scenes_ok,
               summary.scenes_failed, std::filesystem::absolute(options.out).string());
    return;
  }
  fmt::print("\ncounters:\n{}", summary.counters.ToText());
  fmt::print("\nscenes: {} ok, {} failed", summary.scenes_ok, summary.scenes_failed);
  if (summary.scenes_resumed > 0) fmt::print(" ({} done by an earlier run)", summary.scenes_resumed);
  if (!options.shard.whole()) fmt::print(" in shard {}/{}", options.shard.index, options.shard.count);
  fmt::print("\n");
  fmt::print("dataset: {}\n", std::filesystem::absolute(options.out).string());
  fmt::print("  {} RoboSpatial items in qa/robospatial.jsonl\n", summary.robospatial_items);
  fmt::print("  {} RoboPoint items in qa/robopoint.json\n", summary.robopoint_items);
  fmt::print("  ground truth in gt/, images in images/, run record in manifest.json\n");
  fmt::print("examples (qa/robospatial.jsonl):\n");
  PrintFirstLines(options.out / "qa" / "robospatial.jsonl", 2, false);
  fmt::print("examples (qa/robopoint.json):\n");
  PrintFirstLines(options.out / "qa" / "robopoint.json", 1, true);
}

}  // namespace

void AddGenerateCommand(CLI::App& app, Action& run) {
  auto options = std::make_shared<GenerateOptions>();
  auto scenes = std::make_shared<std::string>();
  auto seed = std::make_shared<uint64_t>(0);
  auto quiet = std::make_shared<bool>(false);
  auto shard = std::make_shared<std::string>();
  CLI::App* command = app.add_subcommand("generate", "Generate a dataset from the scenes of a config");
  command->add_option("--config", options->config, "Run configuration (JSON, e.g. configs/demo.json)")->required();
  command->add_option("--out", options->out,
                      "Dataset folder to write (created). An interrupted run of the same command there is "
                      "continued; a dataset of another config is refused unless --overwrite")->required();
  command->add_option("--threads", options->threads, "Worker threads (0: all cores); the output does not depend on it");
  CLI::Option* seed_option = command->add_option("--seed", *seed, "Global seed, overriding the config's");
  command->add_option("--scenes", *scenes, "Only these scene ids, comma separated (procedural ids like proc_0007, or the ids scene files declare)");
  command->add_option("--shard", *shard,
                      "I/N: only shard I of N (0 <= I < N) of the scenes, as its own dataset folder; "
                      "join the N folders with `spatialgen merge` (docs/scale.md)");
  command->add_flag("--overwrite", options->overwrite,
                    "Replace a spatialgen dataset or unfinished run of another config in --out "
                    "(the old dataset stays until the new one is complete)");
  command->add_flag("--quiet", *quiet, "No progress output");
  command->callback([&run, options, scenes, seed, seed_option, quiet, shard] {
    run = [options, scenes, seed, seed_option, quiet, shard] {
      if (seed_option->count()) options->seed = *seed;
      options->scenes = SplitList(*scenes);
      if (!shard->empty()) options->shard = ShardSpec::Parse(*shard);
      options->progress = !*quiet;
      options->stop_on_signals = true;
      const GenerateSummary summary = RunGenerate(*options);
      PrintSummary(*options, summary);
      if (summary.stop_signal != 0) return 128 + summary.stop_signal;
      return summary.scenes_failed > 0 ? 1 : 0;
    };
  });
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    if (comma > start) parts.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return parts;
}

}  // namespace spatialgen::cli
