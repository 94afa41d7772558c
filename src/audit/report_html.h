#pragma once
// report.html: the audit report as one self-contained page (inline CSS, charts as inline SVG,
// gallery pictures as base64 JPEG data URIs; no script, font, image or link outside the file),
// so it can be mailed, archived or opened offline as it is.
#include <cstdint>
#include <filesystem>
#include <string>

#include "audit/audit_report.h"

namespace spatialgen {

struct HtmlReportOptions {
  int gallery_max_width = 480;   // gallery pictures are scaled down to at most this width (px)
  int jpeg_quality = 85;         // JPEG quality of the gallery pictures, 1..100
  int max_objects = 50;          // object labels listed, most frequent first
  int max_examples = 5;          // example item ids shown per check

  void Check() const;
};

// The page's HTML text. Unreadable gallery images become an "image missing: PATH" box.
std::string RenderHtmlReport(const AuditReport& report, const HtmlReportOptions& options = {});

// Writes RenderHtmlReport(report, options) to `path` atomically.
void WriteHtmlReport(const AuditReport& report, const std::filesystem::path& path,
                     const HtmlReportOptions& options = {});

}  // namespace spatialgen
