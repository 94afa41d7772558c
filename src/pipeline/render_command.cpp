#include "pipeline/render_command.h"

#include <fmt/format.h>
#include <oneapi/tbb/parallel_for.h>
#include <spdlog/spdlog.h>

#include <atomic>

#include "core/parallel.h"
#include "core/progress.h"
#include "pipeline/free_space_overlay.h"
#include "pipeline/run_config.h"
#include "pipeline/scene_list.h"
#include "raycast/raycaster.h"
#include "raycast/render.h"
#include "raycast/render_io.h"

namespace spatialgen {

int RunRenderCommand(const RenderCommandOptions& options) {
  const RunConfig config = LoadRunConfig(options.config);
  const std::vector<SceneSlot> slots = ListScenes(config, options.scenes);
  std::filesystem::create_directories(options.out);
  std::atomic<int> failed{0};
  Progress progress("render: scenes", int64_t(slots.size()), options.progress);
  RunWithThreads(options.threads, [&] {
    tbb::parallel_for(size_t(0), slots.size(), [&](size_t index) {
      try {
        const Scene scene = LoadSlot(slots[index], config);
        const RayCaster caster(scene);
        const FreeSpaceOptions& free_space = config.generation.free_space;
        const std::vector<SupportSurface> surfaces = FindSupportSurfaces(scene, config.support);
        for (size_t k = 0; k < surfaces.size(); ++k) {
          SaveFreeSpaceMapPng(surfaces[k].grid, free_space.free_height,
                              options.out / scene.id / fmt::format("surface_{}_free.png", k));
        }
        for (const View& view : scene.views) {
          const ViewRender render = Render(caster, view, config.render);
          const std::filesystem::path stem = options.out / scene.id / view.id;
          SaveRgbPng(render, stem.string() + "_rgb.png");
          SaveDepthPng(render, stem.string() + "_depth.png");
          SaveInstancePng(render, stem.string() + "_instance.png");
          SaveRgbPng(FreeSpaceOverlay(render, view, surfaces, free_space), render.width, render.height,
                     stem.string() + "_free.png");
        }
      } catch (const InputError& e) {
        spdlog::error("{}", WithScene(e, slots[index].id).what());
        ++failed;
      } catch (const std::exception& e) {
        spdlog::error("scene {}: {}", slots[index].id, e.what());
        ++failed;
      }
      progress.Advance();
    });
  });
  progress.Finish();
  return failed.load();
}

}  // namespace spatialgen
