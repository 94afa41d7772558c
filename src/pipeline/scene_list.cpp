#include "pipeline/scene_list.h"

#include <fmt/format.h>

#include <set>

#include "sources/scene_formats.h"
#include "procedural/generator.h"
#include "sources/scene_file.h"
#include "procedural/view_sampling.h"

namespace spatialgen {
namespace {

// The id a scene file declares, read without loading its mesh; the file's stem when the file
// cannot be read (loading it then fails that scene, with the reason).
std::string DeclaredSceneId(const std::filesystem::path& file) {
  try {
    const Json json = ReadJsonFile(file);
    if (json.is_object() && json.contains("id") && json.at("id").is_string()) {
      return json.at("id").get<std::string>();
    }
  } catch (const InputError&) {
    // Reported when the scene is loaded in its own task.
  }
  return file.stem().string();
}

}  // namespace

std::vector<SceneSlot> ListScenes(const RunConfig& config, const std::vector<std::string>& only) {
  std::vector<SceneSlot> all;
  if (config.scenes.source == "procedural") {
    for (int index = 0; index < config.scenes.procedural.scene_count; ++index) {
      all.push_back({ProceduralSceneId(index), index, {}, ""});
    }
  } else if (config.scenes.source == "dataset") {
    for (const DatasetSceneRef& ref : ListDatasetScenes(config.scenes.dataset)) all.push_back({ref.id, -1, ref.file, ref.frame});
  } else {
    for (const std::filesystem::path& file : config.scenes.files) {
      all.push_back({DeclaredSceneId(file), -1, file, ""});
    }
  }
  std::set<std::string> seen;
  for (const SceneSlot& slot : all) {
    if (!seen.insert(slot.id).second) {
      throw InputError({config.file.string(), slot.id, "scenes"}, "two scenes share the id \"" + slot.id + "\"");
    }
  }
  if (only.empty()) return all;

  std::vector<SceneSlot> chosen;
  for (const std::string& id : only) {
    if (!seen.count(id)) {
      std::vector<std::string> known;
      for (const SceneSlot& slot : all) known.push_back(slot.id);
      throw InputError({config.file.string(), "", "--scenes"},
                       fmt::format("no scene \"{}\" (known: {})", id, fmt::join(known, ", ")));
    }
  }
  for (const SceneSlot& slot : all) {
    if (std::find(only.begin(), only.end(), slot.id) != only.end()) chosen.push_back(slot);
  }
  return chosen;
}

Scene LoadSlot(const SceneSlot& slot, const RunConfig& config) {
  if (slot.procedural_index >= 0) {
    return GenerateProceduralScene(config.scenes.procedural, config.categories,
                                   slot.procedural_index, config.seed);
  }
  Scene scene = config.scenes.source == "dataset"
                    ? LoadDatasetScene(config.scenes.dataset, {slot.id, slot.file, slot.frame}, config.categories)
                    : LoadSceneFile(slot.file, config.categories);
  if (scene.views.empty()) {
    // A scene file without views gets synthesized ones, rendered like procedural scenes.
    Rng rng = Rng::ForScene(config.seed, scene.id);
    scene.views = SampleViews(scene, config.scenes.views, rng);
  }
  return scene;
}

}  // namespace spatialgen
