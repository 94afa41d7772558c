#pragma once
// The ground truth of a spatialgen folder (gt/<scene>.jsonl): read into the items of the QA
// files by id, and checked against them (the answer text must say what the ground truth says).
#include <filesystem>

#include "dataset/dataset.h"

namespace spatialgen {

// Reads every gt/*.jsonl of `root` (in name order) into the items of `dataset` with the same
// id. Items without ground truth, ground truth without an item, and disagreements between the
// two become findings.
void ApplyGroundTruth(const std::filesystem::path& root, Dataset& dataset);

}  // namespace spatialgen
