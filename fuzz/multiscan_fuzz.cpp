// MultiScan annotation JSON (sources/multiscan_loader.h).
#include "fuzz/fuzz_support.h"
#include "sources/multiscan_loader.h"

using namespace spatialgen;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::Quiet();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::filesystem::path annotation = fuzz::Scratch() / "scene_00000_00.annotations.json";
  fuzz::WriteBytes(annotation, fuzz::Bytes(data, size));
  fuzz::Refusing([&] { LoadMultiScanScene(annotation, CategoryOptions()); });
  return 0;
}
