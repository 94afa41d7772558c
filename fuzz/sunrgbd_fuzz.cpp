// SUN RGB-D frames (sources/sunrgbd_loader.h): the input's first byte picks the file it
// replaces (calib/f.txt or label/f.txt); image/f.jpg is a whole 730 x 530 photo.
#include "fuzz/fixtures.h"
#include "sources/sunrgbd_loader.h"

using namespace spatialgen;

namespace {

const std::filesystem::path& Root() {
  static const std::filesystem::path root = [] {
    const std::filesystem::path dir = fuzz::Scratch() / "sunrgbd";
    fuzz::WriteBytes(dir / "calib" / "f.txt", "1 0 0 0 1 0 0 0 1\n529.5 0 0 0 529.5 0 365 265 1\n");
    fuzz::WriteBytes(dir / "label" / "f.txt", "chair 10 20 100 200 0.5 2 0.4 0.3 0.3 0.45 0 1\n");
    fuzz::WritePhoto(dir / "image" / "f.jpg", 730, 530);
    return dir;
  }();
  return root;
}

const char* const kFiles[] = {"calib/f.txt", "label/f.txt"};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::Quiet();
  Root();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fuzz::Selected input = fuzz::Select(data, size, 2);
  const fuzz::SwappedFile swapped(Root() / kFiles[input.file], input.bytes);
  fuzz::Refusing([&] { LoadSunRgbdFrame(Root(), "f", CategoryOptions()); });
  return 0;
}
