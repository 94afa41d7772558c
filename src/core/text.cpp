#include "core/text.h"

#include <cctype>

namespace spatialgen {
namespace {

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

}  // namespace

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

std::string ToLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

std::string CategoryKey(std::string_view label) {
  std::string key;
  bool pending_space = false;
  for (char c : label) {
    if (c == '_' || c == '-' || IsSpace(c)) {
      pending_space = !key.empty();
      continue;
    }
    if (pending_space) key += ' ';
    pending_space = false;
    key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  while (!key.empty() && std::string_view(".,;:!?").find(key.back()) != std::string_view::npos) key.pop_back();
  while (!key.empty() && key.back() == ' ') key.pop_back();
  return key;
}

namespace {

// "Brown" or "A": an upper-case first letter and no other upper-case letter.
bool InSentenceCase(std::string_view word) {
  if (word.empty() || !std::isupper(static_cast<unsigned char>(word[0]))) return false;
  for (size_t k = 1; k < word.size(); ++k) {
    if (std::isupper(static_cast<unsigned char>(word[k]))) return false;
  }
  // A one-letter word other than "A" or "I" is more likely a name ("X-ray", "T shirt"): keep it.
  return word.size() > 1 || word[0] == 'A';
}

}  // namespace

std::string QuestionName(std::string_view label) {
  // Words, with runs of white space as one space.
  std::string collapsed;
  for (char c : Trim(label)) {
    if (IsSpace(c)) {
      if (!collapsed.empty() && collapsed.back() != ' ') collapsed += ' ';
    } else {
      collapsed += c;
    }
  }
  while (!collapsed.empty() && std::string_view(".,;:!?").find(collapsed.back()) != std::string_view::npos) {
    collapsed.pop_back();
  }
  std::string name;
  bool in_quote = false;  // inside "..." nothing changes (apostrophes are not quotes)
  size_t k = 0;
  while (k < collapsed.size()) {
    const char c = collapsed[k];
    if (c == ' ') {
      name += c;
      ++k;
      continue;
    }
    size_t end = collapsed.find(' ', k);
    if (end == std::string::npos) end = collapsed.size();
    std::string_view word(collapsed.data() + k, end - k);
    const bool quoted = in_quote || word.front() == '"';
    std::string out(word);
    if (!quoted && InSentenceCase(word)) out = ToLower(word);
    // A word with an odd number of quotes opens or closes a quotation.
    for (char w : word) in_quote = w == '"' ? !in_quote : in_quote;
    name += out;
    k = end;
  }
  return std::string(Trim(name));
}

}  // namespace spatialgen
