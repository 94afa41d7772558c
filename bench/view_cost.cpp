#include "view_cost.h"

#include <fmt/format.h>
#include <oneapi/tbb/task_arena.h>
#include <sys/resource.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <random>
#include <string>

#include "bench_clock.h"
#include "core/atomic_file.h"
#include "core/json_reader.h"
#include "pipeline/generate.h"
#include "pipeline/run_config.h"
#include "pipeline/scene_list.h"
#include "raycast/raycaster.h"
#include "raycast/render.h"

namespace spatialgen::bench {
namespace {

double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return double(t.tv_sec) + 1e-6 * double(t.tv_usec); };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// The fastest of several runs, in wall-clock and in CPU seconds (each the minimum on its own).
struct BestTime {
  double wall = std::numeric_limits<double>::infinity();
  double cpu = std::numeric_limits<double>::infinity();
};

template <typename Work>
BestTime TimeBest(int repeats, Work&& work) {
  BestTime best;
  for (int run = 0; run < repeats; ++run) {
    const double cpu_start = ProcessCpuSeconds();
    const auto start = Clock::now();
    work();
    best.wall = std::min(best.wall, Seconds(start));
    best.cpu = std::min(best.cpu, ProcessCpuSeconds() - cpu_start);
  }
  return best;
}

// Render() of every view of the config's scenes on one thread (casters built outside the
// timing), and the number of views.
std::pair<BestTime, int> TimeRenders(const std::filesystem::path& config_path, int repeats) {
  const RunConfig config = LoadRunConfig(config_path);
  std::vector<Scene> scenes;
  for (const SceneSlot& slot : ListScenes(config, {})) scenes.push_back(LoadSlot(slot, config));
  std::vector<RayCaster> casters;
  int views = 0;
  for (const Scene& scene : scenes) casters.emplace_back(scene), views += int(scene.views.size());
  tbb::task_arena arena(1);
  const BestTime best = TimeBest(repeats, [&] {
    arena.execute([&] {
      for (size_t k = 0; k < scenes.size(); ++k) {
        for (const View& view : scenes[k].views) Render(casters[k], view, config.render);
      }
    });
  });
  return {best, views};
}

// `generate` of the config at `threads`, and the views it rendered.
std::pair<BestTime, int64_t> TimeGenerate(const std::filesystem::path& config_path, int threads, int repeats) {
  GenerateOptions options;
  options.config = config_path;
  options.out = config_path.parent_path() / fmt::format("out_t{}", threads);
  options.threads = threads;
  options.progress = false;
  int64_t views = 0;
  const BestTime best = TimeBest(repeats, [&] {
    std::filesystem::remove_all(options.out);
    views = RunGenerate(options).counters.Get("views.rendered");
  });
  std::filesystem::remove_all(options.out);
  return {best, views};
}

void PrintHeader() {
  fmt::print("  {:<34} {:>6} {:>11} {:>11} {:>7} {:>11} {:>7}\n", "", "views", "render", "whole view", "ratio",
             "view (CPU)", "ratio");
}

// One row: per-view render and whole-view figures and their ratios (wall, then CPU time).
void PrintRow(const std::string& what, int views, const BestTime& render, const BestTime& whole) {
  const double render_ms = 1e3 * render.wall / views, whole_ms = 1e3 * whole.wall / views;
  const double render_cpu_ms = 1e3 * render.cpu / views, whole_cpu_ms = 1e3 * whole.cpu / views;
  fmt::print("  {:<34} {:>6} {:>8.1f} ms {:>8.1f} ms {:>6.2f}x {:>8.1f} ms {:>6.2f}x\n", what, views, render_ms,
             whole_ms, whole_ms / render_ms, whole_cpu_ms, whole_cpu_ms / render_cpu_ms);
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five;
  in >> one >> five;
  return one.empty() ? "unknown" : one + " (1 min), " + five + " (5 min)";
}

// --- Photos with boxes -------------------------------------------------------------------

constexpr int kPhotoWidth = 1280, kPhotoHeight = 800;

// A desk station of 8 boxes: a support with four things on it, two chairs and one floor
// object. Labels vary by station so that up to 8 stations have unique names (chairs repeat).
void AddStation(int station, const Eigen::Vector2d& centre, std::mt19937& random, Scene& scene) {
  static const char* kSupports[] = {"table", "desk", "counter", "sideboard", "dresser", "bench", "cabinet", "shelf"};
  static const char* kThings[] = {"cup",    "mug",   "bottle",   "book",  "bowl",   "laptop", "box",    "can",
                                  "plant",  "lamp",  "keyboard", "mouse", "phone",  "remote", "vase",   "apple",
                                  "banana", "orange", "toy",     "pillow", "bag",   "backpack", "basket", "plate",
                                  "glass",  "jar",   "monitor",  "clock", "candle", "towel",  "shoe",   "teapot"};
  static const char* kFloor[] = {"trash bin", "radiator", "fan", "heater", "printer", "speaker", "suitcase", "piano"};
  std::uniform_real_distribution<double> jitter(-0.04, 0.04), tilt(-0.3, 0.3);
  const auto add = [&](const std::string& label, const Eigen::Vector3d& centre_in_world, const Eigen::Vector3d& size,
                       double yaw) {
    Object object;
    object.id = int(scene.objects.size());
    object.label = label;
    object.center_in_world = centre_in_world;
    object.size = size;
    object.world_from_object = Eigen::AngleAxisd(yaw, Eigen::Vector3d::UnitZ()).toRotationMatrix();
    object.color = Eigen::Vector3f(0.3f + 0.1f * (object.id % 5), 0.35f + 0.08f * (object.id % 7),
                                   0.4f + 0.07f * (object.id % 3));
    scene.objects.push_back(object);
  };
  const double yaw = tilt(random);
  const Eigen::Matrix2d rotation = Eigen::Rotation2Dd(yaw).toRotationMatrix();
  const auto at = [&](double x, double y, double z) {
    const Eigen::Vector2d xy = centre + rotation * Eigen::Vector2d(x, y);
    return Eigen::Vector3d(xy.x(), xy.y(), z);
  };
  add(kSupports[station % 8], at(0, 0, 0.375), {1.1, 0.7, 0.75}, yaw);
  const Eigen::Vector3d thing_sizes[4] = {{0.09, 0.09, 0.12}, {0.25, 0.18, 0.05}, {0.08, 0.08, 0.25}, {0.3, 0.22, 0.1}};
  const Eigen::Vector2d thing_spots[4] = {{-0.35, 0.15}, {0.3, 0.18}, {-0.1, -0.2}, {0.25, -0.15}};
  for (int k = 0; k < 4; ++k) {
    const Eigen::Vector3d& size = thing_sizes[k];
    add(kThings[(4 * station + k) % 32], at(thing_spots[k].x() + jitter(random), thing_spots[k].y() + jitter(random),
                                              0.75 + 0.5 * size.z()),
        size, yaw + tilt(random));
  }
  add("chair", at(-0.85, 0.0, 0.45), {0.5, 0.5, 0.9}, yaw);
  add("chair", at(0.85, 0.1, 0.45), {0.5, 0.5, 0.9}, yaw + M_PI);
  add(kFloor[station % 8], at(0.1, 0.75, 0.3), {0.4, 0.35, 0.6}, yaw);
}

// Camera at 1.5 m looking along +y, 30 degrees down; 1280x800 with fx = fy = 800.
View PhotoView(int image) {
  const double pitch = 30.0 * M_PI / 180.0, pan = 0.08 * (image % 3 - 1);
  const Eigen::Vector3d forward(std::sin(pan) * std::cos(pitch), std::cos(pan) * std::cos(pitch), -std::sin(pitch));
  const Eigen::Vector3d right = forward.cross(Eigen::Vector3d::UnitZ()).normalized();
  const Eigen::Vector3d down = forward.cross(right);
  Eigen::Matrix3d world_from_cam;
  world_from_cam << right, down, forward;
  View view;
  view.width = kPhotoWidth;
  view.height = kPhotoHeight;
  view.intrinsics = {800.0, 800.0, 640.0, 400.0};
  view.cam_from_world.linear() = world_from_cam.transpose();
  view.cam_from_world.translation() = -world_from_cam.transpose() * Eigen::Vector3d(0.2 * (image % 2), 0.0, 1.5);
  return view;
}

// Writes image `image` with `boxes` boxes (a multiple of 8): its JPEG photo (the render of
// the boxes with sensor-like noise) under images/ and its JSON under json/.
void WritePhotoWithBoxes(const std::filesystem::path& dir, int boxes, int image) {
  static const Eigen::Vector2d kStations[] = {{0.0, 2.6},  {-1.7, 3.3}, {1.7, 3.3},  {0.0, 4.2},
                                              {-2.9, 4.6}, {2.9, 4.6},  {-1.4, 5.4}, {1.4, 5.4}};
  std::mt19937 random(1000 * boxes + image);
  Scene scene;
  scene.id = "bench";
  for (int station = 0; station < boxes / 8; ++station) AddStation(station, kStations[station], random, scene);
  scene.views.push_back(PhotoView(image));

  const ViewRender render = Render(RayCaster(scene), scene.views[0], RenderOptions{});
  cv::Mat bgr(kPhotoHeight, kPhotoWidth, CV_8UC3);
  std::normal_distribution<float> noise(0.0f, 4.0f);
  for (int j = 0; j < kPhotoHeight; ++j) {
    for (int i = 0; i < kPhotoWidth; ++i) {
      for (int c = 0; c < 3; ++c) {
        const float value = render.rgb[3 * render.PixelIndex(i, j) + c] + 20.0f * float(j) / kPhotoHeight + noise(random);
        bgr.at<cv::Vec3b>(j, i)[2 - c] = cv::saturate_cast<uint8_t>(value);
      }
    }
  }
  const std::string name = fmt::format("photo_{:02d}_{}", boxes, image);
  std::filesystem::create_directories(dir / "images");
  std::filesystem::create_directories(dir / "json");
  cv::imwrite((dir / "images" / (name + ".jpg")).string(), bgr, {cv::IMWRITE_JPEG_QUALITY, 92});

  const View& view = scene.views[0];
  const Eigen::Isometry3d world_from_cam = view.cam_from_world.inverse();
  Json extrinsic = Json::array(), intrinsic = Json::array();
  for (int r = 0; r < 4; ++r) {
    Json row = Json::array(), k_row = Json::array();
    for (int c = 0; c < 4; ++c) row.push_back(world_from_cam.matrix()(r, c));
    extrinsic.push_back(row);
  }
  // OpenCV's K: pixel centres at integers (the reader adds 0.5).
  intrinsic = Json::array({Json::array({800.0, 0.0, 639.5, 0.0}), Json::array({0.0, 800.0, 399.5, 0.0}),
                           Json::array({0.0, 0.0, 1.0, 0.0}), Json::array({0.0, 0.0, 0.0, 1.0})});
  Json objects = Json::array();
  for (const Object& object : scene.objects) {
    const Eigen::Vector3d& c = object.center_in_world;
    objects.push_back({{"Name", object.label},
                       {"bbox_3d", Json::array({Json::array({c.x(), c.y(), c.z(), object.size.x(), object.size.y(),
                                                             object.size.z(), object.Yaw(), 0.0, 0.0})})}});
  }
  const Json file = {{"scene_name", fmt::format("bench{:02d}", boxes)},
                     {"image_name", name + ".jpg"},
                     {"image_size", {kPhotoWidth, kPhotoHeight}},
                     {"camera_annotations", {{"extrinsic", extrinsic}, {"intrinsic", intrinsic}}},
                     {"objects", objects}};
  WriteFileAtomic(dir / "json" / fmt::format("{:02d}", boxes) / (name + ".json"), file.dump(1));
}

}  // namespace

void PrintScanNetViewCost(const std::filesystem::path& source_dir, int views, int repeats) {
  const std::filesystem::path sample_config = source_dir / "configs" / "real" / "scan2cad.json";
  Json config = ReadJsonFile(sample_config);
  Json& dataset = config["scenes"]["dataset"];
  const std::filesystem::path base = sample_config.parent_path();
  for (const char* key : {"root", "mesh"}) {
    dataset[key] = std::filesystem::weakly_canonical(base / dataset[key].get<std::string>()).string();
  }
  if (!std::filesystem::exists(dataset["mesh"].get<std::string>())) {
    fmt::print("whole view vs render, Scan2CAD sample: skipped ({} is absent)\n", dataset["mesh"].get<std::string>());
    return;
  }
  config["templates"] = std::filesystem::weakly_canonical(base / config["templates"].get<std::string>()).string();
  config["scenes"]["views"]["count"] = views;
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "spatialgen_bench_scannet";
  std::filesystem::remove_all(dir);
  WriteFileAtomic(dir / "config.json", config.dump(2));

  fmt::print("whole view vs render, Scan2CAD sample (scene0470_00, {} views of 640x480, every task), best of {}, "
             "load {}:\n",
             views, repeats, LoadAverage());
  PrintHeader();
  const auto [render, rendered_views] = TimeRenders(dir / "config.json", repeats);
  const auto [one, one_views] = TimeGenerate(dir / "config.json", 1, repeats);
  const auto [two, two_views] = TimeGenerate(dir / "config.json", 2, repeats);
  PrintRow("1 thread", int(one_views), render, one);
  fmt::print("  2 threads: {:.1f} ms per view (wall), {:.2f}x from 1 to 2 threads\n", 1e3 * two.wall / two_views,
             one.wall / two.wall);
  std::filesystem::remove_all(dir);
}

std::filesystem::path WritePhotoDataset(const std::filesystem::path& source_dir, const std::filesystem::path& dir,
                                        int boxes, int images) {
  for (int image = 0; image < images; ++image) WritePhotoWithBoxes(dir, boxes, image);
  Json config = {
      {"seed", 7},
      {"templates", std::filesystem::absolute(source_dir / "templates").string()},
      {"scenes",
       {{"source", "dataset"},
        {"dataset",
         {{"format", "embodiedscan"},
          {"root", std::filesystem::absolute(dir / "json" / fmt::format("{:02d}", boxes)).string()},
          {"image_root", std::filesystem::absolute(dir / "images").string()}}}}}};
  // The demo's generation section: items of every task, so marked images and masks are written.
  config["generation"] = ReadJsonFile(source_dir / "configs" / "demo.json")["generation"];
  const std::filesystem::path config_path = dir / fmt::format("config_{:02d}", boxes) / "config.json";
  WriteFileAtomic(config_path, config.dump(2));
  return config_path;
}

void PrintPhotoViewCost(const std::filesystem::path& source_dir, const std::vector<int>& box_counts,
                        int images_per_count, int repeats) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "spatialgen_bench_photos";
  std::filesystem::remove_all(dir);
  fmt::print("whole view vs render, EmbodiedScan-format photos ({}x{} JPEG, {} per row, every task, 1 thread), best "
             "of {}, load {}:\n",
             kPhotoWidth, kPhotoHeight, images_per_count, repeats, LoadAverage());
  PrintHeader();
  for (int boxes : box_counts) {
    const std::filesystem::path config_path = WritePhotoDataset(source_dir, dir, boxes, images_per_count);
    const auto [render, views] = TimeRenders(config_path, repeats);
    const auto [whole, rendered] = TimeGenerate(config_path, 1, repeats);
    PrintRow(fmt::format("{} boxes", boxes), int(rendered), render, whole);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace spatialgen::bench
