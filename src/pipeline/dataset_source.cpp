#include "pipeline/dataset_source.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "pipeline/scene_list.h"
#include "scene/embodiedscan_loader.h"
#include "scene/floor_plane.h"
#include "scene/multiscan_loader.h"
#include "scene/scan2cad_loader.h"
#include "scene/scannet_loader.h"
#include "scene/sunrgbd_loader.h"

namespace spatialgen {
namespace {

const std::set<std::string> kFormats = {"scannet", "scan2cad", "embodiedscan", "sunrgbd", "multiscan"};

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

// ScanNet scene folders: `root` when it holds a scene, else its sub-folders that do.
std::vector<std::filesystem::path> ScanNetFolders(const std::filesystem::path& root) {
  auto holds_scene = [](const std::filesystem::path& folder) {
    return std::filesystem::exists(folder / (folder.filename().string() + "_vh_clean_2.ply"));
  };
  if (holds_scene(root)) return {root};
  std::vector<std::filesystem::path> folders;
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    if (entry.is_directory() && holds_scene(entry.path())) folders.push_back(entry.path());
  }
  std::sort(folders.begin(), folders.end());
  return folders;
}

std::vector<SceneSlot> AllSlots(const DatasetOptions& options) {
  std::vector<SceneSlot> slots;
  if (options.format == "multiscan") {
    for (const auto& file : FilesOf(options.root, ".annotations.json")) slots.push_back({StemToFirstDot(file), -1, file, ""});
  } else if (options.format == "embodiedscan") {
    for (const auto& file : FilesOf(options.root, ".json")) slots.push_back({StemToFirstDot(file), -1, file, ""});
  } else if (options.format == "scannet") {
    for (const auto& folder : ScanNetFolders(options.root)) slots.push_back({folder.filename().string(), -1, folder, ""});
  } else if (options.format == "scan2cad") {
    const std::string mesh_name = options.mesh.filename().string();
    slots.push_back({mesh_name.substr(0, mesh_name.find("_vh_clean")), -1, options.root, ""});
  } else {
    for (const std::string& frame : ListSunRgbdFrames(options.root)) slots.push_back({"sunrgbd_" + frame, -1, options.root, frame});
  }
  return slots;
}

}  // namespace

void DatasetOptions::Check() const {
  if (!kFormats.count(format)) {
    throw InputError({"", "", "dataset.format"},
                     "must be one of scannet, scan2cad, embodiedscan, sunrgbd, multiscan; got \"" + format + "\"");
  }
  if (root.empty()) throw InputError({"", "", "dataset.root"}, "required");
  if (format == "embodiedscan" && image_root.empty()) throw InputError({"", "", "dataset.image_root"}, "required for embodiedscan");
  if (format == "scan2cad" && mesh.empty()) throw InputError({"", "", "dataset.mesh"}, "required for scan2cad");
  if (!(triangle_box_margin >= 0)) throw InputError({"", "", "dataset.triangle_box_margin"}, "must be >= 0");
  if (!(floor_margin >= 0)) throw InputError({"", "", "dataset.floor_margin"}, "must be >= 0");
  if (frame_step <= 0) throw InputError({"", "", "dataset.frame_step"}, "must be > 0");
}

void ReadOptions(JsonReader& reader, DatasetOptions& options, const std::filesystem::path& base) {
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
  reader.Read("floor_margin", options.floor_margin);
  double floor_height = std::numeric_limits<double>::quiet_NaN();
  reader.Read("floor_height", floor_height);
  if (!std::isnan(floor_height)) options.floor_height = floor_height;
  reader.Read("frame_step", options.frame_step);
}

std::vector<SceneSlot> ListDatasetScenes(const DatasetOptions& options) {
  std::vector<SceneSlot> slots = AllSlots(options);
  if (options.scenes.empty()) return slots;
  std::vector<SceneSlot> chosen;
  for (const SceneSlot& slot : slots) {
    if (std::find(options.scenes.begin(), options.scenes.end(), slot.id) != options.scenes.end()) chosen.push_back(slot);
  }
  if (chosen.size() != options.scenes.size()) {
    throw InputError({options.root.string(), "", "dataset.scenes"}, "names scenes the dataset does not have");
  }
  return chosen;
}

Scene LoadDatasetScene(const DatasetOptions& options, const SceneSlot& slot, const CategoryOptions& categories) {
  Scene scene;
  if (options.format == "multiscan") {
    scene = LoadMultiScanScene(slot.file, categories);
  } else if (options.format == "embodiedscan") {
    scene = LoadEmbodiedScanImage(slot.file, options.image_root, categories);
  } else if (options.format == "scannet") {
    scene = LoadScanNetScene(slot.file, categories, options.frame_step);
  } else if (options.format == "scan2cad") {
    scene = LoadScan2CadScene(options.root, options.mesh, categories, options.triangle_box_margin);
  } else {
    scene = LoadSunRgbdFrame(options.root, slot.frame, categories);
  }
  scene.id = slot.id;
  // Box-only datasets carry no floor: take one at the lowest box bottom.
  if (scene.mesh.empty()) AddFloorPlane(scene, options.floor_margin, options.floor_height);
  return scene;
}

}  // namespace spatialgen
