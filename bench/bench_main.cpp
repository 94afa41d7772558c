// Throughput figures for the README's performance section:
//   1. Embree primary-ray throughput rendering the demo scenes' views;
//   2. the same on one large generated mesh (a PLY of >= 100k triangles, written and read back);
//   3. generation throughput (views/s, items/s) of the whole pipeline at 1 and 2 threads;
//   4. items/s per task, each task requested alone, at 2 threads;
//   5. the share of generation time per stage (ray casting, occupancy, items, image writes)
//      at 1 thread;
//   6. the throughput of the tools that read a dataset back.
// Usage: spatialgen_bench [--scenes N] (demo scenes used for 1 and 3 to 6; default 12).
//        spatialgen_bench --memory [A,B]: only the peak memory (RSS) of generate, audit and
//        score on the demo at A and B scenes (default 40 and 400; several minutes).
#include <fmt/format.h>
#include <oneapi/tbb/task_arena.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <thread>

#include "bench_clock.h"
#include "dataset_tools.h"
#include "peak_memory.h"
#include "pipeline/generate.h"
#include "pipeline/run_config.h"
#include "raycast/raycaster.h"
#include "raycast/render.h"
#include "procedural/generator.h"
#include "sources/scene_file.h"
#include "stage_shares.h"
#include "task_throughput.h"

namespace spatialgen {
namespace {

using bench::Clock;
using bench::Seconds;

const std::filesystem::path kSource(SPATIALGEN_SOURCE_DIR);

struct RenderFigures {
  int64_t rays = 0;
  double seconds = 0;
};

// Renders every view of every scene (the caster built once per scene, outside the timing).
RenderFigures RenderAll(const std::vector<Scene>& scenes, int threads) {
  RenderFigures figures;
  tbb::task_arena arena(threads);
  for (const Scene& scene : scenes) {
    const RayCaster caster(scene);
    const auto start = Clock::now();
    arena.execute([&] {
      for (const View& view : scene.views) figures.rays += Render(caster, view, RenderOptions{}).rays_cast;
    });
    figures.seconds += Seconds(start);
  }
  return figures;
}

// A bumpy terrain of side x side quads (2 triangles each) under a ring of cameras.
Scene LargeMeshScene(int side) {
  Scene scene;
  scene.id = "large_mesh";
  for (int j = 0; j <= side; ++j) {
    for (int i = 0; i <= side; ++i) {
      const float x = 10.0f * i / side, y = 10.0f * j / side;
      const float z = 0.3f * std::sin(1.7f * x) * std::cos(2.3f * y);
      scene.mesh.vertices.emplace_back(x, y, z);
      scene.mesh.vertex_colors.emplace_back(0.5f + 0.5f * std::sin(x), 0.5f, 0.5f + 0.5f * std::cos(y));
    }
  }
  for (int j = 0; j < side; ++j) {
    for (int i = 0; i < side; ++i) {
      const int v = j * (side + 1) + i;
      scene.mesh.triangles.emplace_back(v, v + 1, v + side + 1);
      scene.mesh.triangles.emplace_back(v + 1, v + side + 2, v + side + 1);
    }
  }
  for (int k = 0; k < 8; ++k) {
    const double angle = 2 * M_PI * k / 8;
    const Eigen::Vector3d eye(5 + 4 * std::cos(angle), 5 + 4 * std::sin(angle), 2.0);
    const Eigen::Vector3d forward = (Eigen::Vector3d(5, 5, 0) - eye).normalized();
    const Eigen::Vector3d right = forward.cross(Eigen::Vector3d::UnitZ()).normalized();
    const Eigen::Vector3d down = forward.cross(right);
    View view;
    view.id = fmt::format("v{}", k);
    view.width = 640;
    view.height = 480;
    view.intrinsics = {554.0, 554.0, 320.0, 240.0};
    Eigen::Matrix3d cam_from_world_rotation;
    cam_from_world_rotation << right.transpose(), down.transpose(), forward.transpose();
    view.cam_from_world.linear() = cam_from_world_rotation;
    view.cam_from_world.translation() = -cam_from_world_rotation * eye;
    scene.views.push_back(view);
  }
  return scene;
}

void PrintRender(const std::string& what, const RenderFigures& one, const RenderFigures& two) {
  fmt::print("{:<44} {:>8.2f} Mrays/s (1 thread) {:>8.2f} Mrays/s (2 threads)\n", what,
             one.rays / one.seconds / 1e6, two.rays / two.seconds / 1e6);
}

void BenchGenerate(const std::vector<std::string>& scene_ids, int threads) {
  GenerateOptions options;
  options.config = kSource / "configs" / "demo.json";
  options.out = std::filesystem::temp_directory_path() / fmt::format("spatialgen_bench_t{}", threads);
  options.threads = threads;
  options.scenes = scene_ids;
  options.progress = false;
  std::filesystem::remove_all(options.out);
  const auto start = Clock::now();
  const GenerateSummary summary = RunGenerate(options);
  const double seconds = Seconds(start);
  const int64_t views = summary.counters.Get("views.rendered");
  const int64_t items = summary.robospatial_items + summary.robopoint_items;
  fmt::print("generate, {} scenes, {} thread(s): {:>6.2f} s  {:>7.1f} views/s  {:>8.0f} items/s  ({} views, {} items)\n",
             scene_ids.size(), threads, seconds, views / seconds, items / seconds, views, items);
  std::filesystem::remove_all(options.out);
}

}  // namespace
}  // namespace spatialgen

int main(int argc, char** argv) {
  using namespace spatialgen;
  int scene_count = 12;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--scenes") == 0) scene_count = std::atoi(argv[i + 1]);
  }
  fmt::print("spatialgen bench: {} hardware threads\n", std::thread::hardware_concurrency());
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--memory") != 0) continue;
    std::vector<int> counts = {40, 400};
    if (i + 1 < argc && std::sscanf(argv[i + 1], "%d,%d", &counts[0], &counts[1]) != 2) counts = {40, 400};
    bench::PrintPeakMemory(kSource / "configs" / "demo.json", counts, 2);
    return 0;
  }

  const RunConfig config = LoadRunConfig(kSource / "configs" / "demo.json");
  std::vector<Scene> demo;
  std::vector<std::string> ids;
  for (int index = 0; index < scene_count; ++index) {
    demo.push_back(GenerateProceduralScene(config.scenes.procedural, config.categories, index, config.seed));
    ids.push_back(demo.back().id);
  }
  size_t triangles = 0, views = 0;
  for (const Scene& scene : demo) triangles += scene.mesh.triangles.size(), views += scene.views.size();
  PrintRender(fmt::format("render, {} demo scenes ({} views, {:.0f}k tris/scene)", demo.size(), views,
                          triangles / 1e3 / demo.size()),
              RenderAll(demo, 1), RenderAll(demo, 2));

  // The large mesh goes through the PLY writer and reader, as a user's mesh would.
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "spatialgen_bench_mesh";
  std::filesystem::remove_all(dir);
  SaveSceneFile(LargeMeshScene(250), dir / "large_mesh.json");
  const std::vector<Scene> large = {LoadSceneFile(dir / "large_mesh.json", config.categories)};
  PrintRender(fmt::format("render, large mesh ({}k triangles, 8 views)", large[0].mesh.triangles.size() / 1000),
              RenderAll(large, 1), RenderAll(large, 2));
  std::filesystem::remove_all(dir);

  BenchGenerate(ids, 1);
  BenchGenerate(ids, 2);
  bench::PrintTaskThroughput(kSource / "configs" / "demo.json", ids, 2);
  bench::PrintStageShares(config, demo);
  bench::PrintDatasetToolThroughput(kSource / "configs" / "demo.json", ids);
  return 0;
}
