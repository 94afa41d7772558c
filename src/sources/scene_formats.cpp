#include "sources/scene_formats.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "core/check.h"
#include "sources/embodiedscan_loader.h"
#include "sources/multiscan_loader.h"
#include "sources/scan2cad_loader.h"
#include "sources/scannet_loader.h"
#include "sources/sunrgbd_loader.h"

namespace spatialgen {
namespace {

std::string StemToFirstDot(const std::filesystem::path& file) {
  const std::string name = file.filename().string();
  return name.substr(0, name.find('.'));
}

// `root` itself when it is a file, else its files whose names end with `suffix`, sorted.
std::vector<std::filesystem::path> FilesOf(const std::filesystem::path& root, const std::string& suffix) {
  if (std::filesystem::is_regular_file(root)) return {root};
  if (!std::filesystem::is_directory(root)) {
    throw InputError({root.string(), "", "dataset.root"}, "no such file or folder");
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().filename().string().ends_with(suffix)) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// One scene a file whose name ends with `suffix`, its id the name up to the first '.'.
std::vector<DatasetSceneRef> OneScenePerFile(const std::filesystem::path& root, const std::string& suffix) {
  std::vector<DatasetSceneRef> refs;
  for (const auto& file : FilesOf(root, suffix)) refs.push_back({StemToFirstDot(file), file, ""});
  return refs;
}

// ScanNet scene folders: `root` when it holds a scene, else its sub-folders that do.
std::vector<DatasetSceneRef> ScanNetScenes(const SceneDatasetOptions& options) {
  auto holds_scene = [](const std::filesystem::path& folder) {
    return std::filesystem::exists(folder / (folder.filename().string() + "_vh_clean_2.ply"));
  };
  if (holds_scene(options.root)) return {{options.root.filename().string(), options.root, ""}};
  std::vector<DatasetSceneRef> refs;
  for (const auto& entry : std::filesystem::directory_iterator(options.root)) {
    if (entry.is_directory() && holds_scene(entry.path())) refs.push_back({entry.path().filename().string(), entry.path(), ""});
  }
  std::sort(refs.begin(), refs.end(), [](const auto& a, const auto& b) { return a.file < b.file; });
  return refs;
}

struct SceneFormat {
  const char* name;
  std::function<std::vector<DatasetSceneRef>(const SceneDatasetOptions&)> list;
  std::function<Scene(const SceneDatasetOptions&, const DatasetSceneRef&, const CategoryOptions&)> load;
};

const std::vector<SceneFormat>& SceneFormats() {
  static const std::vector<SceneFormat> formats = {
      {"scannet", ScanNetScenes,
       [](const auto& options, const auto& ref, const auto& categories) {
         return LoadScanNetScene(ref.file, categories, options.frame_step);
       }},
      {"scan2cad",
       [](const auto& options) {
         const std::string mesh_name = options.mesh.filename().string();
         return std::vector<DatasetSceneRef>{{mesh_name.substr(0, mesh_name.find("_vh_clean")), options.root, ""}};
       },
       [](const auto& options, const auto&, const auto& categories) {
         return LoadScan2CadScene(options.root, options.mesh, categories, options.triangle_box_margin);
       }},
      {"embodiedscan", [](const auto& options) { return OneScenePerFile(options.root, ".json"); },
       [](const auto& options, const auto& ref, const auto& categories) {
         return LoadEmbodiedScanImage(ref.file, options.image_root, categories);
       }},
      {"sunrgbd",
       [](const auto& options) {
         std::vector<DatasetSceneRef> refs;
         for (const std::string& frame : ListSunRgbdFrames(options.root)) refs.push_back({"sunrgbd_" + frame, options.root, frame});
         return refs;
       },
       [](const auto& options, const auto& ref, const auto& categories) {
         return LoadSunRgbdFrame(options.root, ref.frame, categories);
       }},
      {"multiscan", [](const auto& options) { return OneScenePerFile(options.root, ".annotations.json"); },
       [](const auto&, const auto& ref, const auto& categories) { return LoadMultiScanScene(ref.file, categories); }},
  };
  return formats;
}

const SceneFormat& FindFormat(const std::string& name) {
  for (const SceneFormat& format : SceneFormats()) {
    if (name == format.name) return format;
  }
  throw FieldError("format", fmt::format("must be one of {}; got \"{}\"", fmt::join(SceneFormatNames(), ", "), name));
}

}  // namespace

std::vector<std::string> SceneFormatNames() {
  std::vector<std::string> names;
  for (const SceneFormat& format : SceneFormats()) names.push_back(format.name);
  return names;
}

void SceneDatasetOptions::Check() const {
  FindFormat(format);
  SG_CHECK_OPTION(!root.empty(), root, "required");
  SG_CHECK_OPTION(format != "embodiedscan" || !image_root.empty(), image_root, "required for embodiedscan");
  SG_CHECK_OPTION(format != "scan2cad" || !mesh.empty(), mesh, "required for scan2cad");
  SG_CHECK_OPTION_GE(triangle_box_margin, 0);
  SG_CHECK_OPTION_GT(frame_step, 0);
}

void ReadOptions(JsonReader& reader, SceneDatasetOptions& options, const std::filesystem::path& base) {
  auto read_path = [&](const std::string& key, std::filesystem::path& path) {
    std::string text = path.string();
    reader.Read(key, text);
    path = text.empty() ? std::filesystem::path() : (base / text).lexically_normal();
  };
  reader.Read("format", options.format);
  read_path("root", options.root);
  read_path("image_root", options.image_root);
  read_path("mesh", options.mesh);
  reader.Read("scenes", options.scenes);
  reader.Read("triangle_box_margin", options.triangle_box_margin);
  double floor_height = std::numeric_limits<double>::quiet_NaN();
  reader.Read("floor_height", floor_height);
  if (!std::isnan(floor_height)) options.floor_height = floor_height;
  reader.Read("frame_step", options.frame_step);
}

std::vector<DatasetSceneRef> ListDatasetScenes(const SceneDatasetOptions& options) {
  std::vector<DatasetSceneRef> refs = FindFormat(options.format).list(options);
  if (options.scenes.empty()) return refs;
  std::vector<DatasetSceneRef> chosen;
  for (const DatasetSceneRef& ref : refs) {
    if (std::find(options.scenes.begin(), options.scenes.end(), ref.id) != options.scenes.end()) chosen.push_back(ref);
  }
  if (chosen.size() != options.scenes.size()) {
    throw InputError({options.root.string(), "", "dataset.scenes"}, "names scenes the dataset does not have");
  }
  return chosen;
}

Scene LoadDatasetScene(const SceneDatasetOptions& options, const DatasetSceneRef& ref, const CategoryOptions& categories) {
  Scene scene = FindFormat(options.format).load(options, ref, categories);
  scene.id = ref.id;
  return scene;
}

}  // namespace spatialgen
