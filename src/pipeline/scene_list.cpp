#include "pipeline/scene_list.h"

#include <fmt/format.h>

#include <set>

#include "core/text.h"
#include "scene/object_hulls.h"
#include "scene/support_planes.h"
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

void CompleteScene(const RunConfig& config, Scene& scene) {
  if (!scene.world_front) scene.world_front = config.world.Parsed();
  if (scene.mesh.empty()) {
    BoxSupportOptions box_support;
    box_support.bottom_tolerance = config.support.box_bottom_tolerance;
    box_support.floor_margin = config.support.floor_margin;
    box_support.upper_margin = config.support.upper_plane_margin;
    if (config.scenes.source == "dataset") box_support.floor_height = config.scenes.dataset.floor_height;
    AddBoxSupportPlanes(scene, box_support);
  }
  SetHullsFromMesh(scene);
  for (Object& object : scene.objects) {
    const auto short_name = config.scenes.short_names.find(object.label);
    object.name = short_name != config.scenes.short_names.end() ? short_name->second : QuestionName(object.label);
    if (object.name == object.label) object.name.clear();
  }
}

Scene LoadSlot(const SceneSlot& slot, const RunConfig& config) {
  Scene scene;
  if (slot.procedural_index >= 0) {
    scene = GenerateProceduralScene(config.scenes.procedural, config.categories, slot.procedural_index, config.seed);
  } else {
    scene = config.scenes.source == "dataset"
                ? LoadDatasetScene(config.scenes.dataset, {slot.id, slot.file, slot.frame}, config.categories)
                : LoadSceneFile(slot.file, config.categories);
  }
  if (scene.views.empty()) {
    // A scene file without views gets synthesized ones, rendered like procedural scenes (from
    // the scene as its file has it: a box-only scene's room is its boxes grown).
    Rng rng = Rng::ForScene(config.seed, scene.id);
    scene.views = SampleViews(scene, config.scenes.views, rng);
  }
  CompleteScene(config, scene);
  return scene;
}

}  // namespace spatialgen
