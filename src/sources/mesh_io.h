#pragma once
// Triangle mesh files: PLY and OBJ, read by spatialgen's own validating readers (ply_reader.h,
// obj_reader.h; Open3D's readers trust face indices); written through Open3D, behind plain
// functions so that only mesh_io.cpp compiles Open3D headers.
#include <filesystem>

#include "scene/scene.h"

namespace spatialgen {

// Reads vertices, vertex colours (when the file has them) and triangles of a .ply or .obj file.
// triangle_instance stays empty. Throws InputError naming the file when it is missing,
// unreadable, of another format, malformed, or has a face index out of range; the geometry
// (finite vertices, colours in [0, 1]) is checked by FindMeshGeometryProblem.
Mesh ReadMeshFile(const std::filesystem::path& path);

// Writes vertices, vertex colours and triangles in the format the extension names (binary
// for PLY); triangle_instance is not written. Throws std::runtime_error naming the path.
void WriteMeshFile(const Mesh& mesh, const std::filesystem::path& path);

}  // namespace spatialgen
