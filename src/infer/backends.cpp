#include "infer/backends.h"

#include <algorithm>

#include "core/rng.h"
#include "infer/answer_parser.h"
#include "infer/answer_region.h"
#include "infer/blind_prior.h"

namespace spatialgen {
namespace {

const AnswerKind& RequireKind(const DatasetItem& item) {
  if (!item.answer_kind) throw BackendError("item " + item.id + " has no expected answer kind", false);
  return *item.answer_kind;
}

class OracleBackend : public Backend {
 public:
  explicit OracleBackend(int mask_threshold) : mask_threshold_(mask_threshold) {}
  std::string name() const override { return "oracle"; }
  std::string Answer(const DatasetItem& item) override {
    switch (RequireKind(item)) {
      case AnswerKind::kYesNo:
        return item.answer_yes ? "yes" : "no";
      case AnswerKind::kBox:
        return FormatBoxAnswer(item.box);
      case AnswerKind::kPoints: {
        if (!item.points.empty()) return FormatPointsAnswer(item.points);
        try {
          return FormatPointsAnswer(AnswerRegion::ForItem(item, mask_threshold_).PointsInside(kPointsFromMask));
        } catch (const std::exception& error) {
          throw BackendError(error.what(), false);
        }
      }
    }
    return "";
  }

 private:
  static constexpr size_t kPointsFromMask = 8;
  int mask_threshold_;
};

class RandomBackend : public Backend {
 public:
  explicit RandomBackend(uint64_t seed) : seed_(seed) {}
  std::string name() const override { return "random"; }
  std::string Answer(const DatasetItem& item) override {
    Rng rng(seed_ ^ StableHash(item.id));
    switch (RequireKind(item)) {
      case AnswerKind::kYesNo:
        return rng.Bernoulli(0.5) ? "yes" : "no";
      case AnswerKind::kPoints: {
        std::vector<Eigen::Vector2d> points(static_cast<size_t>(rng.UniformInt(1, 5)));
        for (Eigen::Vector2d& p : points) p = Eigen::Vector2d(rng.Uniform01(), rng.Uniform01());
        return FormatPointsAnswer(points);
      }
      case AnswerKind::kBox: {
        const double x1 = rng.Uniform01(), x2 = rng.Uniform01(), y1 = rng.Uniform01(), y2 = rng.Uniform01();
        return FormatBoxAnswer(Eigen::AlignedBox2d(Eigen::Vector2d(std::min(x1, x2), std::min(y1, y2)),
                                                   Eigen::Vector2d(std::max(x1, x2), std::max(y1, y2))));
      }
    }
    return "";
  }

 private:
  uint64_t seed_;
};

class BlindPriorBackend : public Backend {
 public:
  explicit BlindPriorBackend(const Dataset& dataset) : prior_(ItemsOf(dataset), BlindPriorOptions().folds) {}
  std::string name() const override { return "blind-prior"; }
  std::string Answer(const DatasetItem& item) override {
    RequireKind(item);
    return prior_.Answer(item);
  }

 private:
  static std::vector<const DatasetItem*> ItemsOf(const Dataset& dataset) {
    std::vector<const DatasetItem*> items;
    for (const DatasetItem& item : dataset.items) items.push_back(&item);
    return items;
  }

  CrossFittedBlindPrior prior_;
};

}  // namespace

const std::vector<std::string>& OfflineBackendNames() {
  static const std::vector<std::string> names = {"oracle", "random", "blind-prior"};
  return names;
}

std::unique_ptr<Backend> MakeOfflineBackend(const std::string& name, const Dataset& dataset,
                                            uint64_t seed) {
  if (name == "oracle") return std::make_unique<OracleBackend>(kDefaultMaskThreshold);
  if (name == "random") return std::make_unique<RandomBackend>(seed);
  if (name == "blind-prior") return std::make_unique<BlindPriorBackend>(dataset);
  return nullptr;
}

}  // namespace spatialgen
