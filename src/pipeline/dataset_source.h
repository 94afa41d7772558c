#pragma once
// Real datasets as a scene source (`scenes.source: "dataset"`): which format, where its files
// are, and which scenes. Each format's reader lives in src/scene (*_loader.h); this file
// lists a dataset's scenes and dispatches to the reader. docs/datasets.md describes the
// formats, the files read and the conventions.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/json_reader.h"
#include "scene/categories.h"
#include "scene/scannet_loader.h"
#include "scene/scene.h"

namespace spatialgen {

struct SceneSlot;

struct DatasetOptions {
  std::string format;                  // scannet, scan2cad, embodiedscan, sunrgbd, multiscan
  std::filesystem::path root;          // the dataset's folder (or one file): see docs/datasets.md
  std::filesystem::path image_root;    // embodiedscan: where each file's image_name is found
  std::filesystem::path mesh;          // scan2cad: the scan's mesh (<scene>_vh_clean_2.ply)
  double triangle_box_margin = 0.02;   // scan2cad: mesh triangles this close to a box belong to it, m
  double floor_margin = 1.0;           // box-only formats: the floor plane reaches this beyond the boxes, m
  std::optional<double> floor_height;  // box-only formats: the floor's z (absent: the lowest box bottom)
  int frame_step = kScanNetFrameStep;  // scannet: every frame_step-th posed frame becomes a view
  std::vector<std::string> scenes;     // only these scene ids (all when empty)
  void Check() const;
};
// Paths are resolved against `base` (the config file's folder).
void ReadOptions(JsonReader& reader, DatasetOptions& options, const std::filesystem::path& base);

// The dataset's scenes in a fixed order, ids known without reading the scenes: file names
// up to their first '.' (multiscan, embodiedscan), scene folder names (scannet), the mesh's
// scene (scan2cad), "sunrgbd_" + frame id (sunrgbd).
std::vector<SceneSlot> ListDatasetScenes(const DatasetOptions& options);

// Reads one scene; its id is the slot's. Throws InputError naming the file and field.
Scene LoadDatasetScene(const DatasetOptions& options, const SceneSlot& slot, const CategoryOptions& categories);

}  // namespace spatialgen
