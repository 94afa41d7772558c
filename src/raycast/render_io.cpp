#include "raycast/render_io.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/atomic_file.h"
#include "core/error.h"
#include "raycast/png_encoder.h"

namespace spatialgen {
namespace {

void WritePng(const cv::Mat& image, const std::filesystem::path& path) {
  std::vector<uchar> bytes;
  if (!cv::imencode(".png", image, bytes)) {
    throw std::runtime_error("cannot encode PNG " + path.string());
  }
  WriteFileAtomic(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace

void SaveRgbPng(const ViewRender& render, const std::filesystem::path& path) {
  SaveRgbPng(render.rgb, render.width, render.height, path);
}

void SaveRgbPng(const std::vector<uint8_t>& rgb, int width, int height, const std::filesystem::path& path) {
  WriteFileAtomic(path, PngEncoder(rgb, width, height, PngPixels::kRgb).File());
}

std::vector<uint8_t> LoadRgbImage(const std::filesystem::path& path, int width, int height) {
  const cv::Mat bgr = cv::imread(path.string(), cv::IMREAD_COLOR);
  ErrorLocation location;
  location.file = path.string();
  if (bgr.empty()) throw InputError(location, "cannot read the image");
  if (bgr.cols != width || bgr.rows != height) {
    throw InputError(location, "image is " + std::to_string(bgr.cols) + "x" + std::to_string(bgr.rows) +
                                   ", the view says " + std::to_string(width) + "x" + std::to_string(height));
  }
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  return std::vector<uint8_t>(rgb.data, rgb.data + rgb.total() * 3);
}

void SaveMaskPng(const std::vector<uint8_t>& mask, int width, int height, const std::filesystem::path& path) {
  WriteFileAtomic(path, PngEncoder(mask, width, height, PngPixels::kMask).File());
}

void SaveDepthPng(const ViewRender& render, const std::filesystem::path& path) {
  cv::Mat millimetres(render.height, render.width, CV_16UC1);
  for (int j = 0; j < render.height; ++j) {
    for (int i = 0; i < render.width; ++i) {
      const float depth = render.depth[render.PixelIndex(i, j)];
      // A hit never reads as 0 (no hit), however close.
      millimetres.at<uint16_t>(j, i) =
          depth > 0.0f ? static_cast<uint16_t>(std::clamp(std::lround(depth * 1000.0f), 1L, 65535L))
                       : 0;
    }
  }
  WritePng(millimetres, path);
}

void SaveInstancePng(const ViewRender& render, const std::filesystem::path& path) {
  cv::Mat ids(render.height, render.width, CV_16UC1);
  for (int j = 0; j < render.height; ++j) {
    for (int i = 0; i < render.width; ++i) {
      const int32_t instance = render.instance[render.PixelIndex(i, j)];
      if (instance > 65534) {
        ErrorLocation location;
        location.file = path.string();
        throw InputError(location,
                         "object id " + std::to_string(instance) + " does not fit a 16-bit PNG");
      }
      ids.at<uint16_t>(j, i) = static_cast<uint16_t>(std::max(instance, -1) + 1);
    }
  }
  WritePng(ids, path);
}

}  // namespace spatialgen
