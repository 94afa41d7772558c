#include "qa_gen/image_marking.h"

#include <algorithm>
#include <cmath>

#include "core/check.h"

namespace spatialgen {

void MarkingOptions::Check() const {
  SG_CHECK_OPTION(line_width_fraction > 0 && line_width_fraction < 0.1, line_width_fraction, "must be in (0, 0.1)");
  for (int channel : color) SG_CHECK_OPTION_IN(channel, 0, 255);
}

int MarkingOptions::LineWidth(int width, int height) const {
  return std::max(1, int(std::lround(line_width_fraction * std::hypot(width, height))));
}

void ReadOptions(JsonReader& reader, MarkingOptions& options) {
  reader.Read("line_width_fraction", options.line_width_fraction);
  reader.Read("color", options.color);
}

RedBoxMarker::RedBoxMarker(const ViewRender& render, const MarkingOptions& options)
    : render_(render), options_(options) {}

std::span<const uint8_t> RedBoxMarker::Mark(const Eigen::AlignedBox2d& box) {
  if (rgb_.empty()) rgb_ = render_.rgb;  // the first mark copies the image
  const size_t row_bytes = size_t(3) * render_.width;
  std::copy(render_.rgb.begin() + changed_rows_begin_ * row_bytes, render_.rgb.begin() + changed_rows_end_ * row_bytes,
            rgb_.begin() + changed_rows_begin_ * row_bytes);
  const int line = options_.LineWidth(render_.width, render_.height);
  const int x0 = int(std::floor(box.min().x())), y0 = int(std::floor(box.min().y()));
  const int x1 = int(std::ceil(box.max().x())), y1 = int(std::ceil(box.max().y()));
  changed_rows_begin_ = std::clamp(y0 - line, 0, render_.height);
  changed_rows_end_ = std::clamp(y1 + line, changed_rows_begin_, render_.height);
  for (int j = changed_rows_begin_; j < changed_rows_end_; ++j) {
    for (int i = std::max(0, x0 - line); i < std::min(render_.width, x1 + line); ++i) {
      const bool inside_box = i >= x0 && i < x1 && j >= y0 && j < y1;
      if (inside_box) continue;
      uint8_t* pixel = &rgb_[3 * render_.PixelIndex(i, j)];
      for (int c = 0; c < 3; ++c) pixel[c] = uint8_t(options_.color[c]);
    }
  }
  return rgb_;
}

}  // namespace spatialgen
