#pragma once
// Scoring a dataset against a model's predictions (SPEC section 10): per task x frame x
// relation, per task, and overall, with counts and 95 % intervals. Items without a prediction,
// with a failed prediction (no text) or with an unparsable answer score 0 and are counted
// apart, so a model is never rewarded for skipping items.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "dataset/dataset.h"
#include "dataset/dataset_stream.h"
#include "infer/metrics.h"
#include "infer/predictions.h"

namespace spatialgen {

struct ScoreOptions {
  double iou_threshold = 0.5;  // a predicted box is a hit at IoU >= this, in (0, 1]
  int mask_threshold = kDefaultMaskThreshold;    // a mask pixel is inside when its grey value is >= this, 1..255

  // Throws InputError naming the field of a bad value.
  void Check() const;
};

// One reported number: the mean of `count` per-item values and its 95 % interval.
struct ScoreMetric {
  std::string name;  // "score", "accuracy", "where2place", "first_point_hit", "iou_hit", "mean_iou"
  double mean = 0;
  ConfidenceInterval interval;
  int count = 0;
};

// The rows of the report. `level`: "cell" (one task x frame x relation), "task" (a task over all
// frames and relations; frame and relation "all"), "overall" (everything; task "all").
struct ScoreGroup {
  std::string level;
  std::string task;
  std::string frame;     // "" for items without a frame (grounding)
  std::string relation;  // "" for items without a relation
  int items = 0;         // items scored
  int missing = 0;       // no prediction for the item
  int failed = 0;        // a prediction record without text (the back end failed)
  int unparsable = 0;    // text that did not parse as the item's answer kind
  // "score" first (the primary per-item score: correct, fraction inside, IoU hit), then the
  // metrics of the answer kinds present.
  std::vector<ScoreMetric> metrics;

  const ScoreMetric* Find(const std::string& name) const;
};

struct ScoreReport {
  std::vector<ScoreGroup> groups;        // cells sorted by (task, frame, relation), then tasks, then overall
  int predictions = 0;                   // prediction records read
  std::vector<std::string> unknown_ids;  // prediction ids that name no dataset item
  std::vector<std::string> unscored;     // dataset items without a known expected answer (skipped)
  ScoreOptions options;
};

// Scores items a piece at a time, summing in dataset order (so that the numbers do not depend on
// how the dataset is cut, nor on the thread count).
class ScoreAccumulator {
 public:
  explicit ScoreAccumulator(const ScoreOptions& options);
  ~ScoreAccumulator();
  // Scores the items (in parallel) against `predictions` (one per item, nullptr: none). Reads
  // region masks (and, for pixel answers without a mask, the image); throws InputError naming
  // the item when one cannot be read.
  void Add(const std::vector<DatasetItem>& items, const std::vector<const PredictionRecord*>& predictions);
  // The report of everything added; `predictions`: records read, `unknown_ids`: their ids that
  // name no item.
  ScoreReport Finish(int predictions, std::vector<std::string> unknown_ids) const;

 private:
  struct Sums;
  ScoreOptions options_;
  std::unique_ptr<Sums> sums_;
};

// Scores every item of `dataset` that has an expected answer. The result does not depend on the
// thread count.
ScoreReport ScorePredictions(const Dataset& dataset, const std::vector<PredictionRecord>& predictions,
                             const ScoreOptions& options = {});

// The same for a dataset read a piece at a time and a predictions file looked up by id
// (PredictionIndex): for datasets of millions of items. Throws InputError for the dataset's first
// error finding (as RequireSound) and for a malformed predictions file.
ScoreReport ScorePredictionFile(const DatasetStream& dataset, const std::filesystem::path& predictions,
                                const ScoreOptions& options = {});

}  // namespace spatialgen
