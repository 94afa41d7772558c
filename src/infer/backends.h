#pragma once
// The offline back ends: answers computed here, without a model.
//  - "oracle": the ground truth (yes/no, the answer points, or points inside the mask when an
//    item lists none, the box): scores 100 % on every task, which checks the scorer end to end;
//  - "random": chance level: a fair coin for yes/no, 1 to 5 uniform points in the image, a box
//    from two uniform x and two uniform y; seeded per (seed, item id), so an item's answer does
//    not depend on the order or the threads that ask;
//  - "blind-prior": the language-prior baseline (infer/blind_prior.h), fitted on the whole
//    dataset it answers.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dataset/dataset.h"
#include "infer/backend.h"

namespace spatialgen {

// The names MakeOfflineBackend knows: "oracle", "random", "blind-prior".
const std::vector<std::string>& OfflineBackendNames();

// The offline back end `name` for `dataset` (which must outlive it), or nullptr when `name` is
// not an offline back end (the HTTP ones are made in predict/). Answering an item of unknown
// answer kind throws a non-retryable BackendError.
std::unique_ptr<Backend> MakeOfflineBackend(const std::string& name, const Dataset& dataset,
                                            uint64_t seed);

}  // namespace spatialgen
