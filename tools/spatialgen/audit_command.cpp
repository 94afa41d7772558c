#include <fmt/format.h>

#include <memory>

#include "audit/audit.h"
#include "audit/report_html.h"
#include "core/atomic_file.h"
#include "tools/spatialgen/commands.h"

namespace spatialgen::cli {
namespace {

// Where the report goes when --report is not given: beside the dataset, never inside it.
std::filesystem::path DefaultReportDir(const std::filesystem::path& dataset) {
  std::filesystem::path base = std::filesystem::absolute(dataset).lexically_normal();
  if (!base.has_filename()) base = base.parent_path();
  return base.parent_path() / (base.stem().string() + "_audit");
}

void PrintSummary(const AuditReport& report, const std::filesystem::path& report_dir) {
  fmt::print("audit of {} ({} layout): {} items, {} images\n", report.dataset, report.layout, report.items,
             report.images);
  std::string category;
  for (const AuditCheck& check : report.checks) {
    if (check.category != category) {
      category = check.category;
      fmt::print("{}:\n", category);
    }
    const char* status = check.failed == 0 ? "ok" : (check.severity == CheckSeverity::kError ? "ERROR" : "warning");
    fmt::print("  {:<8} {:<22} {} of {}\n", status, check.name, check.failed, check.checked);
    if (check.failed > 0 && !check.examples.empty()) fmt::print("           e.g. {}\n", check.examples.front());
  }
  fmt::print("language prior: blind baseline {:.1f} % vs chance {:.1f} %{}\n", report.prior_accuracy * 100,
             report.prior_chance * 100, report.prior_biased ? ": BIASED, answers follow from the question text" : "");
  if (!report.geometry_rechecked && report.layout == "spatialgen") {
    fmt::print("geometry re-check: not run (give --scenes-config)\n");
  }
  fmt::print("{} errors, {} warnings\n", report.Errors(), report.Warnings());
  fmt::print("report: {}, {}\n", (report_dir / "report.html").string(), (report_dir / "report.json").string());
}

}  // namespace

void AddAuditCommand(CLI::App& app, Action& run) {
  auto options = std::make_shared<AuditOptions>();
  auto path = std::make_shared<std::filesystem::path>();
  auto report_dir = std::make_shared<std::filesystem::path>();
  auto strict = std::make_shared<bool>(false);
  auto quiet = std::make_shared<bool>(false);
  auto headers_only = std::make_shared<bool>(false);
  CLI::App* command = app.add_subcommand(
      "audit", "Check a dataset (spatialgen folder, RoboPoint JSON, RoboSpatial JSON/JSONL) and write a report. "
               "Exit 0 clean, 1 warnings with --strict, 2 errors");
  command->add_option("path", *path, "The dataset: a spatialgen output folder or a QA file")->required();
  command->add_option("--scenes-config", options->scenes_config,
                      "The run config that generated the folder: re-checks every item against its scene");
  command->add_option("--report", *report_dir, "Folder for report.html and report.json (default: <dataset>_audit beside it)");
  command->add_option("--sample", options->gallery_size, "Items shown in the report's gallery");
  command->add_option("--image-root", options->image_root, "Where a QA file's images are (default: the file's folder)");
  command->add_option("--threads", options->threads, "Worker threads (0: all cores)");
  // The thresholds (defaults in audit/audit.h, checked by AuditOptions::Check).
  command->add_option("--balance-tolerance", options->balance_tolerance,
                      "A yes/no group is unbalanced when its yes share is further than this from 0.5");
  command->add_option("--min-group-items", options->min_group_items,
                      "Groups smaller than this are not judged for balance or language prior");
  command->add_option("--prior-margin", options->prior_margin,
                      "A group whose blind accuracy beats chance by more than this is flagged");
  command->add_option("--prior-overall-margin", options->prior_overall_margin,
                      "The dataset is biased when its overall blind accuracy beats chance by more than this");
  command->add_option("--min-question-words", options->min_question_words, "Shorter questions are flagged");
  command->add_option("--max-question-words", options->max_question_words, "Longer questions are flagged");
  command->add_option("--max-items-per-image", options->max_items_per_image, "More items on one image are flagged");
  command->add_flag("--headers-only", *headers_only,
                    "Read image sizes from PNG/JPEG headers instead of decoding every image (much faster on "
                    "millions of images)");
  command->add_flag("--strict", *strict, "Exit 1 on warnings");
  command->add_flag("--quiet", *quiet, "No progress output");
  command->callback([&run, options, path, report_dir, strict, quiet, headers_only] {
    run = [options, path, report_dir, strict, quiet, headers_only] {
      options->progress = !*quiet;
      options->decode_images = !*headers_only;
      const AuditReport report = RunAudit(*path, *options);
      const std::filesystem::path dir = report_dir->empty() ? DefaultReportDir(*path) : *report_dir;
      WriteFileAtomic(dir / "report.json", ToJson(report).dump(2) + "\n");
      WriteHtmlReport(report, dir / "report.html");
      PrintSummary(report, dir);
      return report.ExitCode(*strict);
    };
  });
}

}  // namespace spatialgen::cli
