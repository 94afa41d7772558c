#pragma once
// A model back end: something that answers dataset items with text, as a model would.
// Back ends are created by name (MakeBackend in infer/backends.h for the offline ones,
// predict/ for those over HTTP) and driven by the predict command, which owns retries,
// resume and concurrency.
//
// The interface is batch-shaped so that a native back end (the CUDA one of a later issue) can
// take many items per call; the HTTP back ends answer one item a call and are run from
// several threads at once, so Answer() must be safe to call concurrently.
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "dataset/dataset.h"

namespace spatialgen {

// A failed answer. `retryable`: worth trying again after a pause (timeouts, HTTP 429 and 5xx,
// a dropped connection); not retryable: the request itself is wrong (HTTP 4xx, an image that
// cannot be read), so retrying cannot help.
class BackendError : public std::runtime_error {
 public:
  BackendError(const std::string& message, bool retryable)
      : std::runtime_error(message), retryable_(retryable) {}
  bool retryable() const { return retryable_; }

 private:
  bool retryable_;
};

class Backend {
 public:
  virtual ~Backend() = default;
  // The name it was made with ("openai", "oracle"): recorded with each prediction.
  virtual std::string name() const = 0;
  // The number of items it prefers per AnswerBatch() call (1 for request-per-item back ends).
  virtual int preferred_batch() const { return 1; }
  // Tokens it has generated so far, for a tokens/s figure; -1 when it does not count them.
  virtual int64_t generated_tokens() const { return -1; }
  // The answer text for one item. Throws BackendError on failure.
  virtual std::string Answer(const DatasetItem& item) = 0;
  // One answer per item, in order. Throws BackendError when the batch fails as a whole.
  virtual std::vector<std::string> AnswerBatch(const std::vector<const DatasetItem*>& items) {
    std::vector<std::string> answers;
    answers.reserve(items.size());
    for (const DatasetItem* item : items) answers.push_back(Answer(*item));
    return answers;
  }
};

}  // namespace spatialgen
