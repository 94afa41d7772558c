#pragma once
// Triangle mesh files (PLY, OBJ, and whatever else Open3D reads), behind plain functions so
// that only mesh_io.cpp compiles Open3D headers.
#include <filesystem>

#include "scene/scene.h"

namespace spatialgen {

// Reads vertices, vertex colours (when the file has them) and triangles. triangle_instance
// stays empty. Throws InputError naming the file when it is missing or unreadable; the
// content is not validated here (see ValidateMesh).
Mesh ReadMeshFile(const std::filesystem::path& path);

// Writes vertices, vertex colours and triangles in the format the extension names (binary
// for PLY); triangle_instance is not written. Throws std::runtime_error naming the path.
void WriteMeshFile(const Mesh& mesh, const std::filesystem::path& path);

}  // namespace spatialgen
