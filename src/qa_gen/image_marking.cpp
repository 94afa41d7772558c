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

std::vector<uint8_t> MarkWithRedBox(const ViewRender& render, const Eigen::AlignedBox2d& box,
                                    const MarkingOptions& options) {
  std::vector<uint8_t> rgb = render.rgb;
  const int line = options.LineWidth(render.width, render.height);
  const int x0 = int(std::floor(box.min().x())), y0 = int(std::floor(box.min().y()));
  const int x1 = int(std::ceil(box.max().x())), y1 = int(std::ceil(box.max().y()));
  for (int j = std::max(0, y0 - line); j < std::min(render.height, y1 + line); ++j) {
    for (int i = std::max(0, x0 - line); i < std::min(render.width, x1 + line); ++i) {
      const bool inside_box = i >= x0 && i < x1 && j >= y0 && j < y1;
      if (inside_box) continue;
      uint8_t* pixel = &rgb[3 * render.PixelIndex(i, j)];
      for (int c = 0; c < 3; ++c) pixel[c] = uint8_t(options.color[c]);
    }
  }
  return rgb;
}

}  // namespace spatialgen
