#include "infer/scoring.h"

#include <tbb/parallel_for.h>

#include <map>
#include <mutex>
#include <tuple>
#include <unordered_map>

#include "core/check.h"
#include "core/error.h"
#include "core/rng.h"
#include "dataset/hash_set64.h"

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

struct ScoreAccumulator::Sums {
  std::map<std::tuple<std::string, std::string, std::string>, Accumulator> cells;
  std::map<std::string, Accumulator> tasks;
  Accumulator overall;
  std::vector<std::string> unscored;
  ImageSizes image_sizes;
};

ScoreAccumulator::ScoreAccumulator(const ScoreOptions& options) : options_(options), sums_(std::make_unique<Sums>()) {
  options_.Check();
}

ScoreAccumulator::~ScoreAccumulator() = default;

void ScoreAccumulator::Add(const std::vector<DatasetItem>& items, const std::vector<const PredictionRecord*>& predictions) {
  std::vector<ScoredItem> scored(items.size());
  tbb::parallel_for(size_t{0}, items.size(), [&](size_t i) {
    const DatasetItem& item = items[i];
    if (!item.answer_kind) return;
    try {
      scored[i] = ScoreItem(item, predictions[i], options_, sums_->image_sizes);
    } catch (const InputError& error) {
      // Name the item: a mask or image that cannot be read belongs to it.
      throw InputError(error.location(), "item " + item.id + ": " + error.reason());
    }
  });
  for (size_t i = 0; i < items.size(); ++i) {
    const DatasetItem& item = items[i];
    if (!item.answer_kind) {
      sums_->unscored.push_back(item.id);
      continue;
    }
    const std::string task = item.task.empty() ? "unknown" : item.task;
    sums_->cells[{task, item.frame, item.relation}].Add(*item.answer_kind, scored[i]);
    sums_->tasks[task].Add(*item.answer_kind, scored[i]);
    sums_->overall.Add(*item.answer_kind, scored[i]);
  }
}

ScoreReport ScoreAccumulator::Finish(int predictions, std::vector<std::string> unknown_ids) const {
  ScoreReport report;
  report.options = options_;
  report.predictions = predictions;
  report.unknown_ids = std::move(unknown_ids);
  report.unscored = sums_->unscored;
  for (const auto& [key, sums] : sums_->cells) {
    const auto& [task, frame, relation] = key;
    report.groups.push_back(sums.ToGroup("cell", task, frame, relation));
  }
  for (const auto& [task, sums] : sums_->tasks) report.groups.push_back(sums.ToGroup("task", task, "all", "all"));
  report.groups.push_back(sums_->overall.ToGroup("overall", "all", "all", "all"));
  return report;
}

ScoreReport ScorePredictions(const Dataset& dataset, const std::vector<PredictionRecord>& predictions,
                             const ScoreOptions& options) {
  ScoreAccumulator accumulator(options);
  // Dataset::Find is filled by ReadDataset only; build the index here so hand-made datasets
  // score too. The first item wins when an id is used twice, as in Find.
  std::unordered_map<std::string, size_t> item_index;
  for (size_t i = 0; i < dataset.items.size(); ++i) item_index.emplace(dataset.items[i].id, i);
  std::vector<const PredictionRecord*> prediction_of(dataset.items.size(), nullptr);
  std::vector<std::string> unknown_ids;
  for (const PredictionRecord& prediction : predictions) {
    auto it = item_index.find(prediction.id);
    if (it == item_index.end()) {
      unknown_ids.push_back(prediction.id);
    } else {
      prediction_of[it->second] = &prediction;
    }
  }
  accumulator.Add(dataset.items, prediction_of);
  return accumulator.Finish(static_cast<int>(predictions.size()), std::move(unknown_ids));
}

ScoreReport ScorePredictionFile(const DatasetStream& dataset, const std::filesystem::path& predictions,
                                const ScoreOptions& options) {
  ScoreAccumulator accumulator(options);
  // First the dataset's soundness (its first error in reading order) and its ids.
  HashSet64 item_ids;
  std::optional<DatasetFinding> first_error;
  dataset.Read([&](DatasetPiece& piece) {
    for (const DatasetItem& item : piece.items) item_ids.Insert(StableHash(item.id));
    for (DatasetFinding& finding : piece.findings) {
      if (finding.error && (!first_error || finding.order < first_error->order)) first_error = std::move(finding);
    }
  });
  if (first_error) ThrowFinding(dataset.root(), *first_error);

  const PredictionIndex index(predictions);
  std::vector<std::string> unknown_ids;
  index.ForEachId([&](const std::string& id) {
    if (!item_ids.Contains(StableHash(id))) unknown_ids.push_back(id);
  });
  dataset.Read([&](DatasetPiece& piece) {
    std::vector<std::optional<PredictionRecord>> found(piece.items.size());
    std::vector<const PredictionRecord*> prediction_of(piece.items.size(), nullptr);
    for (size_t i = 0; i < piece.items.size(); ++i) {
      found[i] = index.Find(piece.items[i].id);
      if (found[i]) prediction_of[i] = &*found[i];
    }
    accumulator.Add(piece.items, prediction_of);
  });
  return accumulator.Finish(static_cast<int>(index.size()), std::move(unknown_ids));
}

}  // namespace spatialgen
