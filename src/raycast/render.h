#pragma once
// Renders a view by ray casting one primary ray per pixel centre: depth along the optical
// axis, instance ids and a shaded RGB image (SPEC section 2).
#include <Eigen/Core>

#include <cstdint>
#include <vector>

#include "core/json_reader.h"
#include "raycast/raycaster.h"
#include "scene/scene.h"

namespace spatialgen {

struct RenderOptions {
  // Share of the surface colour lit regardless of orientation; the rest is a headlight
  // Lambert term |cos(normal, ray)|. In [0, 1].
  float ambient = 0.35f;
  // RGB in [0, 1] of pixels whose ray hits nothing.
  Eigen::Vector3f background_color{0.85f, 0.85f, 0.85f};

  // Throws InputError naming the first bad field.
  void Check() const;
};

struct ViewRender {
  int width = 0;
  int height = 0;
  std::vector<float> depth;       // w*h, row-major: metres along the optical axis, 0: no hit
  std::vector<int32_t> instance;  // w*h, row-major: object id, -1: background or no hit
  std::vector<int32_t> primitive; // w*h, row-major: the hit triangle (RayHit::primitive), -1: no hit
  std::vector<uint8_t> rgb;       // 3*w*h, row-major RGB
  int64_t rays_cast = 0;          // primary rays traced for this render

  size_t PixelIndex(int i, int j) const { return static_cast<size_t>(j) * width + i; }
};

// Pixel (i, j) covers [i, i+1) x [j, j+1); its ray passes through (i + 0.5, j + 0.5), the
// convention of View::Project. Throws InputError when the options are bad.
ViewRender Render(const RayCaster& caster, const View& view, const RenderOptions& options);
// The same without the RGB image (rgb left empty): depth, instances and triangles only, for
// views whose image is a photo.
ViewRender RenderGeometry(const RayCaster& caster, const View& view);

// Reads each field by its own name ("ambient", "background_color": [r, g, b]) and checks the
// result; errors name the file and key path. Does not call reader.Finish().
void ReadOptions(JsonReader& reader, RenderOptions& options);

}  // namespace spatialgen
