#pragma once
// What the item builders need about one scene and its views, computed the way a run does:
// the ray caster and support surfaces once per scene, then per view the render, the
// visibility of each object and the ViewContext over them. Tests use it to check items
// against a scene without going through the writers.
#include <memory>
#include <string>
#include <vector>

#include "pipeline/run_config.h"
#include "qa_gen/view_context.h"
#include "raycast/raycaster.h"
#include "raycast/render.h"
#include "raycast/sensor_depth.h"
#include "raycast/visibility.h"

namespace spatialgen {

// The per-scene part: built once, shared by all views.
struct PreparedScene {
  explicit PreparedScene(const Scene& scene, const SupportOptions& support_options);
  const Scene& scene;
  RayCaster caster;
  SceneSupport support;
};

// One view's render and visibility, and the ViewContext that points into them (so it is not
// copyable or movable: keep it where it was built). A view with a sensor depth image has the
// pixels its sensor shows hidden cleared from the render's instances before visibility.
struct PreparedView {
  PreparedView(const PreparedScene& geometry, const View& view, const RunConfig& config);
  PreparedView(const PreparedView&) = delete;
  PreparedView& operator=(const PreparedView&) = delete;

  ViewRender render;
  DepthAgreement depth_agreement;            // all zero when the view has no sensor depth
  // False when the sensor depth agrees with the render on less than min_depth_agreement of
  // the pixels: the pose or the alignment is wrong, and the view has no referable object.
  bool usable = true;
  int64_t visibility_rays = 0;               // rays traced for the unoccluded counts
  std::vector<ObjectVisibility> visibility;  // per scene object
  ViewContext context;
};

}  // namespace spatialgen
