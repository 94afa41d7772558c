// safetensors files of the native model (infer/vlm/safetensors.h): the header and every
// tensor's bytes, converted to float.
#include "fuzz/fuzz_support.h"
#include "infer/vlm/safetensors.h"

using namespace spatialgen;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::Quiet();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::filesystem::path file = fuzz::Scratch() / "model.safetensors";
  fuzz::WriteBytes(file, fuzz::Bytes(data, size));
  fuzz::Refusing([&] {
    const vlm::SafetensorsFile tensors(file);
    for (const auto& [name, tensor] : tensors.tensors()) {
      const bool is_float = tensor.dtype == vlm::DType::kF32 || tensor.dtype == vlm::DType::kF16 || tensor.dtype == vlm::DType::kBF16;
      if (is_float) vlm::ToFloats(tensor);
    }
  });
  return 0;
}
