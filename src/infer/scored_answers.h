#pragma once
// A predictions file read the way ScorePredictions reads it, kept per item for the exports that
// hand predictions on to another tool (dataset/export.h): yes/no answers parsed with ParseYesNo,
// point answers with ParsePoints on the grid they are scored on (the region mask's size, else the
// image's). Failed predictions (no text) and unparsable answers come out with nothing set, which
// every export writes as an answer its consumer counts wrong, as score does.
#include <vector>

#include "dataset/dataset.h"
#include "dataset/export.h"
#include "infer/predictions.h"

namespace spatialgen {

// One entry per prediction whose id names an item of `dataset` (later records of an id replace
// earlier ones, as ReadPredictions leaves them). Reads mask and image headers; throws InputError
// naming a file that cannot be read.
ScoredAnswers ReadScoredAnswers(const Dataset& dataset, const std::vector<PredictionRecord>& predictions);

}  // namespace spatialgen
