#include "stage_shares.h"

#include <fmt/format.h>
#include <oneapi/tbb/task_arena.h>

#include <array>
#include <filesystem>
#include <optional>
#include <set>

#include "bench_clock.h"
#include "core/atomic_file.h"
#include "core/rng.h"
#include "qa_gen/image_marking.h"
#include "qa_gen/view_items.h"
#include "raycast/png_encoder.h"
#include "raycast/raycaster.h"
#include "raycast/render.h"
#include "raycast/render_io.h"
#include "raycast/visibility.h"

namespace spatialgen::bench {
namespace {

enum Stage { kBvh, kRays, kOccupancy, kItems, kImages, kStageCount };
constexpr std::array<const char*, kStageCount> kStageNames = {
    "ray casting: BVH build", "ray casting: Render + ComputeVisibility",
    "occupancy: FindSupportSurfaces + Assign", "items: GenerateViewItems", "image writes"};

// Accumulates the time from construction to destruction into one stage.
class StageTimer {
 public:
  explicit StageTimer(double& total) : total_(total), start_(Clock::now()) {}
  ~StageTimer() { total_ += Seconds(start_); }

 private:
  double& total_;
  Clock::time_point start_;
};

// The view's image and those its items refer to, each written once, as the scene job writes
// them; returns the number of PNG files.
int64_t WriteImages(const ViewContext& context, const std::vector<QaItem>& items, const MarkingOptions& marking,
                    const std::filesystem::path& out) {
  const PngEncoder image(context.render->rgb, context.render->width, context.render->height, PngPixels::kRgb);
  WriteFileAtomic(out / context.image, image.File());
  std::set<std::string> written;
  RedBoxMarker marker(*context.render, marking);
  std::vector<uint8_t> mask_image;
  for (const QaItem& item : items) {
    if (item.marked_anchor >= 0 && written.insert(item.image).second) {
      for (const VisibleObject& anchor : context.referable) {
        if (anchor.object->id != item.marked_anchor) continue;
        WriteFileAtomic(out / item.image, image.FileOf(marker.Mark(anchor.visible_box)));
      }
    }
    if (item.region && written.insert(item.mask).second) {
      item.region->ToImage(mask_image);
      SaveMaskPng(mask_image, item.region->width, item.region->height, out / item.mask);
    }
  }
  return 1 + int64_t(written.size());
}

struct StageFigures {
  std::array<double, kStageCount> seconds{};
  int64_t items = 0;
  int64_t images = 0;  // PNG files written
};

// Runs one scene as the scene job does, adding to `figures`.
void TimeScene(const Scene& scene, const RunConfig& config, const TemplateLibrary& templates,
               const std::filesystem::path& out, StageFigures& figures) {
  std::array<double, kStageCount>& seconds = figures.seconds;
  std::optional<RayCaster> caster;
  {
    StageTimer timer(seconds[kBvh]);
    caster.emplace(scene);
  }
  SceneSupport support;
  {
    StageTimer timer(seconds[kOccupancy]);
    support.surfaces = FindSupportSurfaces(scene, config.support);
    support.surface_of_object = AssignSupportSurfaces(scene, support.surfaces, config.support);
  }
  for (size_t view_index = 0; view_index < scene.views.size(); ++view_index) {
    const View& view = scene.views[view_index];
    ViewRender render;
    std::vector<ObjectVisibility> visibility;
    {
      StageTimer timer(seconds[kRays]);
      render = Render(*caster, view, config.render);
      visibility = ComputeVisibility(*caster, scene, view, render, config.visibility);
    }
    ViewContext context;
    context.scene = &scene;
    context.view = &view;
    context.render = &render;
    context.caster = &*caster;
    context.support = &support;
    context.image = fmt::format("images/{}/{}.png", scene.id, view.id);
    for (size_t k = 0; k < visibility.size(); ++k) {
      if (visibility[k].referable) {
        context.referable.push_back({&scene.objects[k], visibility[k].visible_box, visibility[k].centroid_x});
      }
    }
    std::vector<QaItem> items;
    {
      StageTimer timer(seconds[kItems]);
      Rng rng = Rng::ForView(config.seed, scene.id, view_index);
      Counters counters;
      items = GenerateViewItems(context, templates, config.generation, rng, counters);
    }
    {
      StageTimer timer(seconds[kImages]);
      figures.images += WriteImages(context, items, config.generation.marking, out);
    }
    figures.items += int64_t(items.size());
  }
}

}  // namespace

void PrintStageShares(const RunConfig& config, const std::vector<Scene>& scenes) {
  const TemplateLibrary templates = LoadTemplates(config.templates);
  const std::filesystem::path out = std::filesystem::temp_directory_path() / "spatialgen_bench_stages";
  std::filesystem::remove_all(out);
  StageFigures figures;
  tbb::task_arena(1).execute([&] {
    for (const Scene& scene : scenes) TimeScene(scene, config, templates, out, figures);
  });
  std::filesystem::remove_all(out);
  double total = 0;
  for (double stage : figures.seconds) total += stage;
  fmt::print("time per stage, {} scenes, 1 thread ({} items, {} PNG files, {:.2f} s timed):\n", scenes.size(),
             figures.items, figures.images, total);
  for (int stage = 0; stage < kStageCount; ++stage) {
    fmt::print("  {:<42} {:>6.2f} s  {:>5.1f} %\n", kStageNames[stage], figures.seconds[stage],
               100 * figures.seconds[stage] / total);
  }
}

}  // namespace spatialgen::bench
