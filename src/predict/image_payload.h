#pragma once
// The image part of a model request: the item's image file (PNG or JPEG) decoded and
// re-encoded as an 8-bit 3-channel PNG, so every server gets one format whatever the dataset
// holds (JPEG photos, 16-bit or palette PNGs). Encoded per request; nothing is cached.
#include <filesystem>
#include <string>

namespace spatialgen {

// PNG bytes of the image at `path`. Throws BackendError (not retryable) naming the path when
// the file is missing or is not an image OpenCV can read.
std::string ImageFileAsPng(const std::filesystem::path& path);

// Base64 of ImageFileAsPng(path).
std::string ImageFileAsBase64Png(const std::filesystem::path& path);

}  // namespace spatialgen
