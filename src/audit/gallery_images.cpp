#include "audit/gallery_images.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "core/image_integrity.h"

namespace spatialgen {
namespace {

constexpr double kMaskAlpha = 0.45;

cv::Scalar Bgr(const std::array<int, 3>& color) { return cv::Scalar(color[0], color[1], color[2]); }

cv::Point ToPixel(double x, double y, const cv::Mat& image) {
  return cv::Point(int(std::lround(x * image.cols)), int(std::lround(y * image.rows)));
}

// Blends the tint into the pixels where the mask is set. The mask is resized to the picture with
// nearest-neighbour sampling, so it stays binary.
void TintMask(cv::Mat& picture, const cv::Mat& mask) {
  cv::Mat scaled;
  cv::resize(mask, scaled, picture.size(), 0, 0, cv::INTER_NEAREST);
  cv::Mat tinted = picture.clone();
  tinted.setTo(Bgr(kGalleryMaskTintBgr), scaled > 0);
  cv::Mat blended;
  cv::addWeighted(tinted, kMaskAlpha, picture, 1.0 - kMaskAlpha, 0.0, blended);
  blended.copyTo(picture, scaled > 0);
}

}  // namespace

std::optional<GalleryPicture> DrawGalleryPicture(const GalleryEntry& entry, int max_width,
                                                 int jpeg_quality) {
  assert(max_width > 0);
  // Checked first so a missing file costs no OpenCV warning on stderr.
  std::error_code error;
  if (entry.image_path.empty() || !std::filesystem::is_regular_file(entry.image_path, error)) {
    return std::nullopt;
  }
  // A cut-short or corrupt image is reported by the image check; decoding it would only add
  // the decoder's own complaints on stderr.
  if (ImageFileProblem(entry.image_path)) return std::nullopt;
  const cv::Mat image = cv::imread(entry.image_path.string(), cv::IMREAD_COLOR);
  if (image.empty()) return std::nullopt;

  GalleryPicture result;
  cv::Mat picture;
  if (image.cols > max_width) {
    const int height = std::max(1, int(std::lround(double(image.rows) * max_width / image.cols)));
    cv::resize(image, picture, cv::Size(max_width, height), 0, 0, cv::INTER_AREA);
  } else {
    picture = image.clone();
  }

  if (!entry.mask_path.empty()) {
    const cv::Mat mask = std::filesystem::is_regular_file(entry.mask_path, error) && !ImageFileProblem(entry.mask_path)
                             ? cv::imread(entry.mask_path.string(), cv::IMREAD_GRAYSCALE)
                             : cv::Mat();
    if (mask.empty()) {
      result.notes.push_back("mask missing: " + entry.mask_path.string());
    } else {
      if (mask.size() != image.size()) {
        result.notes.push_back("mask is " + std::to_string(mask.cols) + "x" +
                               std::to_string(mask.rows) + ", the image " +
                               std::to_string(image.cols) + "x" + std::to_string(image.rows));
      }
      TintMask(picture, mask);
    }
  }

  // Marks scale with the picture so they read the same on small and large images.
  const int line = std::max(1, picture.cols / 240);
  if (entry.answer_kind == "box") {
    const cv::Point corner1 = ToPixel(entry.box[0], entry.box[1], picture);
    const cv::Point corner2 = ToPixel(entry.box[2], entry.box[3], picture);
    cv::rectangle(picture, corner1, corner2, cv::Scalar(0, 0, 0), 3 * line, cv::LINE_AA);
    cv::rectangle(picture, corner1, corner2, Bgr(kGalleryBoxBgr), line, cv::LINE_AA);
  }
  const int radius = std::max(3, picture.cols / 80);
  for (const auto& point : entry.points) {
    const cv::Point center = ToPixel(point[0], point[1], picture);
    cv::circle(picture, center, radius + line, cv::Scalar(0, 0, 0), cv::FILLED, cv::LINE_AA);
    cv::circle(picture, center, radius, Bgr(kGalleryPointBgr), cv::FILLED, cv::LINE_AA);
  }

  std::vector<uchar> bytes;
  if (!cv::imencode(".jpg", picture, bytes, {cv::IMWRITE_JPEG_QUALITY, jpeg_quality})) {
    throw std::runtime_error("cannot encode the gallery picture of " + entry.id + " as JPEG");
  }
  result.jpeg.assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  result.width = picture.cols;
  result.height = picture.rows;
  return result;
}

}  // namespace spatialgen
