// QA files read back (dataset/dataset.h): the input as a RoboPoint / RoboSpatial JSON list and
// as RoboSpatial JSONL.
#include "dataset/dataset.h"
#include "fuzz/fuzz_support.h"

using namespace spatialgen;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::Quiet();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  for (const char* name : {"qa.json", "qa.jsonl"}) {
    const std::filesystem::path file = fuzz::Scratch() / name;
    fuzz::WriteBytes(file, fuzz::Bytes(data, size));
    fuzz::Refusing([&] { ReadDataset(file); });
  }
  return 0;
}
