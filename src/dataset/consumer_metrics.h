#pragma once
// For tests: the metrics of the tools the exports are for, recomputed in C++ from their published
// behaviour, so that tests can score an export in the consumer's own terms without Python.
//  - RoboPoint robopoint/eval/summarize_vqa.py (Where2Place): the answers file is read in
//    question-line order; text2pts finds every "(...)" group of numbers ([-+]?\d+\.?\d*, comma
//    separated, no exponent); a number with a "." is a float, else an int; a 2-group with a float
//    is normalized and becomes (int(x * 640), int(y * 480)) (truncation), an all-int one is pixels;
//    a 4-group is a box whose pixels all become points. The mask masks/{line:02d}.jpg is opened by
//    content, as PIL gives it (an 8-bit greyscale image: its values; a 1-bit one: 0 or 1), divided
//    by 255; points outside the mask's extent count 0; an item scores the mean over its points, 0
//    without points; the result is the mean over items.
//  - RoboSpatial-Eval evaluation.py (eval_pregenerated_results, evaluate_answer): results are
//    matched to entries on (question, img) (the last result of a key wins; keys with an empty
//    question or img are dropped); entries without a question or answer, or without a match, are not
//    counted; a matched empty answer counts wrong; yes/no: correct when the stripped, lower-cased
//    answer starts with the expected word; points: the expected answer is a polygon (a list of at
//    least 3 tuples), the first "(x, y)" of the answer (\(\s*(\d+\.?\d*)\s*,\s*(\d+\.?\d*)\s*\),
//    else the same in square brackets) is tested with point_in_polygon, of which two versions
//    were published (both modelled).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

namespace spatialgen::consumers {

// ---- RoboPoint summarize_vqa.py ----

inline std::vector<std::array<long, 2>> Where2PlacePoints(const std::string& text, int width = 640, int height = 480) {
  static const std::regex group(R"(\(([-+]?\d+\.?\d*(?:,\s*[-+]?\d+\.?\d*)*?)\))");
  std::vector<std::array<long, 2>> points;
  for (std::sregex_iterator it(text.begin(), text.end(), group), end; it != end; ++it) {
    struct Number {
      bool is_float;
      double value;
    };
    std::vector<Number> vector;
    std::string part;
    std::string inside = (*it)[1].str() + ",";
    for (char c : inside) {
      if (c != ',') {
        part += c;
        continue;
      }
      const bool is_float = part.find('.') != std::string::npos;
      vector.push_back({is_float, std::stod(part)});
      part.clear();
    }
    if (vector.size() == 2) {
      long x = long(vector[0].value), y = long(vector[1].value);
      if (vector[0].is_float || vector[1].is_float) {
        x = long(vector[0].value * width);  // Python int(): truncation towards zero
        y = long(vector[1].value * height);
      }
      points.push_back({x, y});
    } else if (vector.size() == 4) {
      long x0 = long(vector[0].value), y0 = long(vector[1].value), x1 = long(vector[2].value), y1 = long(vector[3].value);
      if (vector[0].is_float) {
        x0 = long(vector[0].value * width), y0 = long(vector[1].value * height);
        x1 = long(vector[2].value * width), y1 = long(vector[3].value * height);
      }
      // mask[y0:y1, x0:x1] = 1 on a height x width grid, then its pixels in raster order.
      const auto clip = [](long v, long extent) { return std::clamp(v < 0 ? v + extent : v, 0L, extent); };
      for (long y = clip(y0, height); y < clip(y1, height); ++y) {
        for (long x = clip(x0, width); x < clip(x1, width); ++x) points.push_back({x, y});
      }
    }
  }
  return points;
}

// The mask as PIL hands it to numpy, divided by 255: 8-bit greyscale PNG values / 255; 1-bit
// PNG values (0 or 1) / 255; JPEG values / 255. Empty when the bytes are none of these.
inline std::optional<cv::Mat> Where2PlaceMaskWeights(const std::string& bytes) {
  const cv::Mat raw(1, int(bytes.size()), CV_8U, const_cast<char*>(bytes.data()));
  cv::Mat decoded = cv::imdecode(raw, cv::IMREAD_UNCHANGED);
  if (decoded.empty() || decoded.type() != CV_8UC1) return std::nullopt;
  const bool png = bytes.size() > 26 && bytes.compare(1, 3, "PNG") == 0;
  if (png && uint8_t(bytes[24]) == 1) decoded = decoded / 255;  // PIL mode "1": booleans
  if (png && uint8_t(bytes[24]) != 1 && uint8_t(bytes[24]) != 8) return std::nullopt;
  cv::Mat weights;
  decoded.convertTo(weights, CV_64F, 1.0 / 255.0);
  return weights;
}

inline double Where2PlaceItemScore(const std::string& answer_text, const cv::Mat& weights) {
  const auto points = Where2PlacePoints(answer_text);
  if (points.empty()) return 0;
  double sum = 0;
  for (const auto& [x, y] : points) {
    if (x >= 0 && y >= 0 && x < weights.cols && y < weights.rows) sum += weights.at<double>(int(y), int(x));
  }
  return sum / double(points.size());
}

// ---- RoboSpatial-Eval evaluation.py ----

using Polygon = std::vector<std::array<double, 2>>;

// point_in_polygon of evaluation.py at commit 73853993 (y in (min, max], vertical edges always toggle).
inline bool PointInPolygonLatest(double x, double y, const Polygon& poly) {
  const size_t n = poly.size();
  bool inside = false;
  double p1x = poly[0][0], p1y = poly[0][1], xinters = 0;
  for (size_t i = 1; i <= n; ++i) {
    const double p2x = poly[i % n][0], p2y = poly[i % n][1];
    if (y > std::min(p1y, p2y) && y <= std::max(p1y, p2y)) {
      if (p1y != p2y) xinters = (y - p1y) * (p2x - p1x) / (p2y - p1y) + p1x;
      if (p1x == p2x || x <= xinters) inside = !inside;
    }
    p1x = p2x;
    p1y = p2y;
  }
  return inside;
}

// point_in_polygon of evaluation.py at commit 3af8ceb (the classic half-open crossing test).
inline bool PointInPolygonClassic(double x, double y, const Polygon& poly) {
  const size_t n = poly.size();
  bool inside = false;
  for (size_t i = 0, j = n - 1; i < n; j = i++) {
    const double xi = poly[i][0], yi = poly[i][1], xj = poly[j][0], yj = poly[j][1];
    if (((yi > y) != (yj > y)) && (x < (xj - xi) * (y - yi) / (yj - yi) + xi)) inside = !inside;
  }
  return inside;
}

// The expected answer read as ast.literal_eval would, for what the exports write: a list of
// 2-tuples of numbers. Unset for anything else.
inline std::optional<Polygon> ParsePolygon(const std::string& text) {
  static const std::regex whole(R"(\s*\[\s*(\(\s*-?[0-9.]+\s*,\s*-?[0-9.]+\s*\)\s*,?\s*)*\]\s*)");
  if (!std::regex_match(text, whole)) return std::nullopt;
  static const std::regex tuple(R"(\(\s*(-?[0-9.]+)\s*,\s*(-?[0-9.]+)\s*\))");
  Polygon polygon;
  for (std::sregex_iterator it(text.begin(), text.end(), tuple), end; it != end; ++it) {
    polygon.push_back({std::stod((*it)[1].str()), std::stod((*it)[2].str())});
  }
  return polygon;
}

// The first point of a generated answer, as evaluate_answer's two regular expressions find it.
inline std::optional<std::array<double, 2>> FirstPoint(const std::string& answer) {
  static const std::regex tuple(R"(\(\s*(\d+\.?\d*)\s*,\s*(\d+\.?\d*)\s*\))");
  static const std::regex list(R"(\[\s*(\d+\.?\d*)\s*,\s*(\d+\.?\d*)\s*\])");
  std::smatch match;
  if (std::regex_search(answer, match, tuple) || std::regex_search(answer, match, list)) {
    return std::array<double, 2>{std::stod(match[1].str()), std::stod(match[2].str())};
  }
  return std::nullopt;
}

enum class PolygonTest { kLatest, kClassic };

inline std::string Lowered(std::string text) {
  const auto first = text.find_first_not_of(" \t\n\r\f\v");
  const auto last = text.find_last_not_of(" \t\n\r\f\v");
  text = first == std::string::npos ? "" : text.substr(first, last - first + 1);
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return text;
}

inline bool EvaluateAnswer(const std::string& ground_truth, const std::string& generated, PolygonTest test) {
  const std::string expected = Lowered(ground_truth);
  if (expected == "yes" || expected == "no") return Lowered(generated).starts_with(expected);
  const std::optional<Polygon> polygon = ParsePolygon(ground_truth);
  if (!polygon || polygon->size() < 3) return false;
  const std::optional<std::array<double, 2>> point = FirstPoint(generated);
  if (!point) return false;  // the script's last fallback (ast on the first [...]) is not modelled
  return test == PolygonTest::kLatest ? PointInPolygonLatest((*point)[0], (*point)[1], *polygon)
                                      : PointInPolygonClassic((*point)[0], (*point)[1], *polygon);
}

struct EvalCounts {
  int correct = 0;
  int total = 0;
  int unmatched = 0;
  std::map<std::string, std::pair<int, int>> categories;  // category -> (correct, total)
};

// eval_pregenerated_results over one annotations list and one results list.
inline EvalCounts EvaluateResults(const nlohmann::json& annotations, const nlohmann::json& results, PolygonTest test) {
  std::map<std::pair<std::string, std::string>, std::string> answers;
  for (const auto& result : results) {
    const std::string question = result.value("question", ""), img = result.value("img", "");
    if (!question.empty() && !img.empty()) answers[{question, img}] = result.value("answer", "");
  }
  EvalCounts counts;
  for (const auto& entry : annotations) {
    const std::string question = entry.value("question", ""), answer = entry.value("answer", "");
    if (question.empty() || answer.empty()) continue;
    const auto found = answers.find({question, entry.value("img", "")});
    if (found == answers.end()) {
      ++counts.unmatched;
      continue;
    }
    auto& category = counts.categories[entry.value("category", "unknown")];
    ++counts.total;
    ++category.second;
    if (!found->second.empty() && EvaluateAnswer(answer, found->second, test)) {
      ++counts.correct;
      ++category.first;
    }
  }
  return counts;
}

}  // namespace spatialgen::consumers
