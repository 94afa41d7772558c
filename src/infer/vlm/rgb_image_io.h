#pragma once
// Images for the engine from files and from bytes (PNG, JPEG, anything OpenCV decodes), as
// 8-bit RGB like PIL's Image.open(...).convert("RGB").
#include <filesystem>
#include <string>

#include "infer/vlm/image_preprocess.h"

namespace spatialgen::vlm {

// Throws BackendError (not retryable) naming the path when it is missing or not an image.
RgbImage ReadRgbImage(const std::filesystem::path& path);

// Decodes image file bytes. Throws std::invalid_argument when they are not an image.
RgbImage DecodeRgbImage(const std::string& bytes);

}  // namespace spatialgen::vlm
