#pragma once
// RoboPoint's red box (SPEC section 6): a copy of the view's image with a rectangle drawn
// around the anchor's visible 2D box, the line outside the box so the object stays visible.
#include <Eigen/Geometry>

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "core/json_reader.h"
#include "raycast/render.h"

namespace spatialgen {

struct MarkingOptions {
  double line_width_fraction = 0.005;         // line width as a share of the image diagonal
  std::array<int, 3> color = {255, 0, 0};     // RGB of the line
  void Check() const;
  int LineWidth(int width, int height) const;  // in pixels, at least 1
};
void ReadOptions(JsonReader& reader, MarkingOptions& options);

// Red-box copies of one render, drawn one after another in a single buffer: a view's marked
// images cost the rows their boxes touch, not a copy of the image each.
class RedBoxMarker {
 public:
  RedBoxMarker(const ViewRender& render, const MarkingOptions& options);

  // The render's RGB with a rectangle of the line width drawn just outside `box` (pixel
  // bounds, max exclusive), clipped to the image; row-major RGB, 3 bytes a pixel. Valid until
  // the next call.
  std::span<const uint8_t> Mark(const Eigen::AlignedBox2d& box);

 private:
  const ViewRender& render_;
  MarkingOptions options_;
  std::vector<uint8_t> rgb_;
  int changed_rows_begin_ = 0, changed_rows_end_ = 0;  // the previous box's rows
};

}  // namespace spatialgen
