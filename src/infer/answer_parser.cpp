#include "infer/answer_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

#include "core/text.h"

namespace spatialgen {
namespace {

// A whole decimal number: [+-]digits[.digits][e[+-]digits]. Words such as "nan" and "inf" are
// not numbers here, so they can never reach a score.
std::optional<double> ParseNumber(std::string_view text) {
  text = Trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  size_t i = (text[0] == '-') ? 1 : 0;
  bool digits = false;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i, digits = true;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i, digits = true;
  }
  if (!digits) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    const size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == start) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// What an innermost bracket group holds.
struct NumberGroup {
  bool prose = false;          // no part is a number: text in parentheses, skipped
  bool malformed = false;      // some parts are numbers, others are not (or empty)
  std::vector<double> values;  // when neither
};

NumberGroup ReadGroup(std::string_view content) {
  NumberGroup group;
  int numbers = 0;
  int others = 0;
  size_t start = 0;
  while (true) {
    const size_t comma = content.find(',', start);
    const std::string_view part =
        content.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (const std::optional<double> value = ParseNumber(part)) {
      group.values.push_back(*value);
      ++numbers;
    } else {
      ++others;
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  group.prose = numbers == 0;
  group.malformed = numbers > 0 && others > 0;
  return group;
}

// Every innermost bracket group of numbers, in order; unset when one is malformed or a group
// holding numbers is never closed (an answer cut off mid-tuple).
std::optional<std::vector<std::vector<double>>> NumberGroups(std::string_view text) {
  struct Open {
    size_t position;
    bool has_child;
  };
  std::vector<Open> open;
  std::vector<std::vector<double>> groups;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '(' || c == '[') {
      if (!open.empty()) open.back().has_child = true;
      open.push_back({i, false});
    } else if ((c == ')' || c == ']') && !open.empty()) {
      const Open group = open.back();
      open.pop_back();
      if (group.has_child) continue;
      NumberGroup numbers = ReadGroup(text.substr(group.position + 1, i - group.position - 1));
      if (numbers.malformed) return std::nullopt;
      if (!numbers.prose) groups.push_back(std::move(numbers.values));
    }
  }
  for (const Open& group : open) {
    if (group.has_child) continue;
    if (!ReadGroup(text.substr(group.position + 1)).prose) return std::nullopt;
  }
  return groups;
}

// The value of attribute `name` inside one tag's text: name="v", name='v' or name=v.
std::optional<std::string_view> Attribute(std::string_view tag, std::string_view name) {
  size_t from = 0;
  while (true) {
    const size_t at = tag.find(name, from);
    if (at == std::string_view::npos) return std::nullopt;
    from = at + 1;
    // A whole attribute name: preceded by a space, followed by '='.
    if (at == 0 || !std::isspace(static_cast<unsigned char>(tag[at - 1]))) continue;
    size_t i = at + name.size();
    while (i < tag.size() && tag[i] == ' ') ++i;
    if (i >= tag.size() || tag[i] != '=') continue;
    ++i;
    while (i < tag.size() && tag[i] == ' ') ++i;
    if (i >= tag.size()) return std::string_view();
    if (tag[i] == '"' || tag[i] == '\'') {
      const size_t end = tag.find(tag[i], i + 1);
      if (end == std::string_view::npos) return std::string_view();
      return tag.substr(i + 1, end - i - 1);
    }
    size_t end = i;
    while (end < tag.size() && !std::isspace(static_cast<unsigned char>(tag[end])) && tag[end] != '>') {
      ++end;
    }
    return tag.substr(i, end - i);
  }
}

// Molmo's point tags, in percent. nullopt: no tag at all; an empty vector inside: a tag was
// there but malformed (the answer is then unparsable, not read some other way).
std::optional<std::optional<std::vector<Eigen::Vector2d>>> MolmoPoints(std::string_view text) {
  const std::string lower = ToLower(text);
  std::vector<Eigen::Vector2d> points;
  bool any_tag = false;
  for (size_t at = lower.find("<point"); at != std::string::npos; at = lower.find("<point", at + 1)) {
    const size_t name_end = at + 6;
    const bool plural = name_end < lower.size() && lower[name_end] == 's';
    const size_t after = name_end + (plural ? 1 : 0);
    if (after >= lower.size() || !std::isspace(static_cast<unsigned char>(lower[after]))) continue;
    any_tag = true;
    const size_t close = lower.find('>', after);
    if (close == std::string::npos) return std::optional<std::vector<Eigen::Vector2d>>();
    const std::string_view tag = std::string_view(lower).substr(at, close - at);
    const auto read_pair = [&](const std::string& x_name, const std::string& y_name, bool& present) {
      const auto x = Attribute(tag, x_name);
      const auto y = Attribute(tag, y_name);
      present = x || y;
      if (!x || !y) return false;
      const auto x_value = ParseNumber(*x);
      const auto y_value = ParseNumber(*y);
      if (!x_value || !y_value) return false;
      points.emplace_back(*x_value / 100.0, *y_value / 100.0);
      return true;
    };
    bool present = false;
    if (!plural) {
      if (!read_pair("x", "y", present)) return std::optional<std::vector<Eigen::Vector2d>>();
      continue;
    }
    for (int k = 1;; ++k) {
      const bool ok = read_pair(fmt::format("x{}", k), fmt::format("y{}", k), present);
      if (!present) {
        if (k == 1) return std::optional<std::vector<Eigen::Vector2d>>();  // <points> with none
        break;
      }
      if (!ok) return std::optional<std::vector<Eigen::Vector2d>>();
    }
  }
  if (!any_tag) return std::nullopt;
  return std::optional<std::vector<Eigen::Vector2d>>(std::move(points));
}

// Pixel coordinates (any value above 1) divided by the image size; unset when the size is
// needed but unknown.
std::optional<std::vector<Eigen::Vector2d>> Normalize(std::vector<Eigen::Vector2d> points,
                                                      AnswerImageSize size) {
  const bool pixel = std::any_of(points.begin(), points.end(), [](const Eigen::Vector2d& p) {
    return p.x() > 1.0 || p.y() > 1.0;
  });
  if (!pixel) return points;
  if (!size.known()) return std::nullopt;
  for (Eigen::Vector2d& p : points) p = Eigen::Vector2d(p.x() / size.width, p.y() / size.height);
  return points;
}

}  // namespace

std::optional<bool> ParseYesNo(std::string_view text) {
  std::string lower = ToLower(Trim(text));
  std::string_view rest = lower;
  const auto drop_decoration = [&] {
    while (!rest.empty() && (rest.front() == '*' || rest.front() == '`' || rest.front() == '"' ||
                             rest.front() == '\'' || rest.front() == '_' ||
                             std::isspace(static_cast<unsigned char>(rest.front())))) {
      rest.remove_prefix(1);
    }
  };
  drop_decoration();
  for (std::string_view label : {"final answer:", "answer:"}) {
    if (rest.starts_with(label)) {
      rest.remove_prefix(label.size());
      drop_decoration();
      break;
    }
  }
  for (const auto& [word, value] : {std::pair<std::string_view, bool>{"yes", true}, {"no", false}}) {
    if (!rest.starts_with(word)) continue;
    if (rest.size() == word.size() || !std::isalnum(static_cast<unsigned char>(rest[word.size()]))) {
      return value;
    }
  }
  return std::nullopt;
}

std::optional<std::vector<Eigen::Vector2d>> ParsePoints(std::string_view text,
                                                        AnswerImageSize size) {
  if (auto molmo = MolmoPoints(text)) {
    if (!*molmo || (*molmo)->empty()) return std::nullopt;
    return **molmo;
  }
  const auto groups = NumberGroups(text);
  if (!groups || groups->empty()) return std::nullopt;
  std::vector<Eigen::Vector2d> points;
  for (const std::vector<double>& group : *groups) {
    if (group.size() != 2) return std::nullopt;
    points.emplace_back(group[0], group[1]);
  }
  return Normalize(std::move(points), size);
}

std::optional<Eigen::AlignedBox2d> ParseBox(std::string_view text, AnswerImageSize size) {
  std::vector<Eigen::Vector2d> corners;
  if (auto molmo = MolmoPoints(text)) {
    if (!*molmo) return std::nullopt;
    corners = **molmo;
  } else {
    const auto groups = NumberGroups(text);
    if (!groups) return std::nullopt;
    if (groups->size() == 1 && (*groups)[0].size() == 4) {
      const std::vector<double>& g = (*groups)[0];
      corners = {{g[0], g[1]}, {g[2], g[3]}};
    } else if (groups->size() == 2 && (*groups)[0].size() == 2 && (*groups)[1].size() == 2) {
      corners = {{(*groups)[0][0], (*groups)[0][1]}, {(*groups)[1][0], (*groups)[1][1]}};
    } else {
      return std::nullopt;
    }
    const auto normalized = Normalize(std::move(corners), size);
    if (!normalized) return std::nullopt;
    corners = *normalized;
  }
  if (corners.size() != 2) return std::nullopt;
  return Eigen::AlignedBox2d(corners[0].cwiseMin(corners[1]), corners[0].cwiseMax(corners[1]));
}

std::string FormatPointsAnswer(const std::vector<Eigen::Vector2d>& points) {
  std::string text = "[";
  for (size_t i = 0; i < points.size(); ++i) {
    if (i > 0) text += ", ";
    text += fmt::format("({:.4f}, {:.4f})", points[i].x(), points[i].y());
  }
  return text + "]";
}

std::string FormatBoxAnswer(const Eigen::AlignedBox2d& box) {
  return fmt::format("[{:.4f}, {:.4f}, {:.4f}, {:.4f}]", box.min().x(), box.min().y(),
                     box.max().x(), box.max().y());
}

}  // namespace spatialgen
