// PNG and JPEG files before decoding: the header reader (core/image_header.h) and the
// integrity check (core/image_integrity.h). The decoders themselves are OpenCV's.
#include "core/image_header.h"
#include "core/image_integrity.h"
#include "fuzz/fuzz_support.h"

using namespace spatialgen;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::filesystem::path file = fuzz::Scratch() / "image";
  fuzz::WriteBytes(file, fuzz::Bytes(data, size));
  if (const std::optional<ImageHeader> header = ReadImageHeader(file)) ImageSizeProblem(header->width, header->height);
  ImageBytesProblem(fuzz::Bytes(data, size));
  ImageFileProblem(file);
  return 0;
}
