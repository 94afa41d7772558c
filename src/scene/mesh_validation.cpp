#include "scene/mesh_validation.h"

#include <set>

namespace spatialgen {

std::optional<std::string> FindMeshGeometryProblem(const Mesh& mesh) {
  for (size_t i = 0; i < mesh.vertices.size(); ++i) {
    if (!mesh.vertices[i].allFinite()) return "vertex " + std::to_string(i) + " is not finite";
  }
  if (!mesh.vertex_colors.empty()) {
    if (mesh.vertex_colors.size() != mesh.vertices.size()) {
      return std::to_string(mesh.vertex_colors.size()) + " vertex colours for " +
             std::to_string(mesh.vertices.size()) + " vertices";
    }
    for (size_t i = 0; i < mesh.vertex_colors.size(); ++i) {
      const Eigen::Array3f c = mesh.vertex_colors[i].array();
      if (!c.allFinite() || (c < 0).any() || (c > 1).any()) {
        return "vertex colour " + std::to_string(i) + " is outside [0, 1]";
      }
    }
  }
  const int vertex_count = int(mesh.vertices.size());
  for (size_t t = 0; t < mesh.triangles.size(); ++t) {
    for (int k = 0; k < 3; ++k) {
      const int index = mesh.triangles[t][k];
      if (index < 0 || index >= vertex_count) {
        return "triangle " + std::to_string(t) + " has vertex index " + std::to_string(index) +
               ", out of range for " + std::to_string(vertex_count) + " vertices";
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> FindMeshInstanceProblem(const Scene& scene) {
  const Mesh& mesh = scene.mesh;
  if (mesh.triangle_instance.empty()) return std::nullopt;
  if (mesh.triangle_instance.size() != mesh.triangles.size()) {
    return std::to_string(mesh.triangle_instance.size()) + " instance ids for " +
           std::to_string(mesh.triangles.size()) + " triangles";
  }
  std::set<int> ids = {-1};
  for (const Object& object : scene.objects) ids.insert(object.id);
  for (size_t t = 0; t < mesh.triangle_instance.size(); ++t) {
    if (!ids.count(mesh.triangle_instance[t])) {
      return "triangle " + std::to_string(t) + " has instance id " +
             std::to_string(mesh.triangle_instance[t]) + ", which is neither -1 nor an object id";
    }
  }
  return std::nullopt;
}

}  // namespace spatialgen
