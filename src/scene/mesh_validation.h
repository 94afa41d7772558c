#pragma once
// Consistency checks of a scene's mesh, shared by the loaders.
#include <optional>
#include <string>

#include "scene/scene.h"

namespace spatialgen {

// What is wrong with the mesh geometry (non-finite vertices, colour count or range, triangle
// indices out of range), or nullopt when nothing is.
std::optional<std::string> FindMeshGeometryProblem(const Mesh& mesh);

// What is wrong with triangle_instance (count, or an id that is neither -1 nor an object of
// the scene), or nullopt when nothing is.
std::optional<std::string> FindMeshInstanceProblem(const Scene& scene);

}  // namespace spatialgen
