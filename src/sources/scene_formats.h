#pragma once
// Scene datasets (`scenes.source: "dataset"` in a run config): which format, where its files
// are, and which scenes. One table (kSceneFormats in scene_formats.cpp) says, per format, how
// its scenes are listed and which reader (*_loader.h) loads one. docs/datasets.md describes
// the formats, the files read and the conventions.
//
// Words: a *scene dataset* is what scenes are read from (ScanNet, SUN RGB-D...); a *dataset*
// without qualifier is a generated or downloaded QA set (src/dataset); a *reader* turns one
// scene of a scene dataset into a Scene.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/json_reader.h"
#include "scene/categories.h"
#include "scene/scene.h"
#include "sources/scannet_loader.h"

namespace spatialgen {

struct SceneDatasetOptions {
  std::string format;                  // one of SceneFormatNames()
  std::filesystem::path root;          // the dataset's folder (or one file): see docs/datasets.md
  std::filesystem::path image_root;    // embodiedscan: where each file's image_name is found
  std::filesystem::path mesh;          // scan2cad: the scan's mesh (<scene>_vh_clean_2.ply)
  double triangle_box_margin = 0.02;   // scan2cad: mesh triangles this close to a box belong to it, m
  std::optional<double> floor_height;  // box-only formats: the floor's z (absent: found from the box bottoms)
  int frame_step = kScanNetFrameStep;  // scannet: every frame_step-th posed frame becomes a view
  std::vector<std::string> scenes;     // only these scene ids (all when empty)
  void Check() const;
};
// Paths are resolved against `base` (the config file's folder).
void ReadOptions(JsonReader& reader, SceneDatasetOptions& options, const std::filesystem::path& base);

// One scene of a scene dataset, known without reading it.
struct DatasetSceneRef {
  std::string id;               // the scene id
  std::filesystem::path file;   // the file or folder it is read from
  std::string frame;            // a frame id inside the dataset (sunrgbd)
};

// The formats of the table, in its order.
std::vector<std::string> SceneFormatNames();

// The dataset's scenes in a fixed order, ids known without reading the scenes: file names
// up to their first '.' (multiscan, embodiedscan), scene folder names (scannet), the mesh's
// scene (scan2cad), "sunrgbd_" + frame id (sunrgbd).
std::vector<DatasetSceneRef> ListDatasetScenes(const SceneDatasetOptions& options);

// Reads one scene; its id is the reference's. Throws InputError naming the file and field.
// (Box-only scenes get their support planes from the pipeline: scene/support_planes.h.)
Scene LoadDatasetScene(const SceneDatasetOptions& options, const DatasetSceneRef& ref,
                       const CategoryOptions& categories);

}  // namespace spatialgen
