#include "infer/question_key.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <string_view>

#include "core/text.h"

namespace spatialgen {
namespace {

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// Whether the word before `at` is an article or demonstrative: object mentions are "the mug",
// "a mug", so the label "can" does not mask the verb in "can the mug be placed...".
bool AfterDeterminer(const std::string& text, size_t at) {
  size_t end = at;
  while (end > 0 && text[end - 1] == ' ') --end;
  if (end == at) return false;
  size_t start = end;
  while (start > 0 && IsWordChar(text[start - 1])) --start;
  const std::string_view word(text.data() + start, end - start);
  return word == "the" || word == "a" || word == "an" || word == "this" || word == "that";
}

// Replaces the whole-word occurrences of `name` in `text` (both lower-case) that follow a
// determiner.
void ReplaceWord(std::string& text, const std::string& name) {
  if (name.empty()) return;
  for (size_t at = text.find(name); at != std::string::npos; at = text.find(name, at)) {
    const size_t end = at + name.size();
    const bool starts_word = at == 0 || (!IsWordChar(text[at - 1]) && text[at - 1] != '<');
    const bool ends_word = end == text.size() || !IsWordChar(text[end]);
    if (starts_word && ends_word && AfterDeterminer(text, at)) {
      text.replace(at, name.size(), kObjectPlaceholder);
      at += std::string_view(kObjectPlaceholder).size();
    } else {
      at = end;
    }
  }
}

// Words that end a noun phrase.
const std::set<std::string, std::less<>>& FunctionWords() {
  static const std::set<std::string, std::less<>> words = {
      "is", "are", "was", "be", "to", "of", "on", "in", "at", "from", "with", "that", "which",
      "and", "or", "than", "near", "relative", "placed", "located", "positioned", "situated",
      "by", "for", "as", "into", "onto", "over", "under", "can", "could", "would", "should",
      "if", "when", "where", "without", "while", "it", "its", "this", "there", "so", "not",
      "the", "a", "an"};
  return words;
}

// Words that make a noun phrase part of the question's spatial wording, not an object name.
const std::set<std::string, std::less<>>& SpatialWords() {
  static const std::set<std::string, std::less<>> words = {
      "left", "right", "front", "back", "behind", "above", "below", "top", "bottom", "side",
      "camera", "robot", "viewer", "observer", "room", "world", "image", "picture", "scene",
      "perspective", "orientation", "frame", "view", "viewpoint", "point", "points", "space",
      "spots", "area", "region", "free", "empty", "vacant", "marked", "red", "rectangle",
      "answer", "coordinates", "base", "gravity", "floor", "own", "itself"};
  return words;
}

// The heuristic for items without labels (see the header).
std::string MaskNounPhrases(const std::string& text) {
  std::string out;
  size_t i = 0;
  bool after_article = false;
  while (i < text.size()) {
    if (!IsWordChar(text[i])) {
      out += text[i++];
      continue;
    }
    size_t end = i;
    while (end < text.size() && (IsWordChar(text[end]) || text[end] == '\'')) ++end;
    const std::string word = text.substr(i, end - i);
    if (!after_article) {
      out += word;
      after_article = word == "the" || word == "a" || word == "an";
      i = end;
      continue;
    }
    after_article = false;
    // The phrase: words separated by single spaces, up to a function word or punctuation.
    size_t phrase_end = i;
    bool spatial = false;
    size_t cursor = i;
    while (cursor < text.size() && IsWordChar(text[cursor])) {
      size_t word_end = cursor;
      while (word_end < text.size() && (IsWordChar(text[word_end]) || text[word_end] == '\'')) ++word_end;
      std::string next = text.substr(cursor, word_end - cursor);
      if (FunctionWords().count(next) > 0) break;
      if (next.ends_with("'s")) next.resize(next.size() - 2);
      spatial = spatial || SpatialWords().count(next) > 0;
      phrase_end = word_end;
      if (word_end >= text.size() || text[word_end] != ' ') break;
      cursor = word_end + 1;
    }
    if (phrase_end == i) continue;  // no phrase (a function word follows): read it normally
    out += spatial ? text.substr(i, phrase_end - i) : std::string(kObjectPlaceholder);
    i = phrase_end;
  }
  return out;
}

}  // namespace

std::string MaskObjectNames(const DatasetItem& item) {
  std::string text = ToLower(item.question);
  if (item.object_labels.empty()) return MaskNounPhrases(text);
  std::vector<std::string> labels;
  for (const std::string& label : item.object_labels) labels.push_back(ToLower(label));
  std::sort(labels.begin(), labels.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  for (const std::string& label : labels) ReplaceWord(text, label);
  return text;
}

std::string QuestionKey(const DatasetItem& item) { return item.task + "|" + MaskObjectNames(item); }

}  // namespace spatialgen
