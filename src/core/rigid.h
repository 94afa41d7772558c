#pragma once
// Rotations and rigid transforms read from files: checked against a tolerance, then snapped to
// the nearest exact rotation so that downstream code sees no drift from rounded numbers.
#include <Eigen/Core>
#include <Eigen/Geometry>

#include <optional>
#include <string>

namespace spatialgen {

// Default tolerance on each entry of R^T R - I (and on a rigid matrix's last row).
inline constexpr double kRotationTolerance = 1e-4;

// Why `matrix` is not a rotation within `tolerance` (not orthonormal, or a reflection), with
// the numbers; nullopt when it is one.
std::optional<std::string> RotationProblem(const Eigen::Matrix3d& matrix, double tolerance = kRotationTolerance);

// The rotation nearest to `matrix` (orthogonal Procrustes through the SVD).
Eigen::Matrix3d NearestRotation(const Eigen::Matrix3d& matrix);

// Why the 4x4 `matrix` is not rigid (a rotation as above, a finite translation and a last row
// [0, 0, 0, 1] within the tolerance); nullopt when it is.
std::optional<std::string> RigidProblem(const Eigen::Matrix4d& matrix, double tolerance = kRotationTolerance);

// The rigid transform with `matrix`'s translation and the rotation nearest to its top-left
// 3x3. Call it after RigidProblem() found nothing.
Eigen::Isometry3d NearestRigid(const Eigen::Matrix4d& matrix);

}  // namespace spatialgen
