#include "audit/svg_charts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "audit/html_text.h"

namespace spatialgen {
namespace {

constexpr const char* kYesColor = "#3b7dd8";
constexpr const char* kNoColor = "#e0873a";
constexpr const char* kBarColor = "#5a8f5a";
constexpr const char* kAxisColor = "#555";

// Balance chart layout, in SVG units (the chart scales with the page width).
constexpr double kBalanceWidth = 760;
constexpr double kLabelColumn = 200;  // relation names, right-aligned at its end
constexpr double kBarLeft = 210;
constexpr double kBarWidth = 360;
constexpr double kRowHeight = 22;
constexpr double kMinTextSegment = 34;  // narrower segments get no count written inside

// Histogram layout.
constexpr double kHistWidth = 760;
constexpr double kHistHeight = 270;
constexpr double kPlotLeft = 64, kPlotRight = 16, kPlotTop = 34, kPlotBottom = 54;
constexpr int kMaxXLabels = 12;

std::string Text(double x, double y, std::string_view content, std::string_view attributes = "") {
  return fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\"{}{}>{}</text>", x, y,
                     attributes.empty() ? "" : " ", attributes, EscapeHtml(content));
}

std::string Rect(double x, double y, double width, double height, std::string_view fill,
                 std::string_view tooltip) {
  return fmt::format(
      "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">"
      "<title>{}</title></rect>",
      x, y, width, height, fill, EscapeHtml(tooltip));
}

// Inline SVG in HTML needs no xmlns attribute (and the page keeps no URL in it at all).
std::string SvgOpen(double width, double height, std::string_view label) {
  return fmt::format(
      "<svg class=\"chart\" viewBox=\"0 0 {:.0f} {:.0f}\" "
      "width=\"{:.0f}\" height=\"{:.0f}\" role=\"img\" aria-label=\"{}\" "
      "font-family=\"sans-serif\" font-size=\"12\">",
      width, height, width, height, EscapeHtml(label));
}

// The smallest of 1, 2, 5 times a power of ten that is at least `value` (at least 1).
int64_t NiceStep(double value) {
  int64_t power = 1;
  while (true) {
    for (const int64_t factor : {1, 2, 5}) {
      if (double(factor * power) >= value) return factor * power;
    }
    power *= 10;
  }
}

}  // namespace

std::string BalanceChartSvg(std::string_view task, const std::vector<BalanceRow>& rows) {
  // Count the rows first: a frame heading per run of equal frames, then a bar per row.
  int line_count = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i == 0 || rows[i].frame != rows[i - 1].frame) ++line_count;
    ++line_count;
  }
  const double top = 44;  // title and legend
  const double height = top + line_count * kRowHeight + 30;
  std::string svg = SvgOpen(kBalanceWidth, height, fmt::format("yes/no balance of {}", task));
  svg += Text(0, 16, fmt::format("{}: yes/no balance per frame and relation", task),
              "font-weight=\"bold\" font-size=\"14\"");
  svg += Rect(kBarLeft, 26, 12, 12, kYesColor, "yes") + Text(kBarLeft + 16, 36, "yes");
  svg += Rect(kBarLeft + 56, 26, 12, 12, kNoColor, "no") + Text(kBarLeft + 72, 36, "no");

  double y = top;
  for (size_t i = 0; i < rows.size(); ++i) {
    const BalanceRow& row = rows[i];
    if (i == 0 || row.frame != rows[i - 1].frame) {
      svg += Text(4, y + 15, row.frame.empty() ? "(no frame)" : "frame: " + row.frame,
                  "font-weight=\"bold\"");
      y += kRowHeight;
    }
    const std::string relation = row.relation.empty() ? "(all)" : row.relation;
    svg += Text(kLabelColumn, y + 15, relation, "text-anchor=\"end\"");
    const int64_t total = row.yes + row.no;
    const double bar_y = y + 3, bar_height = kRowHeight - 6;
    if (total == 0) {
      svg += Rect(kBarLeft, bar_y, kBarWidth, bar_height, "#ddd", "no answers");
      svg += Text(kBarLeft + kBarWidth + 8, y + 15, "no answers");
    } else {
      const double yes_width = kBarWidth * double(row.yes) / double(total);
      const std::string where = GroupLabel(row.task, row.frame, row.relation);
      svg += Rect(kBarLeft, bar_y, yes_width, bar_height, kYesColor,
                  fmt::format("{}: yes {}", where, row.yes));
      svg += Rect(kBarLeft + yes_width, bar_y, kBarWidth - yes_width, bar_height, kNoColor,
                  fmt::format("{}: no {}", where, row.no));
      if (yes_width >= kMinTextSegment) {
        svg += Text(kBarLeft + 4, y + 15, std::to_string(row.yes), "fill=\"#fff\"");
      }
      if (kBarWidth - yes_width >= kMinTextSegment) {
        svg += Text(kBarLeft + kBarWidth - 4, y + 15, std::to_string(row.no),
                    "fill=\"#fff\" text-anchor=\"end\"");
      }
      svg += Text(kBarLeft + kBarWidth + 8, y + 15,
                  fmt::format("yes {} / no {} ({} yes)", row.yes, row.no,
                              FormatPercent(double(row.yes) / double(total))));
    }
    y += kRowHeight;
  }
  // The 50% line shows at a glance which groups lean one way, and the axis gives the scale.
  const double middle = kBarLeft + kBarWidth / 2;
  svg += fmt::format(
      "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"#222\" "
      "stroke-dasharray=\"4 3\"/>",
      middle, top, y);
  for (const int percent : {0, 50, 100}) {
    svg += Text(kBarLeft + kBarWidth * percent / 100.0, y + 16, fmt::format("{}%", percent),
                "text-anchor=\"middle\" fill=\"#555\"");
  }
  svg += "</svg>";
  return svg;
}

std::string HistogramSvg(const Histogram& histogram) {
  std::string svg = SvgOpen(kHistWidth, kHistHeight, histogram.name);
  svg += Text(0, 16,
              fmt::format("{}: {} samples, mean {:.2f}", histogram.name, histogram.samples,
                          histogram.mean),
              "font-weight=\"bold\" font-size=\"14\"");
  const double plot_width = kHistWidth - kPlotLeft - kPlotRight;
  const double plot_height = kHistHeight - kPlotTop - kPlotBottom;
  const double bottom = kPlotTop + plot_height;
  const int64_t largest =
      histogram.bins.empty() ? 0 : *std::max_element(histogram.bins.begin(), histogram.bins.end());

  // Axes and their labels.
  svg += fmt::format(
      "<path d=\"M{0:.1f} {1:.1f} V{2:.1f} H{3:.1f}\" fill=\"none\" stroke=\"{4}\"/>", kPlotLeft,
      kPlotTop, bottom, kPlotLeft + plot_width, kAxisColor);
  svg += Text(kPlotLeft + plot_width / 2, kHistHeight - 6, histogram.name,
              "text-anchor=\"middle\"");
  svg += fmt::format(
      "<text x=\"14\" y=\"{0:.1f}\" transform=\"rotate(-90 14 {0:.1f})\" "
      "text-anchor=\"middle\">count</text>",
      kPlotTop + plot_height / 2);
  if (histogram.bins.empty() || largest == 0) {
    svg += Text(kPlotLeft + plot_width / 2, kPlotTop + plot_height / 2, "no samples",
                "text-anchor=\"middle\" fill=\"#888\"");
    svg += "</svg>";
    return svg;
  }

  // Count axis: 4 or 5 ticks at round numbers, the top tick at or above the largest bin.
  const int64_t step = NiceStep(double(largest) / 4.0);
  const int64_t axis_top = (largest + step - 1) / step * step;
  for (int64_t tick = 0; tick <= axis_top; tick += step) {
    const double tick_y = bottom - plot_height * double(tick) / double(axis_top);
    svg += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"#e4e4e4\"/>",
        kPlotLeft, tick_y, kPlotLeft + plot_width);
    svg += Text(kPlotLeft - 6, tick_y + 4, std::to_string(tick), "text-anchor=\"end\"");
  }

  // Bars, and a value label under every label_every-th bin.
  const size_t bins = histogram.bins.size();
  const double slot = plot_width / double(bins);
  const double gap = slot >= 6 ? 1.5 : 0;
  const size_t label_every = (bins + kMaxXLabels - 1) / kMaxXLabels;
  for (size_t i = 0; i < bins; ++i) {
    const int64_t value = histogram.first + int64_t(i) * histogram.bin_width;
    const std::string range =
        histogram.bin_width == 1 ? std::to_string(value)
                                 : fmt::format("{}-{}", value, value + histogram.bin_width - 1);
    const double bar_height = plot_height * double(histogram.bins[i]) / double(axis_top);
    const double x = kPlotLeft + slot * double(i);
    if (histogram.bins[i] > 0) {
      svg += Rect(x + gap / 2, bottom - bar_height, slot - gap, bar_height, kBarColor,
                  fmt::format("{}: {}", range, histogram.bins[i]));
    }
    if (i % label_every == 0) {
      svg += Text(x + slot / 2, bottom + 16, std::to_string(value), "text-anchor=\"middle\"");
    }
  }
  svg += "</svg>";
  return svg;
}

}  // namespace spatialgen
