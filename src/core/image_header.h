#pragma once
// The pixel size of a PNG or JPEG file from its header alone, without decoding it: what an
// audit of millions of images can afford per image.
#include <filesystem>
#include <optional>

namespace spatialgen {

struct ImageHeader {
  int width = 0;
  int height = 0;
};

// The size recorded in a PNG's IHDR chunk or a JPEG's start-of-frame segment. Unset when the
// file cannot be opened, is neither format, or its header is cut short or malformed.
std::optional<ImageHeader> ReadImageHeader(const std::filesystem::path& path);

}  // namespace spatialgen
