#pragma once
// Meshes of the catalogue shapes. Each shape fills its box exactly: its parts touch all six
// faces of [-x/2, x/2] x [-y/2, y/2] x [0, z] (the local frame has its origin at the middle
// of the box bottom), so the object's oriented box is tight.
#include "scene/mesh_builder.h"
#include "scene/procedural_catalog.h"

namespace spatialgen::procedural {

void BuildShape(Shape shape, const Eigen::Vector3d& size, const Eigen::Vector3f& color,
                MeshBuilder& builder);

}  // namespace spatialgen::procedural
