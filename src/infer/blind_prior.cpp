#include "infer/blind_prior.h"

#include <tbb/parallel_for.h>

#include <tuple>

#include "core/check.h"
#include "core/error.h"
#include "core/rng.h"
#include "infer/answer_parser.h"
#include "infer/question_key.h"

namespace spatialgen {

void BlindPrior::Tally::Add(const DatasetItem& item) {
  switch (*item.answer_kind) {
    case AnswerKind::kYesNo:
      (item.answer_yes ? yes : no) += 1;
      break;
    case AnswerKind::kPoints: {
      if (item.points.empty()) break;
      Eigen::Vector2d mean = Eigen::Vector2d::Zero();
      for (const Eigen::Vector2d& p : item.points) mean += p;
      point_sum += mean / static_cast<double>(item.points.size());
      ++point_items;
      break;
    }
    case AnswerKind::kBox:
      box_sum += Eigen::Vector4d(item.box.min().x(), item.box.min().y(), item.box.max().x(),
                                 item.box.max().y());
      ++boxes;
      break;
  }
}

BlindPrior BlindPrior::Fit(const std::vector<const DatasetItem*>& items) {
  BlindPrior prior;
  for (const DatasetItem* item : items) prior.Add(*item);
  return prior;
}

void BlindPrior::Add(const DatasetItem& item) {
  if (!item.answer_kind) return;
  by_key_[QuestionKey(item)].Add(item);
  by_task_[item.task].Add(item);
}

const BlindPrior::Tally* BlindPrior::Lookup(const DatasetItem& item, AnswerKind kind) const {
  const auto seen = [kind](const Tally& tally) {
    switch (kind) {
      case AnswerKind::kYesNo: return tally.yes + tally.no > 0;
      case AnswerKind::kPoints: return tally.point_items > 0;
      case AnswerKind::kBox: return tally.boxes > 0;
    }
    return false;
  };
  if (auto it = by_key_.find(QuestionKey(item)); it != by_key_.end() && seen(it->second)) return &it->second;
  if (auto it = by_task_.find(item.task); it != by_task_.end() && seen(it->second)) return &it->second;
  return nullptr;
}

std::string BlindPrior::Answer(const DatasetItem& item) const {
  const AnswerKind kind = item.answer_kind.value_or(AnswerKind::kYesNo);
  const Tally* tally = Lookup(item, kind);
  switch (kind) {
    case AnswerKind::kYesNo:
      // Ties (and nothing seen) answer "yes": a fixed rule keeps the baseline deterministic.
      return (tally == nullptr || tally->yes >= tally->no) ? "yes" : "no";
    case AnswerKind::kPoints: {
      const Eigen::Vector2d point =
          tally ? Eigen::Vector2d(tally->point_sum / tally->point_items) : Eigen::Vector2d(0.5, 0.5);
      return FormatPointsAnswer({point});
    }
    case AnswerKind::kBox: {
      const Eigen::Vector4d box =
          tally ? Eigen::Vector4d(tally->box_sum / tally->boxes) : Eigen::Vector4d(0.25, 0.25, 0.75, 0.75);
      return FormatBoxAnswer(Eigen::AlignedBox2d(Eigen::Vector2d(box[0], box[1]), Eigen::Vector2d(box[2], box[3])));
    }
  }
  return "";
}

namespace {

// The expected score of uniform guessing (see BlindPriorCell::chance).
double ChanceScore(const DatasetItem& item, const AnswerRegion* region, double iou_threshold) {
  switch (*item.answer_kind) {
    case AnswerKind::kYesNo:
      return 0.5;
    case AnswerKind::kPoints:
      return region->AreaFraction();
    case AnswerKind::kBox: {
      Rng rng(StableHash(item.id));
      int hits = 0;
      for (int i = 0; i < kChanceBoxes; ++i) {
        const double x1 = rng.Uniform01(), x2 = rng.Uniform01(), y1 = rng.Uniform01(), y2 = rng.Uniform01();
        const Eigen::AlignedBox2d box(Eigen::Vector2d(std::min(x1, x2), std::min(y1, y2)),
                                      Eigen::Vector2d(std::max(x1, x2), std::max(y1, y2)));
        hits += BoxIoU(box, item.box) >= iou_threshold;
      }
      return static_cast<double>(hits) / kChanceBoxes;
    }
  }
  return 0;
}

}  // namespace

void BlindPriorOptions::Check() const {
  SG_CHECK_OPTION_GE(folds, 2);
  SG_CHECK_OPTION_IN(mask_threshold, 1, 255);
  SG_CHECK_OPTION(iou_threshold > 0 && iou_threshold <= 1, iou_threshold, "must be in (0, 1]");
}

CrossFittedBlindPrior::CrossFittedBlindPrior(const std::vector<const DatasetItem*>& items, int folds)
    : CrossFittedBlindPrior(folds) {
  for (const DatasetItem* item : items) Add(*item);
}

CrossFittedBlindPrior::CrossFittedBlindPrior(int folds) : folds_(folds) {
  CheckOption(folds >= 2, "folds", "must be at least 2");
  priors_.resize(folds);
}

// Prior f is fitted on every fold but f.
void CrossFittedBlindPrior::Add(const DatasetItem& item) {
  const int fold = FoldOf(item);
  for (int f = 0; f < folds_; ++f) {
    if (f != fold) priors_[f].Add(item);
  }
}

// Each item's fold comes from its id alone, so adding items does not reshuffle the others.
int CrossFittedBlindPrior::FoldOf(const DatasetItem& item) const {
  return static_cast<int>(StableHash(item.id) % static_cast<uint64_t>(folds_));
}

std::string CrossFittedBlindPrior::Answer(const DatasetItem& item) const { return priors_[FoldOf(item)].Answer(item); }

BlindPriorEstimate EstimateBlindPrior(const Dataset& dataset, const BlindPriorOptions& options) {
  std::vector<const DatasetItem*> all;
  for (const DatasetItem& item : dataset.items) all.push_back(&item);
  return EstimateBlindPrior(all, options);
}

BlindPriorEstimator::BlindPriorEstimator(const CrossFittedBlindPrior& prior, const BlindPriorOptions& options)
    : prior_(prior), options_(options) {
  options_.Check();
}

void BlindPriorEstimator::Add(const std::vector<const DatasetItem*>& chosen) {
  std::vector<const DatasetItem*> items;
  for (const DatasetItem* item : chosen) {
    if (item->answer_kind) items.push_back(item);
  }
  std::vector<double> blind(items.size()), chance(items.size());
  const AnswerScoring scoring{options_.iou_threshold};
  tbb::parallel_for(size_t{0}, items.size(), [&](size_t i) {
    const DatasetItem& item = *items[i];
    std::optional<AnswerRegion> region;
    if (*item.answer_kind == AnswerKind::kPoints) region = AnswerRegion::ForItem(item, options_.mask_threshold);
    const AnswerRegion* region_pointer = region ? &*region : nullptr;
    blind[i] = ScoreAnswer(item, prior_.Answer(item), region_pointer, {}, scoring).primary;
    chance[i] = ChanceScore(item, region_pointer, options_.iou_threshold);
  });
  for (size_t i = 0; i < items.size(); ++i) {
    for (Sums* sums : {&cells_[{items[i]->task, items[i]->frame, items[i]->relation}], &overall_}) {
      ++sums->items;
      sums->blind += blind[i];
      sums->chance += chance[i];
    }
  }
}

BlindPriorEstimate BlindPriorEstimator::Finish() const {
  const auto to_cell = [](std::string task, std::string frame, std::string relation, const Sums& sums) {
    BlindPriorCell cell;
    cell.task = std::move(task);
    cell.frame = std::move(frame);
    cell.relation = std::move(relation);
    cell.items = sums.items;
    if (sums.items > 0) {
      cell.accuracy = sums.blind / sums.items;
      cell.chance = sums.chance / sums.items;
    }
    cell.interval = MeanScoreInterval(cell.accuracy, sums.items);
    return cell;
  };
  BlindPriorEstimate estimate;
  for (const auto& [key, sums] : cells_) {
    estimate.cells.push_back(to_cell(std::get<0>(key), std::get<1>(key), std::get<2>(key), sums));
  }
  estimate.overall = to_cell("all", "all", "all", overall_);
  return estimate;
}

BlindPriorEstimate EstimateBlindPrior(const std::vector<const DatasetItem*>& chosen, const BlindPriorOptions& options) {
  options.Check();
  std::vector<const DatasetItem*> items;
  for (const DatasetItem* item : chosen) {
    if (item->answer_kind) items.push_back(item);
  }
  const CrossFittedBlindPrior prior(items, options.folds);
  BlindPriorEstimator estimator(prior, options);
  estimator.Add(items);
  return estimator.Finish();
}

}  // namespace spatialgen
