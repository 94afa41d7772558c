#include "raycast/sensor_depth.h"

#include <fmt/format.h>

#include <cmath>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/error.h"

namespace spatialgen {

std::vector<float> LoadSensorDepth(const std::filesystem::path& path, double units_per_metre, int width, int height) {
  const cv::Mat raw = cv::imread(path.string(), cv::IMREAD_UNCHANGED);
  const ErrorLocation location{path.string(), "", ""};
  if (raw.empty()) throw InputError(location, "cannot read the depth image");
  if (raw.channels() != 1 || raw.depth() != CV_16U) {
    throw InputError(location, "a depth image is a single-channel 16-bit PNG");
  }
  const double aspect_error = std::abs(double(raw.cols) * height / (double(raw.rows) * width) - 1.0);
  if (aspect_error > 0.01) {
    throw InputError(location, fmt::format("depth image is {}x{}, not the aspect ratio of the view's {}x{}", raw.cols,
                                           raw.rows, width, height));
  }
  cv::Mat metres;
  raw.convertTo(metres, CV_32F, 1.0 / units_per_metre);
  if (metres.cols != width || metres.rows != height) {
    // Nearest neighbour: interpolating across a depth edge would invent surfaces.
    cv::resize(metres, metres, cv::Size(width, height), 0, 0, cv::INTER_NEAREST);
  }
  return std::vector<float>(metres.ptr<float>(), metres.ptr<float>() + size_t(width) * height);
}

DepthAgreement ApplySensorDepth(const std::vector<float>& sensor_depth, const VisibilityOptions& options,
                                ViewRender& render) {
  DepthAgreement agreement;
  const float tolerance = static_cast<float>(options.sensor_depth_tolerance);
  for (size_t p = 0; p < render.depth.size(); ++p) {
    const float sensed = sensor_depth[p];
    const float rendered = render.depth[p];
    if (!(sensed > 0.0f) || !(rendered > 0.0f)) continue;
    ++agreement.compared;
    if (std::abs(sensed - rendered) <= tolerance) ++agreement.agreeing;
    if (sensed < rendered - tolerance) {
      // Something the scene does not hold (a person, an unannotated object) stands in front:
      // the pixel shows no object and no surface.
      render.primitive[p] = -1;
      if (render.instance[p] >= 0) {
        render.instance[p] = -1;
        ++agreement.hidden;
      }
    }
  }
  return agreement;
}

}  // namespace spatialgen
