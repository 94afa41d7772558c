#pragma once
// The predict driver: answers dataset items with a back end and appends one prediction record
// per item to a JSONL file as it finishes.
//
// Resume: items whose id already has an answer (a text) in the file are skipped; items with an
// error record are tried again (the new record is appended; ReadPredictions keeps the last).
// Items run on `concurrency` threads; a retryable failure is retried up to `retries` times
// with backoff; an item that still fails gets an error record ("text": null, "error": why)
// and the run goes on, unless `stop_after_failures` items in a row have failed: then the
// server is taken to be down (or the key wrong) and no further item is started.
#include <cstdint>
#include <string>
#include <vector>

#include "dataset/dataset.h"
#include "infer/backend.h"
#include "predict/predict_options.h"

namespace spatialgen {

struct PredictSummary {
  int64_t items = 0;     // dataset items in scope (after --limit, duplicates counted once)
  int64_t skipped = 0;   // already answered in the file
  int64_t answered = 0;  // answered by this run
  int64_t failed = 0;    // error records written by this run
  int64_t not_run = 0;   // left untried because the run stopped after failures in a row
  bool stopped = false;  // the run stopped early (stop_after_failures)
  std::vector<std::string> first_errors;  // "id: error" of the first few failures
  double seconds = 0;    // wall time of the run
};

// Runs `items` (the first options.limit of them when set) through `backend`, appending to
// options.out. Uses options.out, concurrency, retries, backoff, limit, progress and
// http.model (recorded with each answer). Throws InputError when options.out holds a
// malformed line, std::runtime_error when it cannot be written.
PredictSummary PredictItems(const std::vector<DatasetItem>& items, Backend& backend,
                            const PredictOptions& options);

// Checks the options, reads the dataset (stopping at its first error), makes the back end and
// runs PredictItems.
PredictSummary RunPredict(const PredictOptions& options);

}  // namespace spatialgen
