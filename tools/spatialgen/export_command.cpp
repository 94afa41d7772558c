#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <vector>

#include "dataset/dataset.h"
#include "dataset/export.h"
#include "infer/predictions.h"
#include "infer/scored_answers.h"
#include "tools/spatialgen/commands.h"

namespace spatialgen::cli {
namespace {

struct ExportCommandOptions {
  std::string dataset;      // the spatialgen dataset folder
  std::string format;       // a name of the format table
  std::string predictions;  // predictions JSONL; "" for none
  std::string image_paths;  // "relative", "absolute"; "" for the format's default
  ExportOptions exporting;
};

int RunExport(ExportCommandOptions options) {
  options.exporting.format = FindExportFormat(options.format)->format;
  if (!options.image_paths.empty()) {
    options.exporting.image_paths = options.image_paths == "absolute" ? ImagePaths::kAbsolute : ImagePaths::kRelative;
  }
  const Dataset dataset = ReadDataset(options.dataset);
  RequireSound(dataset);
  ScoredAnswers answers;
  if (!options.predictions.empty()) {
    const std::vector<PredictionRecord> predictions = ReadPredictions(options.predictions);
    answers = ReadScoredAnswers(dataset, predictions);
    if (const size_t unknown = predictions.size() - answers.size(); unknown > 0) {
      spdlog::warn("{} prediction(s) of {} name no item of {}", unknown, options.predictions, options.dataset);
    }
    options.exporting.predictions_name = options.predictions;
  }
  const ExportSummary summary =
      ExportDataset(dataset, options.exporting, options.predictions.empty() ? nullptr : &answers);
  fmt::print("export ({}): {}\n", options.format, summary.out.string());
  fmt::print("{} items, {} images{}\n", summary.items, summary.images,
             summary.predictions ? ", with the predictions" : "");
  for (const auto& [reason, count] : summary.left_out) fmt::print("left out: {} ({})\n", count, reason);
  for (const std::string& command : summary.commands) fmt::print("  {}\n", command);
  return 0;
}

}  // namespace

void AddExportCommand(CLI::App& app, Action& run) {
  auto options = std::make_shared<ExportCommandOptions>();
  std::vector<std::string> names;
  std::string formats_help = "The layout to write:";
  for (const ExportFormatInfo& info : ExportFormats()) {
    names.emplace_back(info.name);
    formats_help += fmt::format(" {}: {}{};", info.name, info.consumer, info.takes_predictions ? "; takes --predictions" : "");
  }
  CLI::App* command = app.add_subcommand(
      "export", "Write a spatialgen dataset in the layout another tool reads unchanged (docs/export.md), "
                "atomically; exit 2 on bad input");
  command->add_option("--dataset", options->dataset, "The spatialgen dataset folder")->required();
  command->add_option("--format", options->format, formats_help)->required()->check(CLI::IsMember(names));
  command->add_option("--out", options->exporting.out,
                      "The export folder: new, empty, or an earlier export (replaced)")->required();
  command->add_option("--predictions", options->predictions,
                      "Predictions (.jsonl, as score reads them): also write the format's answers file; every "
                      "exported item needs one");
  command->add_option("--image-paths", options->image_paths,
                      "robospatial-qa, llava: image paths relative to the export folder or absolute "
                      "(default: absolute for robospatial-qa, as RoboSpatial's generator writes; relative for llava)")
      ->check(CLI::IsMember({"relative", "absolute"}));
  command->add_option("--mask-threshold", options->exporting.mask_threshold,
                      "Mask pixels with a grey value >= this are in the region (1..255), as in score");
  command->add_option("--license", options->exporting.license, "The licence field of the export's card");
  command->callback([&run, options] {
    run = [options] { return RunExport(*options); };
  });
}

}  // namespace spatialgen::cli
