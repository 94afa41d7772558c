#pragma once
// Text helpers for report.html: every string that comes from a dataset goes through EscapeHtml
// before it reaches the page (questions hold <, >, & and quotes).
#include <cstdint>
#include <string>
#include <string_view>

namespace spatialgen {

// `text` with &, <, >, " and ' replaced by character references; safe in element content and
// in quoted attribute values (HTML and inline SVG alike).
std::string EscapeHtml(std::string_view text);

// "12.3%" for 0.123.
std::string FormatPercent(double fraction);

// "1 error" / "3 errors": `count` and `noun`, with an "s" unless count is 1.
std::string CountNoun(int64_t count, std::string_view noun);

}  // namespace spatialgen
