#include "core/image_integrity.h"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#include "core/atomic_file.h"
#include "core/image_header.h"

namespace spatialgen {
namespace {

using Bytes = std::string_view;

uint8_t At(Bytes bytes, size_t pos) { return static_cast<uint8_t>(bytes[pos]); }

uint32_t BigEndian(Bytes bytes, size_t pos, int count) {
  uint32_t value = 0;
  for (int i = 0; i < count; ++i) value = (value << 8) | At(bytes, pos + i);
  return value;
}

// CRC-32 as PNG defines it (ISO 3309, reflected polynomial 0xEDB88320).
uint32_t Crc32(Bytes bytes) {
  static const std::array<uint32_t, 256> kTable = [] {
    std::array<uint32_t, 256> table{};
    for (uint32_t n = 0; n < 256; ++n) {
      uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      table[n] = c;
    }
    return table;
  }();
  uint32_t crc = 0xFFFFFFFFu;
  for (const char byte : bytes) crc = kTable[(crc ^ static_cast<uint8_t>(byte)) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

bool IsLetter(uint8_t c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

std::optional<std::string> PngProblem(Bytes bytes) {
  size_t pos = 8;  // after the signature
  bool first = true, has_data = false;
  while (true) {
    if (bytes.size() - pos < 8) return "cut short: no IEND chunk";
    const uint32_t length = BigEndian(bytes, pos, 4);
    const Bytes type = bytes.substr(pos + 4, 4);
    for (const char c : type) {
      if (!IsLetter(static_cast<uint8_t>(c))) return fmt::format("corrupt: no chunk type at offset {}", pos + 4);
    }
    if (length > bytes.size() - pos - 8 || bytes.size() - pos - 8 - length < 4) {
      return fmt::format("cut short inside chunk {}", type);
    }
    if (Crc32(bytes.substr(pos + 4, 4 + length)) != BigEndian(bytes, pos + 8 + length, 4)) {
      return fmt::format("corrupt: chunk {} fails its CRC", type);
    }
    if (first && (type != "IHDR" || length != 13)) return "corrupt: the first chunk is not a 13-byte IHDR";
    first = false;
    if (type == "IDAT") has_data = true;
    if (type == "IEND") {
      if (!has_data) return "no image data (IDAT chunk)";
      return std::nullopt;
    }
    pos += 12 + size_t(length);
  }
}

// Start-of-frame markers: C0-CF but C4 (DHT), C8 (JPG) and CC (DAC).
bool IsStartOfFrame(uint8_t marker) {
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}
bool IsRestart(uint8_t marker) { return marker >= 0xD0 && marker <= 0xD7; }

std::optional<std::string> JpegProblem(Bytes bytes) {
  const std::string cut_short = "cut short: no end-of-image marker";
  size_t pos = 2;  // after SOI
  bool has_frame = false, has_scan = false;
  while (true) {
    if (pos >= bytes.size()) return cut_short;
    if (At(bytes, pos) != 0xFF) return fmt::format("corrupt: no marker at offset {}", pos);
    while (pos < bytes.size() && At(bytes, pos) == 0xFF) ++pos;  // fill bytes
    if (pos >= bytes.size()) return cut_short;
    const uint8_t marker = At(bytes, pos++);
    if (marker == 0xD9) {
      if (!has_scan) return "no image data (scan) before the end-of-image marker";
      return std::nullopt;
    }
    if (IsRestart(marker) || marker == 0x01) continue;  // markers without a length
    if (marker == 0x00 || marker == 0xD8) return fmt::format("corrupt: marker {:02X} at offset {}", marker, pos - 1);
    if (bytes.size() - pos < 2) return cut_short;
    const uint32_t length = BigEndian(bytes, pos, 2);
    if (length < 2) return fmt::format("corrupt: segment length {} at offset {}", length, pos);
    if (length > bytes.size() - pos) return fmt::format("cut short inside the segment of marker {:02X}", marker);
    if (IsStartOfFrame(marker)) has_frame = true;
    pos += length;
    if (marker != 0xDA) continue;
    if (!has_frame) return "corrupt: a scan before any frame header";
    has_scan = true;
    // Entropy-coded data runs to the next marker other than a stuffed byte (FF 00) or a
    // restart marker.
    while (true) {
      const void* found = std::memchr(bytes.data() + pos, 0xFF, bytes.size() - pos);
      if (found == nullptr) return cut_short;
      pos = static_cast<const char*>(found) - bytes.data();
      if (pos + 1 >= bytes.size()) return cut_short;
      const uint8_t next = At(bytes, pos + 1);
      if (next == 0x00 || IsRestart(next)) {
        pos += 2;
      } else if (next == 0xFF) {
        ++pos;
      } else {
        break;
      }
    }
  }
}

}  // namespace

std::optional<std::string> ImageBytesProblem(std::string_view bytes) {
  constexpr char kPngSignature[] = "\x89PNG\r\n\x1a\n";
  if (bytes.size() >= 8 && bytes.substr(0, 8) == std::string_view(kPngSignature, 8)) return PngProblem(bytes);
  if (bytes.size() >= 2 && At(bytes, 0) == 0xFF && At(bytes, 1) == 0xD8) return JpegProblem(bytes);
  return std::string(bytes.empty() ? "empty file" : "neither a PNG nor a JPEG file");
}

std::optional<std::string> ImageFileProblem(const std::filesystem::path& path) {
  std::string bytes;
  try {
    bytes = ReadFileToString(path);
  } catch (const std::runtime_error&) {
    return "cannot read the file";
  }
  return ImageBytesProblem(bytes);
}

std::optional<std::string> ViewImageProblem(const std::filesystem::path& path) {
  if (auto problem = ImageFileProblem(path)) return problem;
  const std::optional<ImageHeader> header = ReadImageHeader(path);
  if (!header) return "no image size in its header";
  return ImageSizeProblem(header->width, header->height);
}

}  // namespace spatialgen
