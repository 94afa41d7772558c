#pragma once
// The one check vocabulary. All checks stay on in Release: they guard input and invariants,
// not debugging.
//
// Input (a value a user gave in a config, a flag or a file): SG_CHECK_OPTION_* throw an
// InputError located at the field, with the bound and the value ("must be > 0, got -2").
// The field is the expression as written, so an Options::Check() that names its members
// like their keys gets the key path for free (`SG_CHECK_OPTION_GT(placement.clearance, 0)`).
//
// Field paths follow one rule: an Options::Check() names its fields relative to its own
// section; whoever holds a nested Options checks it with CheckNested(options, "key"), which
// puts "key." in front; the reader that knows the file adds the file and the section's path.
//
// Invariants (a programmer's mistake, never the input's): SG_CHECK throws std::logic_error
// with the file, the line and the expression.
#include <fmt/format.h>

#include <stdexcept>
#include <string>
#include <string_view>

#include "core/error.h"

namespace spatialgen {

// An InputError located at `field` only (no file, no scene).
inline InputError FieldError(std::string_view field, const std::string& message) {
  return InputError({"", "", std::string(field)}, message);
}

// Throws FieldError(field, message) unless `ok`.
inline void CheckOption(bool ok, std::string_view field, const std::string& message) {
  if (!ok) throw FieldError(field, message);
}

// Runs options.Check(), putting `prefix` (a key) in front of the field of what it throws.
template <typename Options>
void CheckNested(const Options& options, std::string_view prefix) {
  try {
    options.Check();
  } catch (const InputError& e) {
    const std::string& field = e.location().field;
    ErrorLocation location = e.location();
    location.field = field.empty() ? std::string(prefix) : std::string(prefix) + "." + field;
    throw InputError(location, e.reason());
  }
}

namespace check_detail {

template <typename T, typename U>
void Compare(bool ok, const T& value, std::string_view relation, const U& bound, std::string_view field) {
  if (!ok) throw FieldError(field, fmt::format("must be {} {}, got {}", relation, bound, value));
}

template <typename T, typename U>
void InRange(const T& value, const U& low, const U& high, std::string_view field) {
  // Written so that NaN fails.
  if (!(value >= low && value <= high)) {
    throw FieldError(field, fmt::format("must lie in [{}, {}], got {}", low, high, value));
  }
}

[[noreturn]] void FailInvariant(const char* file, int line, const char* expression, const std::string& message);

}  // namespace check_detail
}  // namespace spatialgen

// NaN fails every comparison, so a NaN option is always refused.
#define SG_CHECK_OPTION_GT(field, bound) \
  ::spatialgen::check_detail::Compare((field) > (bound), (field), ">", (bound), #field)
#define SG_CHECK_OPTION_GE(field, bound) \
  ::spatialgen::check_detail::Compare((field) >= (bound), (field), ">=", (bound), #field)
#define SG_CHECK_OPTION_LT(field, bound) \
  ::spatialgen::check_detail::Compare((field) < (bound), (field), "<", (bound), #field)
#define SG_CHECK_OPTION_LE(field, bound) \
  ::spatialgen::check_detail::Compare((field) <= (bound), (field), "<=", (bound), #field)
#define SG_CHECK_OPTION_IN(field, low, high) ::spatialgen::check_detail::InRange((field), (low), (high), #field)
// A condition that needs its own words ("must be >= robot_height_min").
#define SG_CHECK_OPTION(condition, field, message) ::spatialgen::CheckOption((condition), #field, (message))

#define SG_CHECK(condition)                                                              \
  do {                                                                                   \
    if (!(condition)) ::spatialgen::check_detail::FailInvariant(__FILE__, __LINE__, #condition, ""); \
  } while (false)
#define SG_CHECK_MSG(condition, message)                                                        \
  do {                                                                                          \
    if (!(condition)) ::spatialgen::check_detail::FailInvariant(__FILE__, __LINE__, #condition, (message)); \
  } while (false)
