#include "pipeline/scene_job.h"

#include <oneapi/tbb/parallel_for.h>
#include <spdlog/spdlog.h>

#include <fmt/format.h>

#include <set>

#include "core/atomic_file.h"
#include "core/check.h"
#include "core/rng.h"
#include "pipeline/prepared_view.h"
#include "pipeline/scene_record.h"
#include "qa_gen/image_marking.h"
#include "qa_gen/view_context.h"
#include "qa_gen/view_items.h"
#include "raycast/png_encoder.h"
#include "raycast/raycaster.h"
#include "raycast/render.h"
#include "raycast/render_io.h"
#include "raycast/visibility.h"

namespace spatialgen {
namespace {

// The marked copies of the view's image (one per anchor) and the region masks (one per
// region) that the view's items refer to, each written once. `image` holds the view's image
// encoded: a copy re-encodes only the rows its red box changes.
void WriteItemImages(const ViewContext& context, const std::vector<QaItem>& items, const PngEncoder& image,
                     const MarkingOptions& marking, const std::filesystem::path& out_dir,
                     Counters& counters) {
  std::set<std::string> written;
  RedBoxMarker marker(*context.render, marking);
  std::vector<uint8_t> mask_image;  // one image-size buffer for all the view's masks
  for (const QaItem& item : items) {
    if (item.marked_anchor >= 0 && written.insert(item.image).second) {
      const VisibleObject* anchor = nullptr;
      for (const VisibleObject& visible : context.referable) {
        if (visible.object->id == item.marked_anchor) anchor = &visible;
      }
      SG_CHECK_MSG(anchor != nullptr, "a marked anchor is always referable in its view");
      WriteFileAtomic(out_dir / item.image, image.FileOf(marker.Mark(anchor->visible_box)));
      counters.Add("images.marked");
    }
    if (item.region && written.insert(item.mask).second) {
      item.region->ToImage(mask_image);
      SaveMaskPng(mask_image, item.region->width, item.region->height, out_dir / item.mask);
      counters.Add("masks.written");
    }
  }
}

// What one view adds to its scene's result.
struct ViewResult {
  bool rendered = false;
  int64_t referable_objects = 0;
  std::vector<QaItem> items;
  Counters counters;
};

void ProcessView(const PreparedScene& geometry, size_t view_index, const RunConfig& config,
                 const TemplateLibrary& templates, const std::filesystem::path& out_dir, ViewResult& result) {
  const Scene& scene = geometry.scene;
  const PreparedView prepared(geometry, scene.views[view_index], config);
  const ViewContext& context = prepared.context;
  result.counters.Add("pixels.hidden_by_sensor_depth", prepared.depth_agreement.hidden);
  if (!prepared.usable) {
    spdlog::warn("scene {}: view {}: its sensor depth agrees with the scene on {:.0f} % of the pixels "
                 "(visibility.min_depth_agreement {:.0f} %): pose or alignment wrong, view skipped",
                 scene.id, scene.views[view_index].id, 100 * prepared.depth_agreement.Share(),
                 100 * config.visibility.min_depth_agreement);
    result.counters.Add("views.depth_disagrees");
    return;
  }
  result.counters.Add("rays.primary", prepared.render.rays_cast);
  result.counters.Add("rays.visibility", prepared.visibility_rays);
  result.referable_objects = int64_t(context.referable.size());
  result.counters.Add("objects.referable", int64_t(context.referable.size()));
  result.counters.Add("objects.not_referable", int64_t(prepared.visibility.size() - context.referable.size()));

  Rng rng = Rng::ForView(config.seed, scene.id, view_index);
  result.items = GenerateViewItems(context, templates, config.generation, rng, result.counters);
  const ViewRender& render = prepared.render;
  const PngEncoder image(render.rgb, render.width, render.height, PngPixels::kRgb);
  WriteFileAtomic(out_dir / context.image, image.File());
  WriteItemImages(context, result.items, image, config.generation.marking, out_dir, result.counters);
  // Written: the scene's items keep the masks' paths, not their pixels (memory per scene).
  for (QaItem& item : result.items) item.region.reset();
  result.counters.Add("views.rendered");
  result.rendered = true;
}

void ProcessScene(const Scene& scene, const RunConfig& config, const TemplateLibrary& templates,
                  const std::filesystem::path& out_dir, SceneResult& result) {
  const PreparedScene geometry(scene, config.support);
  result.counters.Add("support.surfaces", int64_t(geometry.support.surfaces.size()));
  // Views run in parallel (a run of one large scene spreads over the threads too); each has
  // its own random stream, and their results join in view order, so the output does not
  // depend on the thread count.
  std::vector<ViewResult> views(scene.views.size());
  tbb::parallel_for(size_t(0), views.size(), [&](size_t view_index) {
    ProcessView(geometry, view_index, config, templates, out_dir, views[view_index]);
  });
  std::vector<std::string> written_views;
  for (size_t view_index = 0; view_index < views.size(); ++view_index) {
    ViewResult& view = views[view_index];
    result.counters.Merge(view.counters);
    if (!view.rendered) continue;
    written_views.push_back(scene.views[view_index].id);
    result.referable_objects += view.referable_objects;
    result.items.insert(result.items.end(), std::make_move_iterator(view.items.begin()),
                        std::make_move_iterator(view.items.end()));
    ++result.views;
  }
  WriteSceneRecord(scene, written_views, out_dir);
}

}  // namespace

SceneResult RunSceneJob(const SceneSlot& slot, const RunConfig& config,
                        const TemplateLibrary& templates, const std::filesystem::path& out_dir) {
  SceneResult result;
  result.id = slot.id;
  try {
    const Scene scene = LoadSlot(slot, config);
    if (scene.id != slot.id) {
      throw InputError({scene.source, scene.id, "id"}, "scene id changed since the run started (was " + slot.id + ")");
    }
    ProcessScene(scene, config, templates, out_dir, result);
    result.ok = true;
  } catch (const InputError& e) {
    result.error = WithScene(e, slot.id).what();
  } catch (const std::exception& e) {
    // Failures outside the input (disk full, Embree) still fail only this scene.
    result.error = fmt::format("scene {}: {}", slot.id, e.what());
  }
  if (!result.ok) {
    // A failed scene leaves nothing behind: no items, no images of its earlier views.
    result.items.clear();
    std::error_code ignored;  // the folder may not exist yet
    std::filesystem::remove_all(out_dir / "images" / slot.id, ignored);
    std::filesystem::remove(out_dir / "gt" / (slot.id + ".scene.json"), ignored);
    result.counters.Add("scenes.failed");
  } else {
    result.counters.Add("scenes.ok");
  }
  return result;
}

}  // namespace spatialgen
