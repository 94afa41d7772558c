#include "predict/run_predict.h"

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <set>
#include <thread>

#include "core/progress.h"
#include "infer/predictions.h"
#include "predict/prediction_appender.h"
#include "predict/predict_backends.h"

namespace spatialgen {
namespace {

constexpr size_t kErrorsKept = 5;  // failures quoted in the summary

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Ids that already have an answer in the predictions file.
std::set<std::string> AnsweredIds(const std::filesystem::path& out) {
  std::set<std::string> answered;
  std::error_code ec;
  if (!std::filesystem::exists(out, ec)) return answered;
  for (const PredictionRecord& record : ReadPredictions(out)) {
    if (record.text.has_value()) answered.insert(record.id);
  }
  return answered;
}

// The items still to run, in dataset order, grouped into the back end's batches.
struct WorkList {
  std::vector<std::vector<const DatasetItem*>> batches;
  int64_t items = 0;
  int64_t skipped = 0;
  int64_t pending = 0;
};

WorkList PlanWork(const std::vector<DatasetItem>& items, const std::set<std::string>& answered,
                  int64_t limit, int batch_size) {
  WorkList work;
  std::set<std::string> seen;
  const size_t count = limit > 0 ? std::min(items.size(), size_t(limit)) : items.size();
  for (size_t i = 0; i < count; ++i) {
    const DatasetItem& item = items[i];
    if (!seen.insert(item.id).second) continue;
    ++work.items;
    if (answered.count(item.id)) {
      ++work.skipped;
      continue;
    }
    if (work.batches.empty() || int(work.batches.back().size()) >= batch_size) {
      work.batches.emplace_back();
    }
    work.batches.back().push_back(&item);
    ++work.pending;
  }
  return work;
}

// One batch's outcome: an answer per item, or the error that ended the last attempt.
struct BatchOutcome {
  std::vector<std::string> answers;
  std::string error;
  int attempts = 0;
};

BatchOutcome RunWithRetries(Backend& backend, const std::vector<const DatasetItem*>& batch,
                            const PredictOptions& options) {
  BatchOutcome outcome;
  for (int attempt = 1;; ++attempt) {
    outcome.attempts = attempt;
    try {
      if (batch.size() == 1) {
        outcome.answers = {backend.Answer(*batch.front())};
      } else {
        outcome.answers = backend.AnswerBatch(batch);
        if (outcome.answers.size() != batch.size()) {
          outcome.error = "the back end returned " + std::to_string(outcome.answers.size()) +
                          " answers for " + std::to_string(batch.size()) + " items";
          outcome.answers.clear();
          return outcome;
        }
      }
      outcome.error.clear();
      return outcome;
    } catch (const BackendError& e) {
      outcome.error = e.what();
      if (!e.retryable() || attempt > options.retries) return outcome;
    } catch (const std::exception& e) {
      // Anything else (an offline back end's InputError about one item) is that item's
      // failure, not the run's; retrying it cannot help.
      outcome.error = e.what();
      return outcome;
    }
    const double pause = BackoffSeconds(options.backoff, options.seed, batch.front()->id, attempt);
    std::this_thread::sleep_for(std::chrono::duration<double>(pause));
  }
}

}  // namespace

PredictSummary PredictItems(const std::vector<DatasetItem>& items, Backend& backend,
                            const PredictOptions& options) {
  const auto start = Clock::now();
  // Open first: it cuts an interrupted run's half line, which ReadPredictions would reject.
  PredictionAppender appender(options.out);
  const WorkList work = PlanWork(items, AnsweredIds(options.out), options.limit,
                                 std::max(1, backend.preferred_batch()));

  PredictSummary summary;
  summary.items = work.items;
  summary.skipped = work.skipped;
  std::atomic<int64_t> answered{0}, failed{0}, started{0};
  // Items that failed since the last success, in the order they finished.
  std::atomic<int> failures_in_a_row{0};
  std::atomic<bool> gave_up{false};
  std::atomic<size_t> next_batch{0};
  std::atomic<bool> stop{false};
  std::mutex errors_mutex;
  std::exception_ptr fatal;
  Progress progress("predict", work.pending, options.progress);
  const int64_t tokens_before = backend.generated_tokens();
  if (tokens_before >= 0) {
    progress.SetSuffix([&backend, tokens_before](double seconds) {
      return fmt::format(", {:.1f} tokens/s", seconds > 0 ? double(backend.generated_tokens() - tokens_before) / seconds : 0.0);
    });
  }

  auto worker = [&] {
    while (!stop) {
      const size_t index = next_batch++;
      if (index >= work.batches.size()) return;
      const std::vector<const DatasetItem*>& batch = work.batches[index];
      started += int64_t(batch.size());
      const auto batch_start = Clock::now();
      const BatchOutcome outcome = RunWithRetries(backend, batch, options);
      const double seconds = SecondsSince(batch_start);
      try {
        for (size_t i = 0; i < batch.size(); ++i) {
          PredictionRecord record;
          record.id = batch[i]->id;
          record.backend = backend.name();
          record.model = options.http.model;
          record.attempts = outcome.attempts;
          record.seconds = seconds;
          if (outcome.error.empty()) {
            record.text = outcome.answers[i];
            ++answered;
          } else {
            record.error = outcome.error;
            ++failed;
            std::lock_guard lock(errors_mutex);
            if (summary.first_errors.size() < kErrorsKept) {
              summary.first_errors.push_back(record.id + ": " + record.error);
            }
          }
          appender.Append(record);
        }
      } catch (const std::exception&) {
        // The file cannot be written: stop every worker and report it after they are done.
        std::lock_guard lock(errors_mutex);
        if (!fatal) fatal = std::current_exception();
        stop = true;
        return;
      }
      progress.Advance(int64_t(batch.size()));
      if (outcome.error.empty()) {
        failures_in_a_row = 0;
      } else if (options.stop_after_failures > 0 &&
                 (failures_in_a_row += int(batch.size())) >= options.stop_after_failures) {
        gave_up = true;
        stop = true;
      }
    }
  };

  const size_t thread_count = std::min(size_t(options.concurrency), work.batches.size());
  // Plain threads, not TBB: they spend their time blocked on sockets, and TBB would cap them
  // at the core count.
  std::vector<std::thread> threads;
  for (size_t i = 0; i < thread_count; ++i) threads.emplace_back(worker);
  for (std::thread& thread : threads) thread.join();
  progress.Finish();
  if (fatal) std::rethrow_exception(fatal);

  summary.answered = answered;
  summary.failed = failed;
  summary.not_run = work.pending - started;
  summary.stopped = gave_up;
  summary.seconds = SecondsSince(start);
  return summary;
}

PredictSummary RunPredict(const PredictOptions& options) {
  options.Check();
  DatasetReadOptions dataset_options;
  dataset_options.image_root = options.image_root;
  const Dataset dataset = ReadDataset(options.dataset, dataset_options);
  RequireSound(dataset);
  const std::unique_ptr<Backend> backend = MakePredictBackend(options, dataset);
  if (IsHttpBackend(options.backend)) return PredictItems(dataset.items, *backend, options);
  // Offline back ends answer in microseconds: one thread gains as much and writes the file in
  // dataset order.
  PredictOptions sequential = options;
  sequential.concurrency = 1;
  return PredictItems(dataset.items, *backend, sequential);
}

}  // namespace spatialgen
