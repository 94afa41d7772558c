#pragma once
// Small text helpers shared by the readers, the template engine and the answer parsers.
#include <string>
#include <string_view>
#include <vector>

namespace spatialgen {

// `text` without leading and trailing white space (std::isspace).
std::string_view Trim(std::string_view text);

// The words of one line of a text format (PLY, OBJ): the runs between spaces and tabs.
std::vector<std::string_view> BlankSeparatedWords(std::string_view line);

// ASCII lower case.
std::string ToLower(std::string_view text);

// The key a label is compared by: lower case, '_' and '-' read as spaces, runs of white space
// as one space, trimmed ("Coffee_Table" and "coffee-table " give "coffee table"). Category
// lists, dataset label maps and skip lists all compare labels through it.
std::string CategoryKey(std::string_view label);

}  // namespace spatialgen
