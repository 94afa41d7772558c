// Scan2CAD annotation JSON (sources/scan2cad_loader.h) over a small fixed mesh.
#include "fuzz/fixtures.h"
#include "sources/scan2cad_loader.h"

using namespace spatialgen;

namespace {

const std::filesystem::path& MeshFile() {
  static const std::filesystem::path path = [] {
    const std::filesystem::path file = fuzz::Scratch() / "scene0470_00_vh_clean_2.ply";
    fuzz::WriteBytes(file, fuzz::kTetrahedronPly);
    return file;
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::Quiet();
  MeshFile();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::filesystem::path annotation = fuzz::Scratch() / "scan2cad.json";
  fuzz::WriteBytes(annotation, fuzz::Bytes(data, size));
  fuzz::Refusing([&] { LoadScan2CadScene(annotation, MeshFile(), CategoryOptions(), 0.02); });
  return 0;
}
