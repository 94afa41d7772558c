#pragma once
// Appends simple solids (boxes, cylinders, quads) to a Mesh, tagged with one instance id
// and coloured per vertex. The procedural generator builds every object from these.
#include <Eigen/Geometry>

#include "scene/scene.h"

namespace spatialgen {

class MeshBuilder {
 public:
  // Parts are given in a local frame; `world_from_local` places them. Vertices are computed
  // in double and rounded to float once.
  MeshBuilder(Mesh& mesh, int instance, const Eigen::Isometry3d& world_from_local);

  // An axis-aligned (in the local frame) box between two corners.
  void AddBox(const Eigen::Vector3d& min, const Eigen::Vector3d& max, const Eigen::Vector3f& color);
  // An upright closed cylinder. Its rim vertices include the four axis directions, so its
  // local bounding box is exactly center +- radius.
  void AddCylinder(const Eigen::Vector2d& center, double z_min, double z_max, double radius,
                   const Eigen::Vector3f& color);
  // A planar quad with corners in order (two triangles).
  void AddQuad(const std::array<Eigen::Vector3d, 4>& corners, const Eigen::Vector3f& color);

 private:
  int AddVertex(const Eigen::Vector3d& p_in_local, const Eigen::Vector3f& color);
  void AddTriangle(int a, int b, int c);

  Mesh& mesh_;
  int instance_;
  Eigen::Isometry3d world_from_local_;
};

}  // namespace spatialgen
