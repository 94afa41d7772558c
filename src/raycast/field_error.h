#pragma once
// Errors of Options::Check(): located by the field name only; ReadOptions adds the file and
// key path.
#include <string>

#include "core/error.h"

namespace spatialgen {

inline InputError FieldError(const std::string& field, const std::string& message) {
  ErrorLocation location;
  location.field = field;
  return InputError(location, message);
}

}  // namespace spatialgen
