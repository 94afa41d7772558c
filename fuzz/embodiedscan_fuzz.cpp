// EmbodiedScan / RoboSpatial per-image annotation JSON (sources/embodiedscan_loader.h), with a
// whole 640 x 480 photo at images/scan/frame_000123.jpg.
#include "fuzz/fixtures.h"
#include "sources/embodiedscan_loader.h"

using namespace spatialgen;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::Quiet();
  fuzz::WritePhoto(fuzz::Scratch() / "images" / "scan" / "frame_000123.jpg", 640, 480);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::filesystem::path annotation = fuzz::Scratch() / "frame.json";
  fuzz::WriteBytes(annotation, fuzz::Bytes(data, size));
  fuzz::Refusing([&] { LoadEmbodiedScanImage(annotation, fuzz::Scratch() / "images", CategoryOptions()); });
  return 0;
}
