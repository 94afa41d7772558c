#pragma once
// The answer texts a dataset holds, read strictly: "yes"/"no", point lists "[(0.461, 0.527),
// ...]" (pairs in round or square brackets) and boxes "[x1, y1, x2, y2]". This is the
// ground-truth reader; model answers are parsed leniently elsewhere (infer/answer_parser.h).
#include <Eigen/Core>
#include <Eigen/Geometry>

#include <optional>
#include <string_view>
#include <vector>

namespace spatialgen {

// "yes" or "no", trimmed, any case. Unset otherwise.
std::optional<bool> ParseYesNoAnswer(std::string_view text);

// A bracketed list of coordinate pairs: "[(0.1, 0.2), (0.3, 0.4)]" or "[[0.1, 0.2]]". The
// empty list "[]" parses to no points. Unset when the text is anything else.
std::optional<std::vector<Eigen::Vector2d>> ParsePointListAnswer(std::string_view text);

// A flat list of four numbers "[x1, y1, x2, y2]". Unset otherwise (the corners are not
// reordered: a box with x1 > x2 is returned as written, for the caller to flag).
std::optional<Eigen::Vector4d> ParseBoxAnswer(std::string_view text);

}  // namespace spatialgen
