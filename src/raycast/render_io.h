#pragma once
// Writes the images of a ViewRender as PNG files, atomically (temporary file, then rename).
// Each throws std::runtime_error naming the path when encoding or writing fails.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "raycast/render.h"

namespace spatialgen {

// 8-bit RGB.
void SaveRgbPng(const ViewRender& render, const std::filesystem::path& path);
// 8-bit RGB from a row-major buffer of 3 * width * height bytes (e.g. a marked copy).
void SaveRgbPng(const std::vector<uint8_t>& rgb, int width, int height, const std::filesystem::path& path);
// A lossless 1-bit PNG of a row-major mask (width * height bytes, non-zero = inside).
void SaveMaskPng(const std::vector<uint8_t>& mask, int width, int height, const std::filesystem::path& path);
// The photo at `path` as row-major RGB bytes. Throws InputError naming the file when it cannot
// be read or its size is not width x height (the view's size).
std::vector<uint8_t> LoadRgbImage(const std::filesystem::path& path, int width, int height);
// 16-bit depth in millimetres, 0 = no hit, clamped to [1, 65535] where there is a hit.
void SaveDepthPng(const ViewRender& render, const std::filesystem::path& path);
// 16-bit object id + 1, 0 = background. Throws InputError for an id above 65534.
void SaveInstancePng(const ViewRender& render, const std::filesystem::path& path);

}  // namespace spatialgen
