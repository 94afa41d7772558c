#include "scene/mesh_builder.h"

#include <cmath>

namespace spatialgen {
namespace {

constexpr int kCylinderSegments = 16;  // a multiple of 4: the rim touches the bounding box

}  // namespace

MeshBuilder::MeshBuilder(Mesh& mesh, int instance, const Eigen::Isometry3d& world_from_local)
    : mesh_(mesh), instance_(instance), world_from_local_(world_from_local) {}

int MeshBuilder::AddVertex(const Eigen::Vector3d& p_in_local, const Eigen::Vector3f& color) {
  mesh_.vertices.push_back((world_from_local_ * p_in_local).cast<float>());
  mesh_.vertex_colors.push_back(color);
  return int(mesh_.vertices.size()) - 1;
}

void MeshBuilder::AddTriangle(int a, int b, int c) {
  mesh_.triangles.emplace_back(a, b, c);
  mesh_.triangle_instance.push_back(instance_);
}

void MeshBuilder::AddBox(const Eigen::Vector3d& min, const Eigen::Vector3d& max,
                         const Eigen::Vector3f& color) {
  int v[8];
  for (int i = 0; i < 8; ++i) {
    v[i] = AddVertex(
        {(i & 1) ? max.x() : min.x(), (i & 2) ? max.y() : min.y(), (i & 4) ? max.z() : min.z()},
        color);
  }
  // Each face as two triangles, counter-clockwise seen from outside.
  const int faces[6][4] = {{0, 2, 3, 1}, {4, 5, 7, 6}, {0, 1, 5, 4},
                           {2, 6, 7, 3}, {0, 4, 6, 2}, {1, 3, 7, 5}};
  for (const auto& f : faces) {
    AddTriangle(v[f[0]], v[f[1]], v[f[2]]);
    AddTriangle(v[f[0]], v[f[2]], v[f[3]]);
  }
}

void MeshBuilder::AddCylinder(const Eigen::Vector2d& center, double z_min, double z_max,
                              double radius, const Eigen::Vector3f& color) {
  const int bottom_center = AddVertex({center.x(), center.y(), z_min}, color);
  const int top_center = AddVertex({center.x(), center.y(), z_max}, color);
  const int first = int(mesh_.vertices.size());
  for (int k = 0; k < kCylinderSegments; ++k) {
    // Exact values on the axes keep the rim inside its bounding box in floating point.
    const double angle = 2 * M_PI * k / kCylinderSegments;
    double c = std::cos(angle), s = std::sin(angle);
    if (k % (kCylinderSegments / 4) == 0) {
      c = std::round(c);
      s = std::round(s);
    }
    const Eigen::Vector2d rim = center + radius * Eigen::Vector2d(c, s);
    AddVertex({rim.x(), rim.y(), z_min}, color);
    AddVertex({rim.x(), rim.y(), z_max}, color);
  }
  for (int k = 0; k < kCylinderSegments; ++k) {
    const int b0 = first + 2 * k, t0 = b0 + 1;
    const int b1 = first + 2 * ((k + 1) % kCylinderSegments), t1 = b1 + 1;
    AddTriangle(b0, b1, t1);
    AddTriangle(b0, t1, t0);
    AddTriangle(bottom_center, b1, b0);
    AddTriangle(top_center, t0, t1);
  }
}

void MeshBuilder::AddQuad(const std::array<Eigen::Vector3d, 4>& corners,
                          const Eigen::Vector3f& color) {
  int v[4];
  for (int i = 0; i < 4; ++i) v[i] = AddVertex(corners[i], color);
  AddTriangle(v[0], v[1], v[2]);
  AddTriangle(v[0], v[2], v[3]);
}

}  // namespace spatialgen
