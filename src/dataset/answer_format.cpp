#include "dataset/answer_format.h"

#include <cctype>
#include <charconv>
#include <cmath>

#include "core/text.h"

namespace spatialgen {
namespace {

// A bracketed value: a number or a list of values. Only what answer texts need.
struct Value {
  bool is_number = false;
  double number = 0;
  std::vector<Value> list;
};

class ValueParser {
 public:
  explicit ValueParser(std::string_view text) : text_(text) {}

  // The whole text as one value; unset when anything is left over or malformed.
  std::optional<Value> ParseAll() {
    std::optional<Value> value = ParseValue(0);
    SkipSpace();
    if (!value || pos_ != text_.size()) return std::nullopt;
    return value;
  }

 private:
  static constexpr int kMaxDepth = 4;

  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  std::optional<Value> ParseValue(int depth) {
    SkipSpace();
    if (pos_ >= text_.size() || depth > kMaxDepth) return std::nullopt;
    const char open = text_[pos_];
    if (open == '[' || open == '(') return ParseList(open == '[' ? ']' : ')', depth);
    return ParseNumber();
  }

  std::optional<Value> ParseList(char close, int depth) {
    ++pos_;
    Value list;
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == close) {
      ++pos_;
      return list;
    }
    while (true) {
      std::optional<Value> element = ParseValue(depth + 1);
      if (!element) return std::nullopt;
      list.list.push_back(std::move(*element));
      SkipSpace();
      if (pos_ >= text_.size()) return std::nullopt;
      if (text_[pos_] == close) {
        ++pos_;
        return list;
      }
      if (text_[pos_] != ',') return std::nullopt;
      ++pos_;
    }
  }

  std::optional<Value> ParseNumber() {
    Value value;
    value.is_number = true;
    const char* begin = text_.data() + pos_;
    const char* end = text_.data() + text_.size();
    if (begin < end && *begin == '+') ++begin;
    const auto [next, error] = std::from_chars(begin, end, value.number);
    if (error != std::errc() || !std::isfinite(value.number)) return std::nullopt;
    pos_ = static_cast<size_t>(next - text_.data());
    return value;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

bool IsNumberPair(const Value& value) {
  return !value.is_number && value.list.size() == 2 && value.list[0].is_number && value.list[1].is_number;
}

}  // namespace

std::optional<bool> ParseYesNoAnswer(std::string_view text) {
  text = Trim(text);
  auto equals = [text](std::string_view word) {
    if (text.size() != word.size()) return false;
    for (size_t i = 0; i < word.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(text[i])) != word[i]) return false;
    }
    return true;
  };
  if (equals("yes")) return true;
  if (equals("no")) return false;
  return std::nullopt;
}

std::optional<std::vector<Eigen::Vector2d>> ParsePointListAnswer(std::string_view text) {
  text = Trim(text);
  if (text.empty() || text.front() != '[') return std::nullopt;
  const std::optional<Value> value = ValueParser(text).ParseAll();
  if (!value || value->is_number) return std::nullopt;
  std::vector<Eigen::Vector2d> points;
  for (const Value& element : value->list) {
    if (!IsNumberPair(element)) return std::nullopt;
    points.emplace_back(element.list[0].number, element.list[1].number);
  }
  return points;
}

std::optional<Eigen::Vector4d> ParseBoxAnswer(std::string_view text) {
  text = Trim(text);
  if (text.empty() || text.front() != '[') return std::nullopt;
  const std::optional<Value> value = ValueParser(text).ParseAll();
  if (!value || value->is_number || value->list.size() != 4) return std::nullopt;
  Eigen::Vector4d box;
  for (int i = 0; i < 4; ++i) {
    if (!value->list[i].is_number) return std::nullopt;
    box[i] = value->list[i].number;
  }
  return box;
}

}  // namespace spatialgen
