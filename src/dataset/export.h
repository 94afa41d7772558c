#pragma once
// Exports of a spatialgen dataset folder to the layouts the field's own tools read unchanged
// (docs/export.md gives each format's files and the consumer's command line):
//  - where2place: RoboPoint's Where2Place evaluation (robopoint/eval/summarize_vqa.py);
//  - robospatial-eval: RoboSpatial-Eval (main.py --results);
//  - robospatial-qa: the QA list RoboSpatial's generator writes (scripts/qa_generator.py);
//  - llava: the LLaVA / RoboPoint training layout (LazySupervisedDataset).
// An export is written atomically as one folder (export_folder.h) and carries a card: export.json
// (machine-readable, also the marker of an export) and README.md.
#include <Eigen/Core>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dataset/dataset.h"

namespace spatialgen {

enum class ExportFormat { kWhere2Place, kRoboSpatialEval, kRoboSpatialQa, kLlava };

// How image paths are written where a format lets the user choose (robospatial-qa, llava):
// relative to the export folder, or absolute (where the export folder is).
enum class ImagePaths { kRelative, kAbsolute };

// One row of the format table.
struct ExportFormatInfo {
  ExportFormat format;
  std::string_view name;         // the --format value
  std::string_view consumer;     // the tool that reads it
  bool takes_predictions;        // whether --predictions is written for it
  ImagePaths image_paths;        // the default, where the user may choose
};

// Every format, in the order --help lists them.
const std::vector<ExportFormatInfo>& ExportFormats();
// The row of `name`; unset for an unknown name.
const ExportFormatInfo* FindExportFormat(std::string_view name);
const ExportFormatInfo& FormatInfo(ExportFormat format);

// A model's answer to one item as `spatialgen score` reads it (infer/scored_answers.h fills
// these from a predictions file), for the formats that hand predictions on to their consumer.
struct ScoredAnswer {
  std::string model;                                   // the model's name; "" when unknown
  std::optional<bool> yes;                             // yes/no items: the answer, when it parsed
  std::optional<std::vector<Eigen::Vector2d>> points;  // point items: normalized, when they parsed
};
using ScoredAnswers = std::unordered_map<std::string, ScoredAnswer>;  // by item id

struct ExportOptions {
  ExportFormat format = ExportFormat::kWhere2Place;
  std::filesystem::path out;               // the export folder: new, empty, or an earlier export
  std::optional<ImagePaths> image_paths;   // robospatial-qa, llava; unset: the format's default
  int mask_threshold = 128;                // a mask pixel is in the region when >= this (as score's)
  std::string license;                     // the card's licence field; "" writes "unspecified"
  std::string predictions_name;            // the predictions file, for the card and messages

  // Throws InputError naming the field of a bad value.
  void Check() const;
};

struct ExportSummary {
  std::filesystem::path out;               // the export folder, absolute
  int items = 0;                           // items exported
  std::map<std::string, int> left_out;     // why items were not exported -> how many
  int images = 0;                          // image files placed in the export
  bool predictions = false;                // a predictions file was written
  std::vector<std::string> commands;       // the consumer's command lines, as in README.md
};

// Exports a spatialgen dataset folder (read by ReadDataset, without error findings). With
// `answers`, also writes the format's predictions file; every exported item must have an
// answer. Throws InputError for a dataset or answers the format cannot take (naming the item
// and why), a bad target folder, or a format without a predictions file given answers; nothing
// is written then.
ExportSummary ExportDataset(const Dataset& dataset, const ExportOptions& options,
                            const ScoredAnswers* answers = nullptr);

}  // namespace spatialgen
