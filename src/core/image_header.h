#pragma once
// The pixel size of a PNG or JPEG file from its header alone, without decoding it: what an
// audit of millions of images can afford per image.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace spatialgen {

struct ImageHeader {
  int width = 0;
  int height = 0;
};

// The largest image a view may have: 8192 x 8192, and no side over 16384. Rendering a view
// takes kRenderBytesPerPixel (depth, instance, triangle and colour buffers) before anything
// else, so the limit keeps one view's buffers near 1 GB; 100000 x 100000 views ended in
// std::bad_alloc after the run had started (issue 15).
inline constexpr int64_t kMaxImagePixels = int64_t(8192) * 8192;
inline constexpr int64_t kMaxImageSide = 16384;
inline constexpr int64_t kRenderBytesPerPixel = 15;

// Why `width` x `height` is no size for a view (not positive, or over the limits above, with
// the memory it would take); nullopt when it is fine.
std::optional<std::string> ImageSizeProblem(int64_t width, int64_t height);

// The size recorded in a PNG's IHDR chunk or a JPEG's start-of-frame segment. Unset when the
// file cannot be opened, is neither format, or its header is cut short or malformed.
std::optional<ImageHeader> ReadImageHeader(const std::filesystem::path& path);

}  // namespace spatialgen
