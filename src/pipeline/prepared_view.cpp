#include "pipeline/prepared_view.h"

#include <fmt/format.h>

#include "raycast/render_io.h"

namespace spatialgen {

PreparedScene::PreparedScene(const Scene& scene_in, const SupportOptions& support_options)
    : scene(scene_in), caster(scene_in) {
  support.surfaces = FindSupportSurfaces(scene, support_options);
  support.surface_of_object = AssignSupportSurfaces(scene, support.surfaces, support_options);
}

PreparedView::PreparedView(const PreparedScene& geometry, const View& view, const RunConfig& config)
    // A view with a photo shows the photo: its render needs no RGB image.
    : render(view.rgb_path.empty() ? Render(geometry.caster, view, config.render)
                                   : RenderGeometry(geometry.caster, view)) {
  const Scene& scene = geometry.scene;
  if (!view.depth_path.empty()) {
    const std::vector<float> sensor_depth = LoadSensorDepth(view.depth_path, view.depth_scale, view.width, view.height);
    depth_agreement = ApplySensorDepth(sensor_depth, config.visibility, render);
    usable = depth_agreement.Share() >= config.visibility.min_depth_agreement;
  }
  visibility = ComputeVisibility(geometry.caster, scene, view, render, config.visibility, &visibility_rays);
  // A view with a photo shows the photo: items are asked about (and red boxes drawn on) what
  // the camera saw; depth and instances still come from the scene's geometry.
  if (!view.rgb_path.empty()) render.rgb = LoadRgbImage(view.rgb_path, view.width, view.height);
  context.scene = &scene;
  context.view = &view;
  context.render = &render;
  context.caster = &geometry.caster;
  context.support = &geometry.support;
  context.image = fmt::format("images/{}/{}.png", scene.id, view.id);
  for (size_t k = 0; k < visibility.size() && usable; ++k) {
    if (!visibility[k].referable) continue;
    context.referable.push_back({&scene.objects[k], visibility[k].visible_box, visibility[k].centroid_x});
  }
}

}  // namespace spatialgen
