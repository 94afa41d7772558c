#include "predict/image_payload.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <system_error>
#include <vector>

#include "infer/backend.h"
#include "core/base64.h"

namespace spatialgen {

std::string ImageFileAsPng(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw BackendError("image " + path.string() + ": no such file", /*retryable=*/false);
  }
  // IMREAD_COLOR: 8-bit BGR whatever the file's depth, channels or palette.
  const cv::Mat image = cv::imread(path.string(), cv::IMREAD_COLOR);
  if (image.empty()) {
    throw BackendError("image " + path.string() + ": not a readable PNG or JPEG", false);
  }
  std::vector<uchar> bytes;
  if (!cv::imencode(".png", image, bytes)) {
    throw BackendError("image " + path.string() + ": cannot encode as PNG", false);
  }
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

std::string ImageFileAsBase64Png(const std::filesystem::path& path) {
  return EncodeBase64(ImageFileAsPng(path));
}

}  // namespace spatialgen
