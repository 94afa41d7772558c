#include "infer/scoring.h"

#include <tbb/parallel_for.h>

#include <map>
#include <mutex>
#include <tuple>
#include <unordered_map>

#include "core/check.h"
#include "core/error.h"

namespace spatialgen {
namespace {

enum class Outcome { kScored, kMissing, kFailed, kUnparsable };

struct ScoredItem {
  Outcome outcome = Outcome::kMissing;
  ItemScore score;
};

// Image sizes, read once per file, for pixel answers on items without a mask.
class ImageSizes {
 public:
  AnswerImageSize Get(const std::filesystem::path& path) {
    {
      std::lock_guard lock(mutex_);
      if (auto it = sizes_.find(path.string()); it != sizes_.end()) return it->second;
    }
    const AnswerImageSize size = ReadImageSize(path);
    std::lock_guard lock(mutex_);
    sizes_[path.string()] = size;
    return size;
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, AnswerImageSize> sizes_;
};

ScoredItem ScoreItem(const DatasetItem& item, const PredictionRecord* prediction,
                     const ScoreOptions& options, ImageSizes& image_sizes) {
  ScoredItem scored;
  if (prediction == nullptr) return scored;
  if (!prediction->text) {
    scored.outcome = Outcome::kFailed;
    return scored;
  }
  std::optional<AnswerRegion> region;
  AnswerImageSize size;
  if (*item.answer_kind == AnswerKind::kPoints) {
    region = AnswerRegion::ForItem(item, options.mask_threshold);
    size = region->size();
  }
  const AnswerScoring scoring{options.iou_threshold};
  const AnswerRegion* region_pointer = region ? &*region : nullptr;
  scored.score = ScoreAnswer(item, prediction->text, region_pointer, size, scoring);
  // Pixel answers need the image size: read the image only for those.
  if (!scored.score.parsed && !size.known() && !item.image_path.empty() &&
      *item.answer_kind != AnswerKind::kYesNo && std::filesystem::exists(item.image_path)) {
    scored.score = ScoreAnswer(item, prediction->text, region_pointer,
                               image_sizes.Get(item.image_path), scoring);
  }
  scored.outcome = scored.score.parsed ? Outcome::kScored : Outcome::kUnparsable;
  return scored;
}

// Sums for one report row.
struct Accumulator {
  int items = 0, missing = 0, failed = 0, unparsable = 0;
  double primary = 0;
  int yes_no = 0, points = 0, boxes = 0;
  double correct = 0, fraction = 0, first_hit = 0, iou = 0, iou_hit = 0;

  void Add(AnswerKind kind, const ScoredItem& scored) {
    ++items;
    missing += scored.outcome == Outcome::kMissing;
    failed += scored.outcome == Outcome::kFailed;
    unparsable += scored.outcome == Outcome::kUnparsable;
    primary += scored.score.primary;
    switch (kind) {
      case AnswerKind::kYesNo:
        ++yes_no;
        correct += scored.score.primary;
        break;
      case AnswerKind::kPoints:
        ++points;
        fraction += scored.score.primary;
        first_hit += scored.score.first_hit;
        break;
      case AnswerKind::kBox:
        ++boxes;
        iou_hit += scored.score.primary;
        iou += scored.score.iou;
        break;
    }
  }

  ScoreGroup ToGroup(std::string level, std::string task, std::string frame, std::string relation) const {
    ScoreGroup group{std::move(level), std::move(task), std::move(frame), std::move(relation),
                     items, missing, failed, unparsable, {}};
    const auto proportion = [&](const char* name, double sum, int count) {
      group.metrics.push_back({name, sum / count, WilsonInterval(sum, count), count});
    };
    const auto mean = [&](const char* name, double sum, int count) {
      group.metrics.push_back({name, sum / count, MeanScoreInterval(sum / count, count), count});
    };
    if (items > 0) mean("score", primary, items);
    if (yes_no > 0) proportion("accuracy", correct, yes_no);
    if (points > 0) mean("where2place", fraction, points);
    if (points > 0) proportion("first_point_hit", first_hit, points);
    if (boxes > 0) proportion("iou_hit", iou_hit, boxes);
    if (boxes > 0) mean("mean_iou", iou, boxes);
    return group;
  }
};

}  // namespace

void ScoreOptions::Check() const {
  SG_CHECK_OPTION(iou_threshold > 0 && iou_threshold <= 1, iou_threshold, "must be in (0, 1]");
  SG_CHECK_OPTION_IN(mask_threshold, 1, 255);
}

const ScoreMetric* ScoreGroup::Find(const std::string& name) const {
  for (const ScoreMetric& metric : metrics) {
    if (metric.name == name) return &metric;
  }
  return nullptr;
}

ScoreReport ScorePredictions(const Dataset& dataset, const std::vector<PredictionRecord>& predictions,
                             const ScoreOptions& options) {
  options.Check();
  ScoreReport report;
  report.options = options;
  report.predictions = static_cast<int>(predictions.size());

  // Dataset::Find is filled by ReadDataset only; build the index here so hand-made datasets
  // score too. The first item wins when an id is used twice, as in Find.
  std::unordered_map<std::string, size_t> item_index;
  for (size_t i = 0; i < dataset.items.size(); ++i) item_index.emplace(dataset.items[i].id, i);
  std::vector<const PredictionRecord*> prediction_of(dataset.items.size(), nullptr);
  for (const PredictionRecord& prediction : predictions) {
    auto it = item_index.find(prediction.id);
    if (it == item_index.end()) {
      report.unknown_ids.push_back(prediction.id);
    } else {
      prediction_of[it->second] = &prediction;
    }
  }

  std::vector<ScoredItem> scored(dataset.items.size());
  ImageSizes image_sizes;
  tbb::parallel_for(size_t{0}, dataset.items.size(), [&](size_t i) {
    const DatasetItem& item = dataset.items[i];
    if (!item.answer_kind) return;
    try {
      scored[i] = ScoreItem(item, prediction_of[i], options, image_sizes);
    } catch (const InputError& error) {
      // Name the item: a mask or image that cannot be read belongs to it.
      throw InputError(error.location(), "item " + item.id + ": " + error.reason());
    }
  });

  std::map<std::tuple<std::string, std::string, std::string>, Accumulator> cells;
  std::map<std::string, Accumulator> tasks;
  Accumulator overall;
  for (size_t i = 0; i < dataset.items.size(); ++i) {
    const DatasetItem& item = dataset.items[i];
    if (!item.answer_kind) {
      report.unscored.push_back(item.id);
      continue;
    }
    const std::string task = item.task.empty() ? "unknown" : item.task;
    cells[{task, item.frame, item.relation}].Add(*item.answer_kind, scored[i]);
    tasks[task].Add(*item.answer_kind, scored[i]);
    overall.Add(*item.answer_kind, scored[i]);
  }
  for (const auto& [key, sums] : cells) {
    const auto& [task, frame, relation] = key;
    report.groups.push_back(sums.ToGroup("cell", task, frame, relation));
  }
  for (const auto& [task, sums] : tasks) report.groups.push_back(sums.ToGroup("task", task, "all", "all"));
  report.groups.push_back(overall.ToGroup("overall", "all", "all", "all"));
  return report;
}

}  // namespace spatialgen
