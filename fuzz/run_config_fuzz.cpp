// The run configuration (pipeline/run_config.h): read, then checked section by section.
#include "fuzz/fuzz_support.h"
#include "pipeline/run_config.h"

using namespace spatialgen;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::Quiet();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::filesystem::path config = fuzz::Scratch() / "config.json";
  fuzz::WriteBytes(config, fuzz::Bytes(data, size));
  fuzz::Refusing([&] { LoadRunConfig(config); });
  return 0;
}
