#pragma once
// The back ends `spatialgen predict --backend NAME` can run: the HTTP ones of this module
// (openai, robopoint-worker) and the offline ones of infer/ (oracle, random, blind-prior).
#include <memory>
#include <string>
#include <vector>

#include "dataset/dataset.h"
#include "infer/backend.h"
#include "predict/predict_options.h"

namespace spatialgen {

// Every name --backend takes, the HTTP ones first.
std::vector<std::string> PredictBackendNames();

// True for the back ends that talk to a server (and so use PredictOptions::http).
bool IsHttpBackend(const std::string& name);

// The native back end's model options: options.native, its folder --model when not set.
vlm::ModelOptions NativeModelOptions(const PredictOptions& options);

// The back end options.backend names, for the items of `dataset`. Throws InputError naming
// the field when the options do not fit it.
std::unique_ptr<Backend> MakePredictBackend(const PredictOptions& options, const Dataset& dataset);

}  // namespace spatialgen
