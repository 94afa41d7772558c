#include "sources/mesh_io.h"

#include <open3d/geometry/TriangleMesh.h>
#include <open3d/io/TriangleMeshIO.h>

#include <stdexcept>

#include "core/atomic_file.h"
#include "core/error.h"

namespace spatialgen {

Mesh ReadMeshFile(const std::filesystem::path& path) {
  if (!std::filesystem::is_regular_file(path)) {
    throw InputError({path.string(), "", ""}, "mesh file not found");
  }
  open3d::geometry::TriangleMesh source;
  open3d::io::ReadTriangleMeshOptions options;
  options.enable_post_processing = false;  // keep vertices and triangles exactly as stored
  if (!open3d::io::ReadTriangleMesh(path.string(), source, options)) {
    throw InputError({path.string(), "", ""}, "cannot read mesh file");
  }
  Mesh mesh;
  mesh.vertices.reserve(source.vertices_.size());
  for (const Eigen::Vector3d& v : source.vertices_) mesh.vertices.push_back(v.cast<float>());
  if (source.HasVertexColors()) {
    mesh.vertex_colors.reserve(source.vertex_colors_.size());
    for (const Eigen::Vector3d& c : source.vertex_colors_) {
      mesh.vertex_colors.push_back(c.cast<float>());
    }
  }
  mesh.triangles.assign(source.triangles_.begin(), source.triangles_.end());
  return mesh;
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
