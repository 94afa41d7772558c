#include "infer/metrics.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace spatialgen {

ConfidenceInterval WilsonInterval(double successes, int trials, double z) {
  if (trials <= 0) return {0, 1};
  const double n = trials;
  const double p = std::clamp(successes / n, 0.0, 1.0);
  const double z2 = z * z;
  const double denominator = 1 + z2 / n;
  const double centre = (p + z2 / (2 * n)) / denominator;
  const double half = z / denominator * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

ConfidenceInterval MeanScoreInterval(double mean, int count, double z) {
  return WilsonInterval(mean * count, count, z);
}

double FractionInRegion(const std::vector<Eigen::Vector2d>& points, const AnswerRegion& region) {
  if (points.empty()) return 0;
  const auto inside = std::count_if(points.begin(), points.end(),
                                    [&](const Eigen::Vector2d& p) { return region.Contains(p); });
  return static_cast<double>(inside) / points.size();
}

bool FirstPointInRegion(const std::vector<Eigen::Vector2d>& points, const AnswerRegion& region) {
  return !points.empty() && region.Contains(points.front());
}

double BoxIoU(const Eigen::AlignedBox2d& a, const Eigen::AlignedBox2d& b) {
  const Eigen::AlignedBox2d overlap = a.intersection(b);
  const double intersection = overlap.isEmpty() ? 0.0 : overlap.volume();
  const double area_a = a.isEmpty() ? 0.0 : a.volume();
  const double area_b = b.isEmpty() ? 0.0 : b.volume();
  const double union_area = area_a + area_b - intersection;
  return union_area > 0 ? intersection / union_area : 0.0;
}

ItemScore ScoreAnswer(const DatasetItem& item, const std::optional<std::string>& text,
                      const AnswerRegion* region, AnswerImageSize image,
                      const AnswerScoring& scoring) {
  assert(item.answer_kind.has_value());
  ItemScore score;
  if (!text) return score;
  switch (*item.answer_kind) {
    case AnswerKind::kYesNo: {
      const std::optional<bool> yes = ParseYesNo(*text);
      score.parsed = yes.has_value();
      score.primary = (yes && *yes == item.answer_yes) ? 1 : 0;
      break;
    }
    case AnswerKind::kPoints: {
      assert(region != nullptr);
      const auto points = ParsePoints(*text, image);
      score.parsed = points.has_value();
      if (points) {
        score.primary = FractionInRegion(*points, *region);
        score.first_hit = FirstPointInRegion(*points, *region) ? 1 : 0;
      }
      break;
    }
    case AnswerKind::kBox: {
      const auto box = ParseBox(*text, image);
      score.parsed = box.has_value();
      if (box) {
        score.iou = BoxIoU(*box, item.box);
        score.primary = score.iou >= scoring.iou_threshold ? 1 : 0;
      }
      break;
    }
  }
  return score;
}

}  // namespace spatialgen
