#pragma once
// Per-item scores (SPEC section 10) and their 95 % intervals.
//  - yes/no: 1 when the parsed answer equals the ground truth;
//  - points: Where2Place, the fraction of predicted points inside the ground-truth region (no
//    parsable point: 0); and the first-point hit of RoboSpatial-Eval (only the first point
//    counts);
//  - boxes: IoU with the ground-truth box, and the hit IoU >= threshold (0.5).
// Every item has one primary score in [0, 1] (correct, fraction inside, IoU hit): the number
// reported for a task, and averaged over tasks for "all".
#include <Eigen/Core>
#include <Eigen/Geometry>

#include <optional>
#include <string_view>
#include <vector>

#include "dataset/dataset.h"
#include "infer/answer_parser.h"
#include "infer/answer_region.h"

namespace spatialgen {

inline constexpr double kZ95 = 1.959963984540054;  // the two-sided 95 % normal quantile

struct ConfidenceInterval {
  double low = 0;
  double high = 1;
};

// The Wilson score interval of a proportion `successes` / `trials`; [0, 1] when trials == 0.
ConfidenceInterval WilsonInterval(double successes, int trials, double z = kZ95);

// The interval of the mean of `count` scores in [0, 1] (Where2Place fractions, IoUs): the Wilson
// interval with p = the mean. A [0, 1] score of mean m has variance at most m (1 - m), with
// equality for 0/1 scores, so this is the Wilson interval's width or wider (conservative), it
// stays inside [0, 1], it is not degenerate when every score is 1, and it is deterministic
// (no resampling).
ConfidenceInterval MeanScoreInterval(double mean, int count, double z = kZ95);

// Where2Place: the fraction of `points` inside the region; 0 for no points.
double FractionInRegion(const std::vector<Eigen::Vector2d>& points, const AnswerRegion& region);
// RoboSpatial-Eval: whether the first point is inside; false for no points.
bool FirstPointInRegion(const std::vector<Eigen::Vector2d>& points, const AnswerRegion& region);
// Intersection over union of two normalized boxes; 0 when both are empty.
double BoxIoU(const Eigen::AlignedBox2d& a, const Eigen::AlignedBox2d& b);

// What one answer scored.
struct ItemScore {
  bool parsed = false;  // the answer text parsed as the item's answer kind
  double primary = 0;   // yes/no correct, Where2Place fraction, IoU hit (0 or 1)
  double first_hit = 0; // points: the first point inside (0 or 1)
  double iou = 0;       // boxes: the IoU
};

struct AnswerScoring {
  double iou_threshold = 0.5;  // a box counts as a hit at IoU >= this
};

// Scores one answer text for an item with a known answer kind. `region`: the item's region
// (point items only; may be null otherwise). `image`: the image size, for pixel coordinates
// (unknown: pixel answers do not parse). An unset `text` (no prediction) scores 0, unparsed.
ItemScore ScoreAnswer(const DatasetItem& item, const std::optional<std::string>& text,
                      const AnswerRegion* region, AnswerImageSize image,
                      const AnswerScoring& scoring = {});

}  // namespace spatialgen
