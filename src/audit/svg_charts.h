#pragma once
// The charts of report.html as inline SVG text (one <svg> element per chart), so the page needs
// no script or image file to show them.
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_report.h"

namespace spatialgen {

// The yes/no balance of one task: a 100%-stacked horizontal bar per (frame, relation) row, rows
// grouped under a heading per frame, the yes and no counts written on each bar and beside it, and
// a dashed line at 50%. `rows` are the task's BalanceRows in the report's order.
std::string BalanceChartSvg(std::string_view task, const std::vector<BalanceRow>& rows);

// A histogram as vertical bars, with a count axis (ticks at round numbers), the bin values along
// the bottom, the histogram's name as the x-axis label and its samples and mean as the caption.
// An empty histogram still gives one <svg> that says "no samples".
std::string HistogramSvg(const Histogram& histogram);

}  // namespace spatialgen
