// The gallery section of report.html: each sampled item's picture (or an "image missing" box)
// with its id, group, question, answer and problems.
#include <fmt/format.h>

#include <array>
#include <string>

#include "audit/gallery_images.h"
#include "audit/html_text.h"
#include "audit/report_sections.h"
#include "core/base64.h"

namespace spatialgen {
namespace {

std::string CssColor(const std::array<int, 3>& bgr) {
  return fmt::format("rgb({},{},{})", bgr[2], bgr[1], bgr[0]);
}

std::string Swatch(const std::array<int, 3>& bgr, std::string_view what) {
  return fmt::format("<span class=\"swatch\" style=\"background:{}\"></span>{}", CssColor(bgr), what);
}

std::string Figure(const GalleryEntry& entry, const HtmlReportOptions& options) {
  const auto picture = DrawGalleryPicture(entry, options.gallery_max_width, options.jpeg_quality);
  std::string html = fmt::format("<figure class=\"{}\">\n",
                                 entry.problems.empty() ? "item" : "item has-problems");
  if (picture) {
    html += fmt::format(
        "<img src=\"data:image/jpeg;base64,{}\" width=\"{}\" height=\"{}\" alt=\"{}\">\n",
        EncodeBase64(picture->jpeg), picture->width, picture->height, EscapeHtml(entry.id));
  } else {
    const std::string path =
        entry.image_path.empty() ? "(the item names no image)" : entry.image_path.string();
    html += fmt::format("<div class=\"missing\">image missing: {}</div>\n", EscapeHtml(path));
  }
  html += "<figcaption>\n";
  html += fmt::format("<div><code>{}</code></div>\n", EscapeHtml(entry.id));
  html += fmt::format("<div class=\"group\">{}</div>\n",
                      EscapeHtml(GroupLabel(entry.task, entry.frame, entry.relation)));
  html += fmt::format("<div><b>Q:</b> {}</div>\n", EscapeHtml(entry.question));
  html += fmt::format("<div><b>A:</b> {}</div>\n", EscapeHtml(entry.answer));
  const bool has_notes = picture && !picture->notes.empty();
  if (!entry.problems.empty() || has_notes) {
    html += "<ul class=\"problems\">";
    for (const auto& problem : entry.problems) html += "<li>" + EscapeHtml(problem) + "</li>";
    if (has_notes) {
      for (const auto& note : picture->notes) html += "<li>drawing: " + EscapeHtml(note) + "</li>";
    }
    html += "</ul>\n";
  }
  html += "</figcaption>\n</figure>\n";
  return html;
}

}  // namespace

std::string GallerySection(const AuditReport& report, const HtmlReportOptions& options) {
  std::string html = "<section id=\"gallery\">\n<h2>Gallery</h2>\n";
  if (report.gallery.empty()) return html + "<p class=\"note\">No items were sampled.</p>\n</section>\n";
  html += "<p class=\"legend\">" + Swatch(kGalleryMaskTintBgr, "ground-truth mask") + " " +
          Swatch(kGalleryPointBgr, "answer points") + " " + Swatch(kGalleryBoxBgr, "answer box") +
          "</p>\n<div class=\"gallery\">\n";
  for (const auto& entry : report.gallery) html += Figure(entry, options);
  html += "</div>\n</section>\n";
  return html;
}

}  // namespace spatialgen
