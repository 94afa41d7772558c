#pragma once
// Small text helpers shared by the readers, the template engine and the answer parsers.
#include <string>
#include <string_view>

namespace spatialgen {

// `text` without leading and trailing white space (std::isspace).
std::string_view Trim(std::string_view text);

// ASCII lower case.
std::string ToLower(std::string_view text);

// The key a label is compared by: lower case, '_' and '-' read as spaces, runs of white space
// as one space, trailing punctuation dropped, trimmed ("Coffee_Table" and "coffee-table "
// give "coffee table", "Brown potato." gives "brown potato"). Category
// lists, dataset label maps and skip lists all compare labels through it.
std::string CategoryKey(std::string_view label);

// How a question names an object given a free-text label, as RoboSpatial-format data writes
// them ("Brown potato.", "Orange juice carton with orange and white colors, "ORANGE JUICE"
// text."): white space collapsed, trailing punctuation dropped, and words in sentence case
// ("Brown", "A") lowered, while acronyms ("TV"), other mixed case ("iPhone") and quoted text
// keep theirs. "Brown potato." gives "brown potato".
std::string QuestionName(std::string_view label);

}  // namespace spatialgen
