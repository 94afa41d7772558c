#include "core/error.h"

namespace spatialgen {

std::string FormatLocated(const ErrorLocation& location, const std::string& message) {
  std::string text;
  if (!location.file.empty()) text += location.file + ": ";
  if (!location.scene.empty()) text += "scene " + location.scene + ": ";
  if (!location.field.empty()) text += location.field + ": ";
  return text + message;
}

InputError::InputError(ErrorLocation location, const std::string& message)
    : std::runtime_error(FormatLocated(location, message)),
      location_(std::move(location)),
      reason_(message) {}

InputError WithScene(const InputError& error, const std::string& scene) {
  ErrorLocation location = error.location();
  if (location.scene.empty()) location.scene = scene;
  return InputError(location, error.reason());
}

}  // namespace spatialgen
