#pragma once
// RoboPoint's red box (SPEC section 6): a copy of the view's image with a rectangle drawn
// around the anchor's visible 2D box, the line outside the box so the object stays visible.
#include <Eigen/Geometry>

#include <array>
#include <cstdint>
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

// The render's RGB with a rectangle of the line width drawn just outside `box` (pixel bounds,
// max exclusive), clipped to the image. Row-major RGB, 3 bytes a pixel.
std::vector<uint8_t> MarkWithRedBox(const ViewRender& render, const Eigen::AlignedBox2d& box,
                                    const MarkingOptions& options);

}  // namespace spatialgen
