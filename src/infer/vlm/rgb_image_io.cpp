#include "infer/vlm/rgb_image_io.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <stdexcept>

#include "infer/backend.h"

namespace spatialgen::vlm {
namespace {

RgbImage FromBgr(const cv::Mat& bgr) {
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  RgbImage image{rgb.cols, rgb.rows, {}};
  image.pixels.resize(size_t(rgb.cols) * rgb.rows * 3);
  for (int y = 0; y < rgb.rows; ++y) {
    std::copy_n(rgb.ptr<uint8_t>(y), size_t(rgb.cols) * 3, &image.pixels[size_t(y) * rgb.cols * 3]);
  }
  return image;
}

}  // namespace

RgbImage ReadRgbImage(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw BackendError("image " + path.string() + ": no such file", /*retryable=*/false);
  }
  // IMREAD_COLOR: 8-bit, 3 channels whatever the file holds (alpha dropped, grey expanded).
  const cv::Mat bgr = cv::imread(path.string(), cv::IMREAD_COLOR);
  if (bgr.empty()) throw BackendError("image " + path.string() + ": not a readable PNG or JPEG", false);
  return FromBgr(bgr);
}

RgbImage DecodeRgbImage(const std::string& bytes) {
  const cv::Mat buffer(1, int(bytes.size()), CV_8U, const_cast<char*>(bytes.data()));
  const cv::Mat bgr = bytes.empty() ? cv::Mat() : cv::imdecode(buffer, cv::IMREAD_COLOR);
  if (bgr.empty()) throw std::invalid_argument("the image bytes are not a PNG, JPEG or other readable image");
  return FromBgr(bgr);
}

}  // namespace spatialgen::vlm
