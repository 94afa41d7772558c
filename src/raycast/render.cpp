#include "raycast/render.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "core/check.h"
#include "core/error.h"
#include "raycast/pixel_rays.h"

namespace spatialgen {
namespace {

bool IsUnitColor(const Eigen::Vector3f& color) {
  return color.minCoeff() >= 0.0f && color.maxCoeff() <= 1.0f;
}

uint8_t ToByte(float value) {
  return static_cast<uint8_t>(std::lround(std::clamp(value, 0.0f, 1.0f) * 255.0f));
}

}  // namespace

void RenderOptions::Check() const {
  SG_CHECK_OPTION_IN(ambient, 0.0f, 1.0f);
  SG_CHECK_OPTION(IsUnitColor(background_color), background_color, "each component must be in [0, 1]");
}

void ReadOptions(JsonReader& reader, RenderOptions& options) {
  reader.Read("ambient", options.ambient);
  if (reader.Has("background_color")) {
    const auto rgb = reader.Require<std::array<float, 3>>("background_color");
    options.background_color = Eigen::Vector3f(rgb[0], rgb[1], rgb[2]);
  }
  try {
    options.Check();
  } catch (const InputError& error) {
    throw reader.Error(error.location().field, error.reason());
  }
}

namespace {

// The render; its RGB image only when `shade` (else left empty).
ViewRender RenderView(const RayCaster& caster, const View& view, const RenderOptions& options, bool shade) {
  ViewRender render;
  render.width = view.width;
  render.height = view.height;
  const size_t pixel_count = static_cast<size_t>(view.width) * view.height;
  render.depth.assign(pixel_count, 0.0f);
  render.instance.assign(pixel_count, -1);
  render.primitive.assign(pixel_count, -1);
  if (shade) render.rgb.assign(3 * pixel_count, 0);
  render.rays_cast = static_cast<int64_t>(pixel_count);

  const PixelRays pixel_rays(view);
  tbb::parallel_for(tbb::blocked_range<int>(0, view.height), [&](const tbb::blocked_range<int>& rows) {
    const size_t block_size = static_cast<size_t>(rows.size()) * view.width;
    const std::vector<Eigen::Vector3f> origins(block_size, pixel_rays.origin_in_world());
    std::vector<Eigen::Vector3f> directions;
    directions.reserve(block_size);
    for (int j = rows.begin(); j < rows.end(); ++j) {
      for (int i = 0; i < view.width; ++i) directions.push_back(pixel_rays.DirectionInWorld(i, j));
    }
    std::vector<RayHit> hits(block_size);
    caster.Intersect(origins, directions, hits);

    const size_t first_pixel = render.PixelIndex(0, rows.begin());
    for (size_t k = 0; k < block_size; ++k) {
      const RayHit& hit = hits[k];
      const size_t pixel = first_pixel + k;
      if (hit.hit()) {
        // Directions have a unit optical-axis component, so t is the depth.
        render.depth[pixel] = hit.t;
        render.instance[pixel] = hit.instance;
        render.primitive[pixel] = hit.primitive;
      }
      if (!shade) continue;
      Eigen::Vector3f color = options.background_color;
      if (hit.hit()) {
        const float cos_angle = std::abs(hit.normal.dot(directions[k].normalized()));
        color = caster.SurfaceColor(hit) * (options.ambient + (1.0f - options.ambient) * cos_angle);
      }
      for (int c = 0; c < 3; ++c) render.rgb[3 * pixel + c] = ToByte(color[c]);
    }
  });
  return render;
}

}  // namespace

ViewRender Render(const RayCaster& caster, const View& view, const RenderOptions& options) {
  options.Check();
  return RenderView(caster, view, options, true);
}

ViewRender RenderGeometry(const RayCaster& caster, const View& view) {
  return RenderView(caster, view, RenderOptions{}, false);
}

}  // namespace spatialgen
