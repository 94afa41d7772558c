#pragma once
// The options of a predict run: which dataset, which back end, where the answers go, and how
// hard to try.
#include <cstdint>
#include <filesystem>
#include <string>

#include "infer/vlm/llava_model.h"
#include "predict/http_backend_options.h"
#include "predict/retry_backoff.h"

namespace spatialgen {

struct PredictOptions {
  std::filesystem::path dataset;     // dataset folder or QA file (anything ReadDataset reads)
  std::filesystem::path image_root;  // where relative image paths resolve; empty: the default
  std::filesystem::path out;         // predictions JSONL: appended to, and resumed from
  std::string backend;               // openai, robopoint-worker, native, oracle, random, blind-prior
  int concurrency = 4;               // items in flight at once (HTTP calls block a thread each)
  int retries = 3;                   // further attempts after a retryable failure
  BackoffPolicy backoff;             // pauses between attempts
  uint64_t seed = 0;                 // seeds the backoff jitter and the random back end
  int64_t limit = 0;                 // only the first N dataset items (0: all)
  int stop_after_failures = 10;      // stop when this many items fail in a row (0: never)
  bool progress = true;              // progress bar on stderr
  HttpBackendOptions http;           // openai and robopoint-worker only
  vlm::ModelOptions native;          // native only; its model_dir defaults to http.model (--model)

  // Throws InputError naming the first bad field.
  void Check() const;
};

}  // namespace spatialgen
