#include "predict/http_backend_options.h"

#include <cmath>

#include "core/check.h"

namespace spatialgen {
void HttpBackendOptions::Check(const std::string& backend) const {
  if (base_url.empty()) throw FieldError("base_url", "the " + backend + " back end needs a base URL");
  ParseServerAddress(base_url, "base_url");
  if (backend == "openai" && model.empty()) {
    throw FieldError("model", "the openai back end needs a model name");
  }
  if (max_tokens < 1) throw FieldError("max_tokens", "must be at least 1");
  if (!std::isfinite(temperature) || temperature < 0) {
    throw FieldError("temperature", "must be a number >= 0");
  }
  if (!(top_p > 0 && top_p <= 1)) throw FieldError("top_p", "must be in (0, 1]");
  if (!(timeouts.connect_seconds > 0 && timeouts.connect_seconds < 1e6)) {
    throw FieldError("connect_timeout", "must be a positive number of seconds");
  }
  if (!(timeouts.read_seconds > 0 && timeouts.read_seconds < 1e6)) {
    throw FieldError("timeout", "must be a positive number of seconds");
  }
}

}  // namespace spatialgen
