#pragma once
// spatialgen's PNG encoder, for the images a run writes (views, red-box copies, region masks):
// lossless, read by any PNG decoder, and fast because it keeps to what these images need.
//
// The image is cut into strips of rows (about 64 KiB of filtered data each). Every row is
// Paeth-filtered (masks: 1 bit a pixel, Up-filtered); each strip is one deflate block of its
// own (literals and runs of a repeated byte, with Huffman codes fitted to the strip) that
// ends byte-aligned and refers to nothing before it, and goes into its own IDAT chunk. So a
// copy of an image that differs in a few rows (a red box drawn on a view) reuses the bytes of
// the strips those rows do not touch. Within an RGB strip, no symbol spans two segments of
// 128 filtered bytes and the code has a code for every symbol: a strip the copy touches keeps
// the image's code and the bits of its unchanged segments, and encodes only the changed
// segments. Output bytes depend only on the pixels (a copy's: on the image's and its own).
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace spatialgen {

struct PngSymbolCodes;  // a strip's Huffman codes (the encoder's own)

enum class PngPixels {
  kRgb,   // 3 bytes a pixel, 8-bit RGB
  kMask,  // 1 byte a pixel, non-zero = set; written as 1-bit grayscale (0 or 1, read back as 0 or 255)
};

class PngEncoder {
 public:
  // Encodes `pixels` (row-major, width * height pixels of the given layout), which must
  // outlive the encoder (FileOf compares against them; a view's image is 3 MB, not copied).
  // Throws std::invalid_argument when the size does not match or an extent is not positive.
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
    // RGB strips of the encoder's own image: where each segment's symbols start in the deflate
    // data, in bits, then where the end-of-block code starts; and the strip's codes.
    std::vector<uint32_t> segment_bits;
    std::shared_ptr<const PngSymbolCodes> codes;
  };
  // The strip's filtered rows, written to `buffer`.
  std::span<const uint8_t> FilterStrip(std::span<const uint8_t> pixels, int strip, std::vector<uint8_t>& buffer) const;
  Strip EncodeStrip(std::span<const uint8_t> pixels, int strip) const;
  // Strip `strip` of `other`, an RGB image of this size, in this image's strip's codes: its
  // segments equal to this image's (with the byte before them) keep their bits, the others
  // are encoded afresh.
  Strip EncodeCopyStrip(std::span<const uint8_t> other, int strip) const;
  std::string Assemble(const std::vector<const Strip*>& strips) const;

  int width_, height_;
  PngPixels layout_;
  size_t row_bytes_;        // bytes a row in the caller's layout
  int rows_per_strip_;
  std::span<const uint8_t> pixels_;  // the caller's, to compare other images against
  std::vector<Strip> strips_;
};

}  // namespace spatialgen
