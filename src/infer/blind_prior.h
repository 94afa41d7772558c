#pragma once
// The language-prior (blind) baseline: answers from the question text alone (infer/question_key.h).
// Fit per key: the majority yes/no, the mean answer point (answered as a one-point list), the
// mean box. A key never seen in fitting falls back to the task's prior, then to a fixed answer
// ("yes", the image centre, the centred half-size box).
//
// Two uses: the blind-prior back end (fitted on the whole dataset it answers), and the audit's
// cross-validated estimate of how much a dataset can be answered without the image (k-fold by a
// hash of the id, so no item is answered by a prior fitted on it).
#include <Eigen/Core>
#include <Eigen/Geometry>

#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "dataset/dataset.h"
#include "infer/metrics.h"

namespace spatialgen {

class BlindPrior {
 public:
  // Fits on the items that have an expected answer.
  static BlindPrior Fit(const std::vector<const DatasetItem*>& items);
  // Fits on one more item (one without an expected answer is left out).
  void Add(const DatasetItem& item);

  // The answer text for an item of a known answer kind.
  std::string Answer(const DatasetItem& item) const;

 private:
  struct Tally {
    int yes = 0;
    int no = 0;
    Eigen::Vector2d point_sum = Eigen::Vector2d::Zero();
    int point_items = 0;
    Eigen::Vector4d box_sum = Eigen::Vector4d::Zero();
    int boxes = 0;
    void Add(const DatasetItem& item);
  };
  // The first tally that has seen this answer kind: the key's, then the task's.
  const Tally* Lookup(const DatasetItem& item, AnswerKind kind) const;

  std::unordered_map<std::string, Tally> by_key_;
  std::unordered_map<std::string, Tally> by_task_;
};

inline constexpr int kChanceBoxes = 64;

// k priors, each fitted on all folds but one; an item is answered by the prior fitted without
// its fold (the fold comes from a hash of its id), so no item is answered from itself. The
// blind-prior back end answers with it, so that its score is the audit's estimate rather than
// an in-sample fit (which rewards keys seen once: about 0.65 on the demo's balanced yes/no
// items, against 0.5 cross-validated).
class CrossFittedBlindPrior {
 public:
  CrossFittedBlindPrior(const std::vector<const DatasetItem*>& items, int folds);
  // Unfitted; Add() fits it an item at a time (a dataset read a piece at a time).
  explicit CrossFittedBlindPrior(int folds);
  void Add(const DatasetItem& item);
  std::string Answer(const DatasetItem& item) const;
  int FoldOf(const DatasetItem& item) const;

 private:
  int folds_;
  std::vector<BlindPrior> priors_;
};

struct BlindPriorOptions {
  int folds = 5;               // cross-validation folds, >= 2
  int mask_threshold = kDefaultMaskThreshold;  // as ScoreOptions::mask_threshold, 1..255
  double iou_threshold = 0.5;  // as ScoreOptions::iou_threshold, in (0, 1]

  // Throws InputError naming the field of a bad value.
  void Check() const;
};

// One task x frame x relation cell of the estimate.
struct BlindPriorCell {
  std::string task;
  std::string frame;
  std::string relation;
  int items = 0;
  double accuracy = 0;          // mean primary score (metrics.h) of the cross-validated blind answers
  ConfidenceInterval interval;  // its 95 % interval
  // The chance level: the expected score of uniform guessing (0.5 for yes/no; the share of the
  // image the region covers for points; for boxes the IoU hit rate of kChanceBoxes uniform
  // random boxes per item, drawn as the random back end draws them, seeded by the item id).
  double chance = 0;
};

struct BlindPriorEstimate {
  std::vector<BlindPriorCell> cells;  // sorted by (task, frame, relation)
  BlindPriorCell overall;             // task, frame, relation "all"
};

// The estimate over items given a piece at a time, in dataset order, each answered by `prior`
// (fitted on all of them first: a second pass over the dataset).
class BlindPriorEstimator {
 public:
  BlindPriorEstimator(const CrossFittedBlindPrior& prior, const BlindPriorOptions& options);
  // Scores the items that have an expected answer (in parallel), adding them up in order.
  void Add(const std::vector<const DatasetItem*>& items);
  BlindPriorEstimate Finish() const;

 private:
  struct Sums {
    int items = 0;
    double blind = 0, chance = 0;
  };
  const CrossFittedBlindPrior& prior_;
  BlindPriorOptions options_;
  std::map<std::tuple<std::string, std::string, std::string>, Sums> cells_;
  Sums overall_;
};

// The k-fold cross-validated blind accuracy of `dataset` (items with an expected answer).
// Reads region masks; throws InputError when one cannot be read. Deterministic.
BlindPriorEstimate EstimateBlindPrior(const Dataset& dataset, const BlindPriorOptions& options = {});
// The same over chosen items (the audit leaves out those whose mask is missing).
BlindPriorEstimate EstimateBlindPrior(const std::vector<const DatasetItem*>& chosen,
                                      const BlindPriorOptions& options = {});

}  // namespace spatialgen
