#include "core/rigid.h"

#include <fmt/format.h>

#include <Eigen/SVD>

namespace spatialgen {

std::optional<std::string> RotationProblem(const Eigen::Matrix3d& matrix, double tolerance) {
  if (!matrix.allFinite()) return "not a rotation: it holds non-finite numbers";
  const double error = (matrix.transpose() * matrix - Eigen::Matrix3d::Identity()).cwiseAbs().maxCoeff();
  if (error > tolerance) {
    return fmt::format("not a rotation: not orthonormal (max |R^T R - I| = {:g}, tolerance {:g})", error, tolerance);
  }
  if (matrix.determinant() < 0) return std::string("not a rotation: determinant -1 (a reflection)");
  return std::nullopt;
}

Eigen::Matrix3d NearestRotation(const Eigen::Matrix3d& matrix) {
  const Eigen::JacobiSVD<Eigen::Matrix3d> svd(matrix, Eigen::ComputeFullU | Eigen::ComputeFullV);
  return svd.matrixU() * svd.matrixV().transpose();
}

std::optional<std::string> RigidProblem(const Eigen::Matrix4d& matrix, double tolerance) {
  if (!matrix.allFinite()) return "not a rigid transform: it holds non-finite numbers";
  const double row_error = (matrix.row(3) - Eigen::RowVector4d(0, 0, 0, 1)).cwiseAbs().maxCoeff();
  if (row_error > tolerance) {
    return fmt::format("not a rigid transform: the last row must be [0, 0, 0, 1] (max deviation {:g})", row_error);
  }
  if (auto problem = RotationProblem(matrix.topLeftCorner<3, 3>(), tolerance)) {
    return "not a rigid transform: its 3x3 part is " + *problem;
  }
  return std::nullopt;
}

Eigen::Isometry3d NearestRigid(const Eigen::Matrix4d& matrix) {
  Eigen::Isometry3d transform = Eigen::Isometry3d::Identity();
  transform.linear() = NearestRotation(matrix.topLeftCorner<3, 3>());
  transform.translation() = matrix.topRightCorner<3, 1>();
  return transform;
}

}  // namespace spatialgen
