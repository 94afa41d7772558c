#include "core/image_header.h"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <fstream>

namespace spatialgen {
namespace {

uint32_t BigEndian(const uint8_t* bytes, int count) {
  uint32_t value = 0;
  for (int i = 0; i < count; ++i) value = (value << 8) | bytes[i];
  return value;
}

std::optional<ImageHeader> PngHeader(std::ifstream& in) {
  // Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4).
  std::array<uint8_t, 24> bytes{};
  if (!in.read(reinterpret_cast<char*>(bytes.data()), bytes.size())) return std::nullopt;
  constexpr std::array<uint8_t, 8> kSignature = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (!std::equal(kSignature.begin(), kSignature.end(), bytes.begin())) return std::nullopt;
  if (bytes[12] != 'I' || bytes[13] != 'H' || bytes[14] != 'D' || bytes[15] != 'R') return std::nullopt;
  const uint32_t width = BigEndian(&bytes[16], 4), height = BigEndian(&bytes[20], 4);
  if (width == 0 || height == 0 || width > 0x7fffffff || height > 0x7fffffff) return std::nullopt;
  return ImageHeader{static_cast<int>(width), static_cast<int>(height)};
}

// Start-of-frame markers (baseline, progressive, lossless...): C0-CF but C4 (DHT), C8 (JPG)
// and CC (DAC).
bool IsStartOfFrame(uint8_t marker) {
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

std::optional<ImageHeader> JpegHeader(std::ifstream& in) {
  std::array<uint8_t, 2> start{};
  if (!in.read(reinterpret_cast<char*>(start.data()), 2) || start[0] != 0xFF || start[1] != 0xD8) return std::nullopt;
  while (true) {
    int byte = in.get();
    if (byte != 0xFF) return std::nullopt;
    while (byte == 0xFF) byte = in.get();  // fill bytes
    if (byte == EOF) return std::nullopt;
    const uint8_t marker = static_cast<uint8_t>(byte);
    if (marker == 0xD9 || marker == 0xDA) return std::nullopt;  // end of image, or scan data before any frame
    if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) continue;  // no length
    std::array<uint8_t, 2> length_bytes{};
    if (!in.read(reinterpret_cast<char*>(length_bytes.data()), 2)) return std::nullopt;
    const uint32_t length = BigEndian(length_bytes.data(), 2);
    if (length < 2) return std::nullopt;
    if (IsStartOfFrame(marker)) {
      // Precision (1), height (2), width (2).
      std::array<uint8_t, 5> frame{};
      if (length < 7 || !in.read(reinterpret_cast<char*>(frame.data()), frame.size())) return std::nullopt;
      const uint32_t height = BigEndian(&frame[1], 2), width = BigEndian(&frame[3], 2);
      if (width == 0 || height == 0) return std::nullopt;  // height 0: given later (DNL), not supported
      return ImageHeader{static_cast<int>(width), static_cast<int>(height)};
    }
    in.seekg(length - 2, std::ios::cur);
    if (!in) return std::nullopt;
  }
}

}  // namespace

std::optional<std::string> ImageSizeProblem(int64_t width, int64_t height) {
  if (width < 1 || height < 1) return fmt::format("{} x {}: both sides must be >= 1", width, height);
  if (width > kMaxImageSide || height > kMaxImageSide || width * height > kMaxImagePixels) {
    // The product is taken only once both sides are within kMaxImageSide: it cannot overflow.
    const double gigabytes = double(width) * double(height) * kRenderBytesPerPixel / 1e9;
    return fmt::format("{} x {} pixels would need {:.3g} GB for its render buffers alone; a view may have at "
                       "most {} pixels (8192 x 8192) and {} on a side",
                       width, height, gigabytes, kMaxImagePixels, kMaxImageSide);
  }
  return std::nullopt;
}

std::optional<ImageHeader> ReadImageHeader(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  const int first = in.peek();
  if (first == 0x89) return PngHeader(in);
  if (first == 0xFF) return JpegHeader(in);
  return std::nullopt;
}

}  // namespace spatialgen
