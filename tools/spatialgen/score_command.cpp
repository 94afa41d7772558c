#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <memory>

#include "core/atomic_file.h"
#include "dataset/dataset_stream.h"
#include "infer/predictions.h"
#include "infer/score_report.h"
#include "infer/scoring.h"
#include "tools/spatialgen/commands.h"

namespace spatialgen::cli {
namespace {

struct ScoreCommandOptions {
  std::string dataset;      // dataset folder or QA file
  std::string predictions;  // predictions JSONL
  std::string report;       // folder for score.md and score.json; "" for none
  std::string image_root;   // where relative image and mask paths resolve
  ScoreOptions scoring;
};

int RunScore(const ScoreCommandOptions& options) {
  options.scoring.Check();
  DatasetReadOptions dataset_options;
  dataset_options.image_root = options.image_root;
  // Read a piece at a time: the dataset may hold millions of items.
  const DatasetStream dataset(options.dataset, dataset_options);
  const ScoreReport report = ScorePredictionFile(dataset, options.predictions, options.scoring);
  const std::string markdown = ScoreMarkdown(report);
  fmt::print("{}", markdown);
  if (!report.unknown_ids.empty()) {
    spdlog::warn("{} prediction(s) name no item of {} (first: {}): wrong predictions file?",
                 report.unknown_ids.size(), options.dataset, report.unknown_ids.front());
  }
  if (!options.report.empty()) {
    const std::filesystem::path folder(options.report);
    WriteFileAtomic(folder / "score.md", "# Scores\n\ndataset: `" + options.dataset +
                                             "`, predictions: `" + options.predictions + "`\n\n" +
                                             markdown);
    WriteFileAtomic(folder / "score.json", ScoreJson(report).dump(2) + "\n");
    fmt::print("report: {}\n", std::filesystem::absolute(folder / "score.md").string());
  }
  return 0;
}

}  // namespace

void AddScoreCommand(CLI::App& app, Action& run) {
  auto options = std::make_shared<ScoreCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "score",
      "Score a predictions file against a dataset: per task x frame x relation, with 95 % "
      "intervals; missing and unparsable answers score 0 (docs/scoring.md)");
  command->add_option("--dataset", options->dataset,
                      "Dataset folder, RoboPoint JSON or RoboSpatial JSON/JSONL file")->required();
  command->add_option("--predictions", options->predictions,
                      "Predictions (.jsonl): spatialgen's or RoboPoint model_vqa.py answers")->required();
  command->add_option("--report", options->report, "Folder to write score.md and score.json into");
  command->add_option("--image-root", options->image_root,
                      "Where relative image paths resolve (default: the dataset's folder)");
  command->add_option("--iou-threshold", options->scoring.iou_threshold,
                      "A predicted box is a hit at IoU >= this");
  command->add_option("--mask-threshold", options->scoring.mask_threshold,
                      "Mask pixels with a grey value >= this are inside the region (1..255)");
  command->callback([&run, options] {
    run = [options] { return RunScore(*options); };
  });
}

}  // namespace spatialgen::cli
