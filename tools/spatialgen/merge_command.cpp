#include <fmt/format.h>

#include <memory>

#include "pipeline/merge.h"
#include "tools/spatialgen/commands.h"

namespace spatialgen::cli {

void AddMergeCommand(CLI::App& app, Action& run) {
  auto options = std::make_shared<MergeOptions>();
  auto quiet = std::make_shared<bool>(false);
  CLI::App* command = app.add_subcommand(
      "merge",
      "Join the dataset folders of the shards of one run (generate --shard I/N) into the dataset one "
      "process would have written over all scenes, byte for byte (docs/scale.md)");
  command->add_option("--out", options->out, "Merged dataset folder to write (created)")->required();
  command->add_option("SHARD_DIR", options->shards, "The shards' dataset folders, all N of them, in any order")
      ->required();
  command->add_flag("--overwrite", options->overwrite,
                    "Replace a spatialgen dataset of another run in --out (kept until the new one is complete)");
  command->add_flag("--quiet", *quiet, "No progress output");
  command->callback([&run, options, quiet] {
    run = [options, quiet] {
      options->progress = !*quiet;
      const MergeSummary summary = RunMerge(*options);
      if (summary.already_complete) fmt::print("{} already holds this merged dataset\n", options->out.string());
      fmt::print("merged {} shards into {}: {} scenes ok, {} failed\n", options->shards.size(),
                 std::filesystem::absolute(options->out).string(), summary.scenes_ok, summary.scenes_failed);
      fmt::print("  {} RoboSpatial items in qa/robospatial.jsonl, {} RoboPoint items in qa/robopoint.json\n",
                 summary.robospatial_items, summary.robopoint_items);
      if (!summary.already_complete) {
        fmt::print("  scene files: {} hard-linked, {} copied\n", summary.files_linked, summary.files_copied);
      }
      return summary.scenes_failed > 0 ? 1 : 0;
    };
  });
}

}  // namespace spatialgen::cli
