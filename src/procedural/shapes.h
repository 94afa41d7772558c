#pragma once
// Meshes of the catalogue shapes. Each shape fills its box exactly: its parts touch all six
// faces of [-x/2, x/2] x [-y/2, y/2] x [0, z] (the local frame has its origin at the middle
// of the box bottom), so the object's oriented box is tight.
#include <vector>

#include "scene/mesh_builder.h"
#include "procedural/catalog.h"

namespace spatialgen::procedural {

// The thickness of a kShelf's boards and of its side and back panels.
double ShelfPanelThickness(const Eigen::Vector3d& size);
// The local z of the bottoms of a kShelf's boards, bottom up: `inner_boards` evenly spaced
// boards from z = 0 (each with a compartment above it), then the top board.
std::vector<double> ShelfBoardBottoms(const Eigen::Vector3d& size, int inner_boards);

// `inner_boards` is used by kShelf only.
void BuildShape(Shape shape, const Eigen::Vector3d& size, int inner_boards,
                const Eigen::Vector3f& color, MeshBuilder& builder);

}  // namespace spatialgen::procedural
