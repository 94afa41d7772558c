#pragma once
// The sections of report.html, each a self-contained HTML fragment (report_html.cpp puts them
// in order). Every dataset string in them is escaped.
#include <string>

#include "audit/audit_report.h"
#include "audit/report_html.h"

namespace spatialgen {

// Dataset path, layout, counts and the verdict line.
std::string HeaderSection(const AuditReport& report);
// The checks, a table per category (schema, content, language_prior, geometry, then others).
std::string ChecksSection(const AuditReport& report, const HtmlReportOptions& options);
std::string TasksSection(const AuditReport& report);
// A balance chart per task and a histogram chart per histogram.
std::string ChartsSection(const AuditReport& report);
std::string VocabularySection(const AuditReport& report, const HtmlReportOptions& options);
std::string PriorSection(const AuditReport& report);
std::string GallerySection(const AuditReport& report, const HtmlReportOptions& options);

}  // namespace spatialgen
