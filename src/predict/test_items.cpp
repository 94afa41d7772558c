#include "predict/test_items.h"

#include <opencv2/imgcodecs.hpp>

#include <stdexcept>

namespace spatialgen {

std::filesystem::path FreshTestDir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("spatialgen_predict_test_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

cv::Mat TestImage(int width, int height) {
  cv::Mat image(height, width, CV_8UC3);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      image.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar(x * 30), uchar(y * 40), uchar(x * 7 + y * 11 + 5));
    }
  }
  return image;
}

cv::Mat WriteTestImage(const std::filesystem::path& path) {
  const cv::Mat image = TestImage();
  if (!cv::imwrite(path.string(), image)) throw std::runtime_error("cannot write " + path.string());
  return image;
}

std::vector<DatasetItem> TestItems(int count, const std::filesystem::path& image) {
  std::vector<DatasetItem> items(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    items[size_t(i)].id = "item" + std::to_string(i);
    items[size_t(i)].question = "question " + std::to_string(i) + "?";
    items[size_t(i)].image = image.filename().string();
    items[size_t(i)].image_path = image;
  }
  return items;
}

}  // namespace spatialgen
