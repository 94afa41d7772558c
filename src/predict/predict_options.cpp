#include "predict/predict_options.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "core/check.h"
#include "predict/predict_backends.h"

namespace spatialgen {
void PredictOptions::Check() const {
  if (dataset.empty()) throw FieldError("dataset", "missing: the dataset folder or QA file");
  if (out.empty()) throw FieldError("out", "missing: the predictions file (.jsonl)");
  std::error_code ec;
  if (std::filesystem::is_directory(out, ec)) {
    throw FieldError("out", out.string() + " is a folder; give a .jsonl file");
  }
  const std::vector<std::string> names = PredictBackendNames();
  if (std::find(names.begin(), names.end(), backend) == names.end()) {
    throw FieldError("backend", fmt::format("unknown back end '{}' (known: {})", backend,
                                            fmt::join(names, ", ")));
  }
  if (concurrency < 1 || concurrency > 256) throw FieldError("concurrency", "must be in [1, 256]");
  if (retries < 0 || retries > 100) throw FieldError("retries", "must be in [0, 100]");
  if (!(backoff.base_seconds >= 0 && backoff.base_seconds <= 3600)) {
    throw FieldError("backoff", "must be in [0, 3600] seconds");
  }
  if (!(backoff.max_seconds >= 0 && backoff.max_seconds <= 3600)) {
    throw FieldError("max_backoff", "must be in [0, 3600] seconds");
  }
  if (limit < 0) throw FieldError("limit", "must be >= 0 (0: all items)");
  if (stop_after_failures < 0) {
    throw FieldError("stop_after_failures", "must be >= 0 (0: never stop)");
  }
  if (IsHttpBackend(backend)) http.Check(backend);
  if (backend == "native") NativeModelOptions(*this).Check();
}

}  // namespace spatialgen
