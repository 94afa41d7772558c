#include "raycast/scene_geometry.h"

#include <string>
#include <unordered_map>
#include <unordered_set>

#include "core/error.h"

namespace spatialgen {
namespace {

// The colour of surfaces that have neither vertex colours nor an object (walls, floors).
const Eigen::Vector3f kUnlabelledColor(0.7f, 0.7f, 0.7f);

void CheckMesh(const Scene& scene) {
  const Mesh& mesh = scene.mesh;
  const auto fail = [&](const std::string& field, const std::string& message) {
    throw InputError({.file = scene.source, .scene = scene.id, .field = field}, message);
  };
  if (!mesh.vertex_colors.empty() && mesh.vertex_colors.size() != mesh.vertices.size()) {
    fail("mesh.vertex_colors", "expected one colour per vertex");
  }
  if (!mesh.triangle_instance.empty() && mesh.triangle_instance.size() != mesh.triangles.size()) {
    fail("mesh.triangle_instance", "expected one instance id per triangle");
  }
  const int vertex_count = static_cast<int>(mesh.vertices.size());
  for (size_t t = 0; t < mesh.triangles.size(); ++t) {
    const Eigen::Vector3i& triangle = mesh.triangles[t];
    if (triangle.minCoeff() < 0 || triangle.maxCoeff() >= vertex_count) {
      fail("mesh.triangles[" + std::to_string(t) + "]", "vertex index out of range");
    }
  }
}

// The 12 triangles of an object's oriented box, as indices into Object::CornersInWorld().
const std::array<Eigen::Vector3i, 12>& BoxTriangles() {
  // Corner index bits 0/1/2 pick -/+ along x/y/z. Each face: fix one axis bit, walk the quad
  // of the other two bits, split it into two triangles.
  static const std::array<Eigen::Vector3i, 12> triangles = [] {
    std::array<Eigen::Vector3i, 12> result;
    int next = 0;
    for (int axis = 0; axis < 3; ++axis) {
      const int a = 1 << ((axis + 1) % 3);
      const int b = 1 << ((axis + 2) % 3);
      for (int side : {0, 1 << axis}) {
        const int q0 = side, q1 = side | a, q2 = side | a | b, q3 = side | b;
        result[next++] = Eigen::Vector3i(q0, q1, q2);
        result[next++] = Eigen::Vector3i(q0, q2, q3);
      }
    }
    return result;
  }();
  return triangles;
}

}  // namespace

SceneGeometry BuildSceneGeometry(const Scene& scene) {
  CheckMesh(scene);
  const Mesh& mesh = scene.mesh;
  std::unordered_map<int, Eigen::Vector3f> object_color;
  for (const Object& object : scene.objects) object_color[object.id] = object.color;

  SceneGeometry geometry;
  geometry.vertices = mesh.vertices;
  geometry.triangles = mesh.triangles;
  geometry.mesh_triangle_count = static_cast<int>(mesh.triangles.size());
  geometry.triangle_instance = mesh.triangle_instance;
  geometry.triangle_instance.resize(mesh.triangles.size(), -1);
  geometry.corner_colors.reserve(mesh.triangles.size());
  std::unordered_set<int> instances_with_mesh;
  for (size_t t = 0; t < mesh.triangles.size(); ++t) {
    const int instance = geometry.triangle_instance[t];
    if (instance >= 0) instances_with_mesh.insert(instance);
    std::array<Eigen::Vector3f, 3> colors;
    for (int k = 0; k < 3; ++k) {
      if (!mesh.vertex_colors.empty()) {
        colors[k] = mesh.vertex_colors[mesh.triangles[t][k]];
      } else {
        const auto it = object_color.find(instance);
        colors[k] = it != object_color.end() ? it->second : kUnlabelledColor;
      }
    }
    geometry.corner_colors.push_back(colors);
  }

  for (const Object& object : scene.objects) {
    if (instances_with_mesh.contains(object.id)) continue;
    const int first_vertex = static_cast<int>(geometry.vertices.size());
    for (const Eigen::Vector3d& corner : object.CornersInWorld()) {
      geometry.vertices.push_back(corner.cast<float>());
    }
    for (const Eigen::Vector3i& triangle : BoxTriangles()) {
      geometry.triangles.push_back(triangle.array() + first_vertex);
      geometry.triangle_instance.push_back(object.id);
      geometry.corner_colors.push_back({object.color, object.color, object.color});
    }
  }
  return geometry;
}

}  // namespace spatialgen
