#include "pipeline/run_config.h"

#include <set>

#include "core/check.h"

namespace spatialgen {
namespace {

// Checks a section's options; what it throws names the config file and the key path.
template <typename Options>
void CheckSection(const Options& options, const std::filesystem::path& file, const std::string& section) {
  try {
    CheckNested(options, section);
  } catch (const InputError& e) {
    throw InputError({file.string(), "", e.location().field}, e.reason());
  }
}

std::filesystem::path Resolve(const std::filesystem::path& base, const std::string& relative) {
  const std::filesystem::path path(relative);
  return path.is_absolute() ? path : (base / path).lexically_normal();
}

}  // namespace

std::filesystem::path DefaultTemplatesDir() {
  return std::filesystem::path(SPATIALGEN_SOURCE_DIR) / "templates";
}

void SceneSourceOptions::Check() const {
  SG_CHECK_OPTION(source == "procedural" || source == "files" || source == "dataset", source,
                  "must be \"procedural\", \"files\" or \"dataset\", got \"" + source + "\"");
  if (source == "dataset") CheckNested(dataset, "dataset");
  SG_CHECK_OPTION(source != "files" || !files.empty(), files, "no scene files listed");
  if (source == "procedural") CheckNested(procedural, "procedural");
  CheckNested(views, "views");
}

void WorldOptions::Check() const {
  SG_CHECK_OPTION(front == "camera_heading" || front == "scene_axis" || front == "none", front,
                  "must be \"camera_heading\", \"scene_axis\" or \"none\", got \"" + front + "\"");
  SG_CHECK_OPTION(axis.size() == 3, axis, "must be [x, y, z]");
  const Eigen::Vector3d vector(axis[0], axis[1], axis[2]);
  SG_CHECK_OPTION(vector.allFinite() && vector.head<2>().norm() > 1e-9 && std::abs(vector.z()) <= 1e-4 * vector.norm(),
                  axis, "must be a horizontal, non-zero vector [x, y, 0]");
}

WorldFront WorldOptions::Parsed() const {
  if (front == "none") return {WorldFront::Mode::kNone};
  if (front == "scene_axis") {
    return {WorldFront::Mode::kSceneAxis, Eigen::Vector3d(axis[0], axis[1], 0).normalized()};
  }
  return {WorldFront::Mode::kCameraHeading};
}

void RunConfig::Check() const {
  CheckSection(scenes, file, "scenes");
  CheckSection(world, file, "world");
  CheckSection(categories, file, "categories");
  CheckSection(render, file, "render");
  CheckSection(visibility, file, "visibility");
  CheckSection(support, file, "support");
  CheckSection(generation, file, "generation");
}

RunConfig LoadRunConfig(const std::filesystem::path& path) {
  const Json json = ReadJsonFile(path);
  const std::filesystem::path base = path.parent_path();
  RunConfig config;
  config.file = path;
  JsonReader root(json, path.string());
  root.Read("seed", config.seed);

  std::string templates = DefaultTemplatesDir().string();
  root.Read("templates", templates);
  config.templates = Resolve(base, templates);

  JsonReader scenes = root.OptionalChild("scenes");
  scenes.Read("source", config.scenes.source);
  ReadSection(scenes, "procedural", config.scenes.procedural);
  std::vector<std::string> files;
  scenes.Read("files", files);
  for (const std::string& file : files) config.scenes.files.push_back(Resolve(base, file));
  ReadSection(scenes, "views", config.scenes.views);
  scenes.Read("short_names", config.scenes.short_names);
  JsonReader dataset = scenes.OptionalChild("dataset");
  ReadOptions(dataset, config.scenes.dataset, base);
  dataset.Finish();
  scenes.Finish();

  JsonReader world = root.OptionalChild("world");
  world.Read("front", config.world.front);
  world.Read("axis", config.world.axis);
  world.Finish();
  ReadSection(root, "categories", config.categories);
  ReadSection(root, "render", config.render);
  ReadSection(root, "visibility", config.visibility);
  ReadSection(root, "support", config.support);
  ReadSection(root, "generation", config.generation);
  root.Finish();

  config.resolved = root.resolved();
  config.Check();
  return config;
}

}  // namespace spatialgen
