#include "sources/mesh_io.h"

#include <open3d/geometry/TriangleMesh.h>
#include <open3d/io/TriangleMeshIO.h>

#include <stdexcept>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/text.h"
#include "sources/obj_reader.h"
#include "sources/ply_reader.h"

namespace spatialgen {

Mesh ReadMeshFile(const std::filesystem::path& path) {
  if (!std::filesystem::is_regular_file(path)) {
    throw InputError({path.string(), "", ""}, "mesh file not found");
  }
  const std::string extension = ToLower(path.extension().string());
  if (extension != ".ply" && extension != ".obj") {
    throw InputError({path.string(), "", ""}, "unsupported mesh format \"" + path.extension().string() + "\" (PLY or OBJ)");
  }
  std::string bytes;
  try {
    bytes = ReadFileToString(path);
  } catch (const std::runtime_error&) {
    throw InputError({path.string(), "", ""}, "cannot read mesh file");
  }
  return extension == ".ply" ? ParsePly(bytes, path.string()) : ParseObj(bytes, path.string());
}

void WriteMeshFile(const Mesh& mesh, const std::filesystem::path& path) {
  open3d::geometry::TriangleMesh target;
  target.vertices_.reserve(mesh.vertices.size());
  for (const Eigen::Vector3f& v : mesh.vertices) target.vertices_.push_back(v.cast<double>());
  for (const Eigen::Vector3f& c : mesh.vertex_colors) {
    target.vertex_colors_.push_back(c.cast<double>());
  }
  target.triangles_.assign(mesh.triangles.begin(), mesh.triangles.end());
  // Open3D picks the format from the extension, so the temporary file keeps it.
  std::filesystem::path temp_path = TempPathFor(path);
  temp_path += path.extension();
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  if (!open3d::io::WriteTriangleMesh(temp_path.string(), target, /*write_ascii=*/false,
                                     /*compressed=*/false, /*write_vertex_normals=*/false,
                                     /*write_vertex_colors=*/!mesh.vertex_colors.empty(),
                                     /*write_triangle_uvs=*/false)) {
    std::error_code ignored;  // best effort: the partial temporary file is ours
    std::filesystem::remove(temp_path, ignored);
    throw std::runtime_error(path.string() + ": cannot write mesh");
  }
  std::filesystem::rename(temp_path, path);
}

}  // namespace spatialgen
