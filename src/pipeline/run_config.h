#pragma once
// The run configuration: one strict JSON file (configs/demo.json is the reference) that says
// where scenes come from and how every stage behaves. Paths inside it are relative to the
// file. The resolved form (every value actually used, defaults included) goes into the
// manifest beside the outputs.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/json_reader.h"
#include "sources/scene_formats.h"
#include "occupancy/support_surfaces.h"
#include "qa_gen/view_items.h"
#include "raycast/render.h"
#include "raycast/visibility.h"
#include "scene/categories.h"
#include "procedural/generator.h"
#include "procedural/view_sampling.h"

namespace spatialgen {

struct SceneSourceOptions {
  std::string source = "procedural";               // "procedural", "files" or "dataset"
  ProceduralOptions procedural;                    // for "procedural"
  std::vector<std::filesystem::path> files;        // native scene files, for "files"
  SceneDatasetOptions dataset;                     // a scene dataset, for "dataset"
  ViewSamplingOptions views;                       // synthesized views of files without views
  // Short names for questions, per label as the data writes it ("Brown potato." -> "potato");
  // labels without one are cleaned by QuestionName (core/text.h).
  std::map<std::string, std::string> short_names;
  void Check() const;
};

// The world frame's front (SPEC section 3) for scenes that do not declare their own:
// "camera_heading" (default), "scene_axis" with `axis`, or "none".
struct WorldOptions {
  std::string front = "camera_heading";
  std::vector<double> axis = {1, 0, 0};  // for scene_axis: horizontal, non-zero
  void Check() const;
  WorldFront Parsed() const;
};

struct RunConfig {
  std::filesystem::path file;       // the config file itself
  uint64_t seed = 0;                // global seed (the --seed flag overrides it)
  std::filesystem::path templates;  // the templates folder
  SceneSourceOptions scenes;
  WorldOptions world;
  CategoryOptions categories;
  RenderOptions render;
  VisibilityOptions visibility;
  SupportOptions support;           // support surfaces and their occupancy grids
  GenerationOptions generation;
  Json resolved;                    // every value used, for the manifest

  void Check() const;
};

// Reads and checks a config file. Errors name the file and the key path.
RunConfig LoadRunConfig(const std::filesystem::path& path);

// The templates folder shipped with spatialgen (used when a config names none).
std::filesystem::path DefaultTemplatesDir();

}  // namespace spatialgen
