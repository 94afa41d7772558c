#pragma once
// Small valid inputs the multi-file fuzz targets keep fixed around the file they fuzz.
#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <string>

#include "fuzz/fuzz_support.h"

namespace spatialgen::fuzz {

// A tetrahedron: 4 vertices with colours, 4 faces.
inline const std::string kTetrahedronPly =
    "ply\nformat ascii 1.0\nelement vertex 4\nproperty float x\nproperty float y\nproperty float z\n"
    "property uchar red\nproperty uchar green\nproperty uchar blue\nelement face 4\n"
    "property list uchar int vertex_indices\nend_header\n"
    "0 0 0 200 10 10\n1 0 0 10 200 10\n0 1 0 10 10 200\n0 0 1 90 90 90\n"
    "3 0 2 1\n3 0 1 3\n3 1 2 3\n3 0 3 2\n";

// A whole photo of `width` x `height` (JPEG or PNG by the extension).
inline void WritePhoto(const std::filesystem::path& path, int width, int height) {
  std::filesystem::create_directories(path.parent_path());
  cv::imwrite(path.string(), cv::Mat(height, width, CV_8UC3, cv::Scalar(90, 120, 150)));
}

// Replaces one file of a fixture for one input and puts the original back afterwards.
class SwappedFile {
 public:
  SwappedFile(std::filesystem::path path, std::string_view bytes) : path_(std::move(path)), original_(ReadBytes(path_)) {
    WriteBytes(path_, bytes);
  }
  ~SwappedFile() { WriteBytes(path_, original_); }

 private:
  std::filesystem::path path_;
  std::string original_;
};

}  // namespace spatialgen::fuzz
