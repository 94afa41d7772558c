#include "dataset/export.h"

#include <fmt/format.h>

#include <cassert>

#include "core/error.h"
#include "dataset/export_card.h"
#include "dataset/export_folder.h"
#include "dataset/export_llava.h"
#include "dataset/export_robospatial_eval.h"
#include "dataset/export_robospatial_qa.h"
#include "dataset/export_where2place.h"

namespace spatialgen {
namespace {

using FormatWriter = void (*)(const ExportJob&, ExportResult&);

FormatWriter WriterOf(ExportFormat format) {
  switch (format) {
    case ExportFormat::kWhere2Place: return WriteWhere2Place;
    case ExportFormat::kRoboSpatialEval: return WriteRoboSpatialEval;
    case ExportFormat::kRoboSpatialQa: return WriteRoboSpatialQa;
    case ExportFormat::kLlava: return WriteLlava;
  }
  return nullptr;
}

}  // namespace

const std::vector<ExportFormatInfo>& ExportFormats() {
  static const std::vector<ExportFormatInfo> formats = {
      {ExportFormat::kWhere2Place, "where2place",
       "RoboPoint's Where2Place evaluation (robopoint/eval/model_vqa.py, robopoint/eval/summarize_vqa.py)", true,
       ImagePaths::kRelative},
      {ExportFormat::kRoboSpatialEval, "robospatial-eval", "RoboSpatial-Eval (main.py, evaluation.py)", true,
       ImagePaths::kRelative},
      {ExportFormat::kRoboSpatialQa, "robospatial-qa",
       "pipelines reading the QA list of RoboSpatial's generator (scripts/qa_generator.py --output-mode json)", false,
       ImagePaths::kAbsolute},
      {ExportFormat::kLlava, "llava", "LLaVA / RoboPoint training (LazySupervisedDataset)", false,
       ImagePaths::kRelative},
  };
  return formats;
}

const ExportFormatInfo* FindExportFormat(std::string_view name) {
  for (const ExportFormatInfo& info : ExportFormats()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

const ExportFormatInfo& FormatInfo(ExportFormat format) {
  for (const ExportFormatInfo& info : ExportFormats()) {
    if (info.format == format) return info;
  }
  assert(false && "every format has a row");
  return ExportFormats().front();
}

void ExportOptions::Check() const {
  if (out.empty()) throw InputError({"", "", "out"}, "must name the export folder");
  if (mask_threshold < 1 || mask_threshold > 255) throw InputError({"", "", "mask_threshold"}, "must be in 1..255");
  const bool chooses_paths = format == ExportFormat::kRoboSpatialQa || format == ExportFormat::kLlava;
  if (image_paths && !chooses_paths) {
    throw InputError({"", "", "image_paths"},
                     fmt::format("{} fixes its image paths (relative to its folder): only robospatial-qa and llava "
                                 "choose", FormatInfo(format).name));
  }
}

ExportSummary ExportDataset(const Dataset& dataset, const ExportOptions& options, const ScoredAnswers* answers) {
  options.Check();
  const ExportFormatInfo& format = FormatInfo(options.format);
  if (answers != nullptr && !format.takes_predictions) {
    throw InputError({options.predictions_name, "", "--predictions"},
                     fmt::format("{} has no predictions file (where2place and robospatial-eval have)", format.name));
  }
  if (dataset.layout != DatasetLayout::kSpatialgen) {
    throw InputError({dataset.root.string(), "", ""},
                     "not a spatialgen dataset folder: exports read a folder written by spatialgen generate");
  }
  RequireSound(dataset);
  ExportFolder folder(options.out);
  const ExportJob job{dataset, options, answers, folder.staging(), folder.target()};
  ExportResult result;
  WriterOf(options.format)(job, result);
  WriteExportCard(job, result);
  folder.Commit();
  return {folder.target(), static_cast<int>(result.items.size()), result.left_out,
          static_cast<int>(result.images.size()), result.predictions, result.commands};
}

}  // namespace spatialgen
