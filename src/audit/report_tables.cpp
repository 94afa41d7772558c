// The table sections of report.html: header and verdict, checks, tasks, vocabulary, prior.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "audit/html_text.h"
#include "audit/report_sections.h"

namespace spatialgen {
namespace {

// The categories in the order the report shows them; others follow in the order they appear.
constexpr std::string_view kCategoryOrder[] = {"schema", "content", "language_prior", "geometry"};

std::string Cell(std::string_view escaped_html, std::string_view cls = "") {
  if (cls.empty()) return fmt::format("<td>{}</td>", escaped_html);
  return fmt::format("<td class=\"{}\">{}</td>", cls, escaped_html);
}

std::string NumberCell(int64_t value) { return Cell(std::to_string(value), "num"); }

std::string Share(int64_t count, int64_t total) {
  return total > 0 ? FormatPercent(double(count) / double(total)) : "-";
}

std::string OrDash(const std::string& text) { return text.empty() ? "-" : EscapeHtml(text); }

std::string PriorVerdict(const AuditReport& report) {
  if (report.prior.empty()) return "language prior: not measured";
  return fmt::format("language prior: {} (blind accuracy {}, chance {})",
                     report.prior_biased ? "biased" : "not biased",
                     FormatPercent(report.prior_accuracy), FormatPercent(report.prior_chance));
}

std::string CheckRow(const AuditCheck& check, const HtmlReportOptions& options) {
  const bool failed = check.failed > 0;
  const std::string severity(SeverityName(check.severity));
  const std::string status = failed ? severity : "pass";
  std::string examples;
  const size_t shown = std::min(check.examples.size(), size_t(options.max_examples));
  if (shown > 0) {
    examples += "<ul class=\"examples\">";
    for (size_t i = 0; i < shown; ++i) examples += "<li>" + EscapeHtml(check.examples[i]) + "</li>";
    examples += "</ul>";
  }
  if (failed && check.failed > int64_t(shown)) {
    examples += fmt::format("<span class=\"more\">{} more</span>", check.failed - int64_t(shown));
  }
  std::string row = fmt::format("<tr class=\"{}\">", failed ? "fail " + severity : "pass");
  row += Cell(fmt::format("<code>{}</code><div class=\"desc\">{}</div>", EscapeHtml(check.name),
                          EscapeHtml(check.description)));
  row += Cell(severity);
  row += Cell(status, "status " + status);
  row += NumberCell(check.checked);
  row += NumberCell(check.failed);
  row += Cell(examples);
  row += "</tr>\n";
  return row;
}

}  // namespace

std::string HeaderSection(const AuditReport& report) {
  const int64_t errors = report.Errors();
  const int64_t warnings = report.Warnings();
  int64_t failing_checks = 0;
  for (const auto& check : report.checks) failing_checks += check.failed > 0 ? 1 : 0;

  std::string verdict, verdict_class;
  if (errors == 0 && warnings == 0) {
    verdict = "clean: every check passed";
    verdict_class = "ok";
  } else {
    verdict = fmt::format("{}, {} (in {})", CountNoun(errors, "error"),
                          CountNoun(warnings, "warning"), CountNoun(failing_checks, "failing check"));
    verdict_class = errors > 0 ? "error" : "warning";
  }
  std::string html = "<header>\n<h1>spatialgen audit report</h1>\n<table class=\"meta\">\n";
  html += fmt::format("<tr><th>dataset</th><td><code>{}</code></td></tr>\n", EscapeHtml(report.dataset));
  html += fmt::format("<tr><th>layout</th><td>{}</td></tr>\n", OrDash(report.layout));
  html += fmt::format("<tr><th>items</th><td>{}</td></tr>\n", report.items);
  html += fmt::format("<tr><th>images</th><td>{}</td></tr>\n", report.images);
  html += fmt::format("<tr><th>geometry re-check</th><td>{}</td></tr>\n",
                      report.geometry_rechecked ? "run" : "not run (no scenes config given)");
  html += "</table>\n";
  html += fmt::format("<p class=\"verdict {}\">{}</p>\n", verdict_class, verdict);
  html += fmt::format("<p class=\"verdict {}\">{}</p>\n", report.prior_biased ? "error" : "ok",
                      EscapeHtml(PriorVerdict(report)));
  html += "</header>\n";
  return html;
}

std::string ChecksSection(const AuditReport& report, const HtmlReportOptions& options) {
  std::vector<std::string> categories(std::begin(kCategoryOrder), std::end(kCategoryOrder));
  for (const auto& check : report.checks) {
    if (std::find(categories.begin(), categories.end(), check.category) == categories.end()) {
      categories.push_back(check.category);
    }
  }
  std::string html = "<section id=\"checks\">\n<h2>Checks</h2>\n";
  for (const auto& category : categories) {
    std::string rows;
    for (const auto& check : report.checks) {
      if (check.category == category) rows += CheckRow(check, options);
    }
    html += fmt::format("<h3>{}</h3>\n", EscapeHtml(category.empty() ? "(no category)" : category));
    if (rows.empty()) {
      const bool geometry_off = category == "geometry" && !report.geometry_rechecked;
      html += fmt::format("<p class=\"note\">{}</p>\n",
                          geometry_off ? "Not run: the audit was given no scenes config."
                                       : "No checks in this category.");
      continue;
    }
    html += "<table class=\"checks\">\n<tr><th>check</th><th>severity</th><th>status</th>"
            "<th>checked</th><th>failed</th><th>examples</th></tr>\n";
    html += rows + "</table>\n";
  }
  html += "</section>\n";
  return html;
}

std::string TasksSection(const AuditReport& report) {
  std::string html = "<section id=\"tasks\">\n<h2>Items and images</h2>\n";
  html += "<table>\n<tr><th>task</th><th>items</th><th>share</th></tr>\n";
  for (const auto& task : report.items_per_task) {
    html += "<tr>" + Cell(EscapeHtml(task.name)) + NumberCell(task.count) +
            Cell(Share(task.count, report.items), "num") + "</tr>\n";
  }
  html += "</table>\n";
  if (!report.image_sizes.empty()) {
    html += "<h3>Image sizes</h3>\n<table>\n<tr><th>size</th><th>images</th><th>share</th></tr>\n";
    for (const auto& size : report.image_sizes) {
      html += "<tr>" + Cell(EscapeHtml(size.name)) + NumberCell(size.count) +
              Cell(Share(size.count, report.images), "num") + "</tr>\n";
    }
    html += "</table>\n";
  }
  html += "</section>\n";
  return html;
}

std::string VocabularySection(const AuditReport& report, const HtmlReportOptions& options) {
  const auto table = [](const std::vector<NamedCount>& counts, size_t limit, std::string_view what) {
    int64_t total = 0;
    for (const auto& entry : counts) total += entry.count;
    const size_t shown = std::min(counts.size(), limit);
    std::string html = fmt::format(
        "<p class=\"note\">{} in all ({} uses){}.</p>\n", CountNoun(int64_t(counts.size()), what),
        total, shown < counts.size() ? fmt::format("; the {} most frequent", shown) : "");
    html += fmt::format("<table>\n<tr><th>#</th><th>{}</th><th>count</th><th>share</th></tr>\n", what);
    for (size_t i = 0; i < shown; ++i) {
      html += "<tr>" + NumberCell(int64_t(i) + 1) + Cell(EscapeHtml(counts[i].name)) +
              NumberCell(counts[i].count) + Cell(Share(counts[i].count, total), "num") + "</tr>\n";
    }
    return html + "</table>\n";
  };
  std::string html = "<section id=\"vocabulary\">\n<h2>Vocabulary</h2>\n<div class=\"columns\">\n";
  html += "<div>\n<h3>Objects</h3>\n" + table(report.objects, size_t(options.max_objects), "label");
  html += "</div>\n<div>\n<h3>Relations</h3>\n" +
          table(report.relations, report.relations.size(), "relation");
  html += "</div>\n</div>\n</section>\n";
  return html;
}

std::string PriorSection(const AuditReport& report) {
  std::string html = "<section id=\"prior\">\n<h2>Language prior</h2>\n";
  html += "<p class=\"note\">A text-only model, cross-validated, answers from the question alone. "
          "Where it beats chance, the answer can be guessed without looking at the image.</p>\n";
  html += fmt::format("<p class=\"verdict {}\">{}</p>\n", report.prior_biased ? "error" : "ok",
                      EscapeHtml(PriorVerdict(report)));
  if (report.prior.empty()) return html + "</section>\n";
  html += "<p class=\"note\">Marked: the groups the language_prior check flagged.</p>\n";
  html += "<table>\n<tr><th>task</th><th>frame</th><th>relation</th><th>items</th>"
          "<th>blind accuracy</th><th>95 % interval</th><th>chance</th><th>above chance</th></tr>\n";
  for (const auto& row : report.prior) {
    const double above = row.blind_accuracy - row.chance;
    html += fmt::format("<tr class=\"{}\">", row.flagged ? "fail error" : "pass");
    html += Cell(EscapeHtml(row.task)) + Cell(OrDash(row.frame)) + Cell(OrDash(row.relation)) +
            NumberCell(row.items) + Cell(FormatPercent(row.blind_accuracy), "num") +
            Cell(FormatPercent(row.low) + " to " + FormatPercent(row.high), "num") +
            Cell(FormatPercent(row.chance), "num") +
            Cell(fmt::format("{:+.1f} pts", above * 100), "num");
    html += "</tr>\n";
  }
  html += "</table>\n</section>\n";
  return html;
}

}  // namespace spatialgen
