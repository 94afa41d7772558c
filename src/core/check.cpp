#include "core/check.h"

namespace spatialgen::check_detail {

void FailInvariant(const char* file, int line, const char* expression, const std::string& message) {
  std::string text = fmt::format("{}:{}: check failed: {}", file, line, expression);
  if (!message.empty()) text += " (" + message + ")";
  throw std::logic_error(text);
}

}  // namespace spatialgen::check_detail
