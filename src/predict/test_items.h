#pragma once
// Test-only: small images and dataset items built in a fresh temporary folder.
#include <opencv2/core.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "dataset/dataset.h"

namespace spatialgen {

// An empty folder under the temporary directory, named after the test.
std::filesystem::path FreshTestDir(const std::string& name);

// A small BGR image whose every pixel differs (so a decoded copy can be compared exactly).
cv::Mat TestImage(int width = 8, int height = 6);

// Writes TestImage() to `path` (PNG or JPEG by extension) and returns it.
cv::Mat WriteTestImage(const std::filesystem::path& path);

// Items "item0".."itemN-1" with questions "question N?", all showing the image at `image`.
std::vector<DatasetItem> TestItems(int count, const std::filesystem::path& image);

}  // namespace spatialgen
