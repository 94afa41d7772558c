#pragma once
// Lenient parsing of model answers (SPEC section 10). Models wrap answers in prose, use round
// or square brackets, pixel or normalized coordinates, or Molmo's <point> tags; all of these
// are accepted. A wrong shape (no numbers, 3-tuples, a tuple cut in half, NaN) is "no parsable
// answer" (an unset optional), never an exception.
//
// Coordinates:
//  - bracketed numbers are normalized when every value is <= 1, else pixels (divided by the
//    image width and height; unparsable when the image size is unknown);
//  - Molmo tags <point x="61.5" y="40.2" ...> and <points x1=".." y1=".." x2=".." ...> hold
//    percentages of the image size (Molmo's documented convention), so they are divided by 100
//    whatever their values;
//  - values are not clamped here; the metrics clamp points to the image.
#include <Eigen/Core>
#include <Eigen/Geometry>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spatialgen {

// The pixel size of the image an answer refers to; 0 x 0 when unknown.
struct AnswerImageSize {
  int width = 0;
  int height = 0;
  bool known() const { return width > 0 && height > 0; }
};

// Yes/no: trimmed and lower-cased, leading markdown and quotes ("**", "`", "\"") dropped, an
// optional "answer:" / "final answer:" label skipped; then "yes" or "no" as a whole word at the
// start ("Yes.", "**No**", "no, it is not"). "Not sure", "nope" and prose do not parse.
std::optional<bool> ParseYesNo(std::string_view text);

// Points: Molmo tags when the text has any, else every innermost bracket group of two numbers
// ("(x, y)" or "[x, y]", at any nesting depth, text around them ignored). Bracket groups that
// hold no number at all ("(see image)") are prose and skipped; a group with numbers but not
// exactly two finite ones, or a group left open, makes the answer unparsable. At least one
// point is needed. Returned normalized to the image.
std::optional<std::vector<Eigen::Vector2d>> ParsePoints(std::string_view text,
                                                        AnswerImageSize size);

// Boxes: one bracket group of four numbers "[x1, y1, x2, y2]", or exactly two points (the
// corners, as some models answer); normalized or pixel as for points. The corners are sorted
// (min, max) so a box written corner-swapped still counts. Returned normalized.
std::optional<Eigen::AlignedBox2d> ParseBox(std::string_view text, AnswerImageSize size);

// Formatting answers the way spatialgen's datasets do (for the offline back ends):
// "[(0.4610, 0.5270), ...]" and "[0.2719, 0.4708, 0.7531, 0.8042]" (4 decimals).
std::string FormatPointsAnswer(const std::vector<Eigen::Vector2d>& points);
std::string FormatBoxAnswer(const Eigen::AlignedBox2d& box);

}  // namespace spatialgen
