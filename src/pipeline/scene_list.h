#pragma once
// The scenes of a run, known before any is loaded: an id and how to get the scene. Loading
// happens inside each scene's task, so a bad scene file fails that scene only.
#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/run_config.h"
#include "scene/scene.h"

namespace spatialgen {

struct SceneSlot {
  std::string id;                  // procedural id (proc_0007) or the id a scene file declares
  int procedural_index = -1;       // >= 0 for procedural scenes
  std::filesystem::path file;      // for scene files, and dataset files or folders
  std::string frame;               // a frame id inside a dataset (sunrgbd)
};

// Every scene the config names, in run order; with a non-empty `only`, just those ids (an id
// that names no scene is an InputError listing the known ones).
std::vector<SceneSlot> ListScenes(const RunConfig& config, const std::vector<std::string>& only);

// What every scene gets once loaded, whatever its source: the world front the config gives
// (unless it declares its own), support planes when it is made of boxes only
// (scene/support_planes.h), the objects' hulls from their own triangles, and the names
// questions use (a short name from config.scenes.short_names, else QuestionName(label)).
void CompleteScene(const RunConfig& config, Scene& scene);

// Generates or loads the slot's scene and completes it; a loaded scene without views gets views
// sampled with config.scenes.views first. Throws InputError for bad input.
Scene LoadSlot(const SceneSlot& slot, const RunConfig& config);

}  // namespace spatialgen
