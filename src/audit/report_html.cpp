#include "audit/report_html.h"

#include <fmt/format.h>

#include <map>
#include <string>
#include <vector>

#include "core/check.h"
#include "audit/html_text.h"
#include "audit/report_sections.h"
#include "audit/svg_charts.h"
#include "core/atomic_file.h"
#include "core/error.h"

namespace spatialgen {
namespace {

// The page's only style sheet; it sits inside the page so the file stands alone.
constexpr std::string_view kStyle = R"css(
body { font-family: sans-serif; font-size: 14px; color: #222; margin: 0 auto; padding: 16px 24px;
       max-width: 1280px; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 18px; border-bottom: 2px solid #ccc; padding-bottom: 4px; margin-top: 32px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
nav a { margin-right: 12px; }
table { border-collapse: collapse; margin: 4px 0 12px; }
th, td { border: 1px solid #d4d4d4; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.meta th { width: 140px; }
code { font-size: 13px; word-break: break-all; }
.desc, .note, .more { color: #666; font-size: 12px; }
.verdict { font-size: 16px; font-weight: bold; padding: 6px 10px; border-radius: 4px; margin: 6px 0; }
.verdict.ok { background: #e3f3e3; color: #1d5e1d; }
.verdict.warning { background: #fff3d6; color: #7a5300; }
.verdict.error { background: #fbe1e1; color: #8a1c1c; }
tr.fail.error td { background: #fbe1e1; }
tr.fail.warning td { background: #fff3d6; }
td.status.pass { color: #1d5e1d; }
td.status.error { color: #8a1c1c; font-weight: bold; }
td.status.warning { color: #7a5300; font-weight: bold; }
ul.examples { margin: 0; padding-left: 16px; font-size: 12px; }
.columns { display: flex; flex-wrap: wrap; gap: 32px; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 8px 0 16px; }
.gallery { display: flex; flex-wrap: wrap; gap: 16px; }
figure.item { margin: 0; width: 480px; border: 1px solid #d4d4d4; padding: 6px; }
figure.item.has-problems { border: 2px solid #c44; }
figure.item img { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 13px; margin-top: 6px; word-break: break-word; }
figcaption .group { color: #555; }
.missing { background: #f4f4f4; border: 2px dashed #c44; color: #8a1c1c; padding: 40px 12px;
           text-align: center; word-break: break-all; }
ul.problems { color: #8a1c1c; margin: 4px 0 0; padding-left: 18px; }
.swatch { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 12px;
          vertical-align: middle; border: 1px solid #333; }
)css";


}  // namespace

void HtmlReportOptions::Check() const {
  SG_CHECK_OPTION_GT(gallery_max_width, 0);
  SG_CHECK_OPTION_IN(jpeg_quality, 1, 100);
  SG_CHECK_OPTION_GE(max_objects, 0);
  SG_CHECK_OPTION_GE(max_examples, 0);
}

std::string ChartsSection(const AuditReport& report) {
  // Balance rows come sorted by task; a chart per task keeps each one readable.
  std::vector<std::string> tasks;
  std::map<std::string, std::vector<BalanceRow>> rows_by_task;
  for (const auto& row : report.balance) {
    auto& rows = rows_by_task[row.task];
    if (rows.empty()) tasks.push_back(row.task);
    rows.push_back(row);
  }
  std::string html = "<section id=\"balance\">\n<h2>Yes/no balance</h2>\n";
  if (tasks.empty()) html += "<p class=\"note\">No yes/no items.</p>\n";
  for (const auto& task : tasks) html += BalanceChartSvg(task, rows_by_task[task]) + "\n";
  html += "</section>\n<section id=\"histograms\">\n<h2>Distributions</h2>\n";
  if (report.histograms.empty()) html += "<p class=\"note\">No histograms.</p>\n";
  for (const auto& histogram : report.histograms) html += HistogramSvg(histogram) + "\n";
  html += "</section>\n";
  return html;
}

std::string RenderHtmlReport(const AuditReport& report, const HtmlReportOptions& options) {
  options.Check();
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += fmt::format("<title>audit: {}</title>\n", EscapeHtml(report.dataset));
  html += fmt::format("<style>{}</style>\n</head>\n<body>\n", kStyle);
  html += HeaderSection(report);
  html += "<nav><a href=\"#checks\">checks</a><a href=\"#tasks\">tasks</a>"
          "<a href=\"#balance\">balance</a><a href=\"#histograms\">distributions</a>"
          "<a href=\"#vocabulary\">vocabulary</a><a href=\"#prior\">language prior</a>"
          "<a href=\"#gallery\">gallery</a></nav>\n";
  html += ChecksSection(report, options);
  html += TasksSection(report);
  html += ChartsSection(report);
  html += VocabularySection(report, options);
  html += PriorSection(report);
  html += GallerySection(report, options);
  html += "</body>\n</html>\n";
  return html;
}

void WriteHtmlReport(const AuditReport& report, const std::filesystem::path& path,
                     const HtmlReportOptions& options) {
  WriteFileAtomic(path, RenderHtmlReport(report, options));
}

}  // namespace spatialgen
