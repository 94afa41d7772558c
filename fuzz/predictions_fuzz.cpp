// Predictions JSONL (infer/predictions.h).
#include "fuzz/fuzz_support.h"
#include "infer/predictions.h"

using namespace spatialgen;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::Quiet();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::filesystem::path file = fuzz::Scratch() / "predictions.jsonl";
  fuzz::WriteBytes(file, fuzz::Bytes(data, size));
  fuzz::Refusing([&] {
    for (const PredictionRecord& record : ReadPredictions(file)) PredictionLine(record);
  });
  return 0;
}
