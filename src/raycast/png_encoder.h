#pragma once
// spatialgen's PNG encoder, for the images a run writes (views, red-box copies, region masks):
// lossless, read by any PNG decoder, and fast because it keeps to what these images need.
//
// The image is cut into strips of rows (about 64 KiB of filtered data each). Every row is
// Paeth-filtered (masks: 1 bit a pixel, Up-filtered); each strip is one deflate block of its
// own (literals and runs of a repeated byte, with Huffman codes fitted to the strip) that
// ends byte-aligned and refers to nothing before it, and goes into its own IDAT chunk. So a
// copy of an image that differs in a few rows (a red box drawn on a view) re-encodes only the
// strips those rows touch and reuses the others' bytes. Output bytes depend only on the pixels.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace spatialgen {

enum class PngPixels {
  kRgb,   // 3 bytes a pixel, 8-bit RGB
  kMask,  // 1 byte a pixel, non-zero = set; written as 1-bit grayscale (0 or 1, read back as 0 or 255)
};

class PngEncoder {
 public:
  // Encodes `pixels` (row-major, width * height pixels of the given layout). Throws
  // std::invalid_argument when the size does not match or an extent is not positive.
  PngEncoder(std::span<const uint8_t> pixels, int width, int height, PngPixels layout);

  // The PNG file of the image.
  std::string File() const;
  // The PNG file of `other`, an image of the same size and layout: the strips whose rows and
  // the row above them equal this image's are reused, the others encoded afresh. Throws
  // std::invalid_argument when the size differs.
  std::string FileOf(std::span<const uint8_t> other) const;

  int strip_count() const { return int(strips_.size()); }

 private:
  struct Strip {
    std::string chunk;  // the whole IDAT chunk: length, type, deflate data, CRC
    uint32_t adler = 1;  // Adler-32 of the strip's filtered bytes
    size_t filtered_size = 0;
  };
  Strip EncodeStrip(std::span<const uint8_t> pixels, int strip) const;
  std::string Assemble(const std::vector<const Strip*>& strips) const;

  int width_, height_;
  PngPixels layout_;
  size_t row_bytes_;        // bytes a row in the caller's layout
  int rows_per_strip_;
  std::vector<uint8_t> pixels_;  // a copy, to compare other images against
  std::vector<Strip> strips_;
};

}  // namespace spatialgen
