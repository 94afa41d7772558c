// A ScanNet scene folder (sources/scannet_loader.h): the input's first byte picks the file it
// replaces (segs JSON, aggregation JSON, <scene>.txt, a pose, the colour intrinsics); the
// other files are a small valid scene with one posed photo.
#include "fuzz/fixtures.h"
#include "sources/scannet_loader.h"

using namespace spatialgen;

namespace {

const std::filesystem::path& Folder() {
  static const std::filesystem::path folder = [] {
    const std::filesystem::path dir = fuzz::Scratch() / "scene0000_00";
    fuzz::WriteBytes(dir / "scene0000_00_vh_clean_2.ply", fuzz::kTetrahedronPly);
    fuzz::WriteBytes(dir / "scene0000_00_vh_clean_2.0.010000.segs.json", R"({"segIndices": [1, 1, 2, 2]})");
    fuzz::WriteBytes(dir / "scene0000_00.aggregation.json",
                     R"({"segGroups": [{"objectId": 0, "label": "chair", "segments": [1]},
                                       {"objectId": 1, "label": "wall", "segments": [2]}]})");
    fuzz::WriteBytes(dir / "scene0000_00.txt", "axisAlignment = 1 0 0 0 0 1 0 0 0 0 1 0 0 0 0 1\n");
    fuzz::WriteBytes(dir / "pose" / "0.txt", "1 0 0 0.2\n0 1 0 0.3\n0 0 1 -2\n0 0 0 1\n");
    fuzz::WriteBytes(dir / "intrinsic" / "intrinsic_color.txt", "30 0 16 0\n0 30 12 0\n0 0 1 0\n0 0 0 1\n");
    fuzz::WritePhoto(dir / "color" / "0.jpg", 32, 24);
    return dir;
  }();
  return folder;
}

const char* const kFiles[] = {"scene0000_00_vh_clean_2.0.010000.segs.json", "scene0000_00.aggregation.json",
                              "scene0000_00.txt", "pose/0.txt", "intrinsic/intrinsic_color.txt"};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::Quiet();
  Folder();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fuzz::Selected input = fuzz::Select(data, size, 5);
  const fuzz::SwappedFile swapped(Folder() / kFiles[input.file], input.bytes);
  fuzz::Refusing([&] { LoadScanNetScene(Folder(), CategoryOptions(), 1); });
  return 0;
}
