// The native model's configuration (infer/vlm/model_config.h): the input's first byte picks the
// file it replaces in a copy of the tiny test model (the model's config.json, the vision
// tower's config.json or its preprocessor_config.json).
#include "fuzz/fixtures.h"
#include "infer/vlm/model_config.h"

using namespace spatialgen;

namespace {

const std::filesystem::path& Models() {
  static const std::filesystem::path dir = [] {
    const std::filesystem::path copy = fuzz::Scratch() / "models";
    const std::filesystem::path data = std::filesystem::path(SPATIALGEN_SOURCE_DIR) / "tests" / "data" / "vlm";
    for (const char* file : {"tiny-llava/config.json", "tiny-clip/config.json", "tiny-clip/preprocessor_config.json"}) {
      fuzz::WriteBytes(copy / file, fuzz::ReadBytes(data / file));
    }
    return copy;
  }();
  return dir;
}

const char* const kFiles[] = {"tiny-llava/config.json", "tiny-clip/config.json", "tiny-clip/preprocessor_config.json"};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::Quiet();
  Models();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fuzz::Selected input = fuzz::Select(data, size, 3);
  const fuzz::SwappedFile swapped(Models() / kFiles[input.file], input.bytes);
  fuzz::Refusing([&] { vlm::ReadLlavaConfig(Models() / "tiny-llava", Models() / "tiny-clip"); });
  return 0;
}
