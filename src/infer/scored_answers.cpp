#include "infer/scored_answers.h"

#include "infer/answer_parser.h"
#include "infer/answer_region.h"

namespace spatialgen {
namespace {

// The grid the scorer maps pixel answers with: the region mask's, else the image's.
AnswerImageSize ScoringGrid(const DatasetItem& item) {
  if (!item.mask_path.empty()) return ReadImageSize(item.mask_path);
  if (!item.image_path.empty() && std::filesystem::exists(item.image_path)) return ReadImageSize(item.image_path);
  return {};
}

}  // namespace

ScoredAnswers ReadScoredAnswers(const Dataset& dataset, const std::vector<PredictionRecord>& predictions) {
  ScoredAnswers answers;
  for (const PredictionRecord& prediction : predictions) {
    const DatasetItem* item = dataset.Find(prediction.id);
    if (item == nullptr || !item->answer_kind) continue;
    ScoredAnswer& answer = answers[prediction.id];
    answer = {prediction.model, std::nullopt, std::nullopt};
    if (!prediction.text) continue;
    if (*item->answer_kind == AnswerKind::kYesNo) answer.yes = ParseYesNo(*prediction.text);
    if (*item->answer_kind == AnswerKind::kPoints) answer.points = ParsePoints(*prediction.text, ScoringGrid(*item));
  }
  return answers;
}

}  // namespace spatialgen
