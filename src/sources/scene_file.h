#pragma once
// The native scene format: one JSON file (comments allowed) with objects, views and an
// optional mesh file beside it. docs/scene-format.md describes every key.
#include <filesystem>

#include "scene/categories.h"
#include "scene/scene.h"

namespace spatialgen {

// Loads and validates a scene file. Object flags not given in the file come from
// `categories`; relative paths (mesh, images) are resolved against the file's folder and
// stored resolved. Throws InputError naming the file, the scene and the key path.
Scene LoadSceneFile(const std::filesystem::path& path, const CategoryOptions& categories);

// Writes `scene` to `path` in the same format, every flag explicit. A non-empty mesh goes
// beside it as <stem>.ply, with <stem>.instances.json when it has per-triangle instances.
// Image paths are written relative to the file's folder. Writes are atomic per file.
void SaveSceneFile(const Scene& scene, const std::filesystem::path& path);

}  // namespace spatialgen
