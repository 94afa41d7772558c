#pragma once
// Errors for bad input data. Programmer mistakes are assertions; anything a user can get
// wrong in a file or a config is an InputError that names where it is wrong.
#include <stdexcept>
#include <string>

namespace spatialgen {

// Where a piece of bad input lives. Empty fields are left out of the message.
struct ErrorLocation {
  std::string file;   // the file that holds the bad value
  std::string scene;  // scene id, when the error belongs to one scene
  std::string field;  // key path inside the file, e.g. "objects[3].size"
};

class InputError : public std::runtime_error {
 public:
  InputError(ErrorLocation location, const std::string& message);

  const ErrorLocation& location() const { return location_; }
  // The message without the location prefix.
  const std::string& reason() const { return reason_; }

 private:
  ErrorLocation location_;
  std::string reason_;
};

// Formats "file: scene S: field: message", leaving out empty parts.
std::string FormatLocated(const ErrorLocation& location, const std::string& message);

// Returns a copy of the error with the scene id filled in (when it was empty).
InputError WithScene(const InputError& error, const std::string& scene);

}  // namespace spatialgen
