#include "predict/predict_backends.h"

#include "core/error.h"
#include "infer/backends.h"
#include "infer/vlm/native_backend.h"
#include "predict/openai_backend.h"
#include "predict/robopoint_worker_backend.h"

namespace spatialgen {

std::vector<std::string> PredictBackendNames() {
  std::vector<std::string> names = {"openai", "robopoint-worker", "native"};
  for (const std::string& name : OfflineBackendNames()) names.push_back(name);
  return names;
}

bool IsHttpBackend(const std::string& name) {
  return name == "openai" || name == "robopoint-worker";
}

vlm::ModelOptions NativeModelOptions(const PredictOptions& options) {
  vlm::ModelOptions native = options.native;
  if (native.model_dir.empty()) native.model_dir = options.http.model;
  return native;
}

std::unique_ptr<Backend> MakePredictBackend(const PredictOptions& options, const Dataset& dataset) {
  if (options.backend == "native") return std::make_unique<vlm::NativeBackend>(NativeModelOptions(options));
  if (options.backend == "openai") return std::make_unique<OpenAiBackend>(options.http);
  if (options.backend == "robopoint-worker") {
    return std::make_unique<RoboPointWorkerBackend>(options.http);
  }
  std::unique_ptr<Backend> offline = MakeOfflineBackend(options.backend, dataset, options.seed);
  if (!offline) {
    throw InputError(ErrorLocation{"", "", "backend"}, "unknown back end '" + options.backend + "'");
  }
  return offline;
}

}  // namespace spatialgen
