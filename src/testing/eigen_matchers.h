#pragma once
// GoogleMock matchers for Eigen values that print both values on failure:
//   EXPECT_THAT(corner, IsApprox(Eigen::Vector3d(1, 2, 3)));        // Eigen's relative isApprox
//   EXPECT_THAT(pose, IsApprox(expected_pose, 1e-12));               // also Transform, AlignedBox
//   EXPECT_THAT(point, IsNear(Eigen::Vector2d(0.5, 0.5), 1e-9));     // max |a - b| <= tolerance
#include <gmock/gmock.h>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include <sstream>
#include <string>

namespace spatialgen::testing {

template <typename Derived>
std::string EigenText(const Eigen::DenseBase<Derived>& value) {
  const Eigen::IOFormat format(Eigen::FullPrecision, 0, ", ", ";\n", "[", "]", "[", "]");
  std::ostringstream text;
  text << value.format(format);
  return text.str();
}
template <typename Scalar, int Dim, int Mode, int Options>
std::string EigenText(const Eigen::Transform<Scalar, Dim, Mode, Options>& value) {
  return EigenText(value.matrix());
}
template <typename Scalar, int Dim>
std::string EigenText(const Eigen::AlignedBox<Scalar, Dim>& value) {
  return "box from " + EigenText(value.min().transpose()) + " to " + EigenText(value.max().transpose());
}

MATCHER_P(IsApprox, expected, "is approximately " + EigenText(expected)) {
  if (arg.isApprox(expected)) return true;
  *result_listener << "which is " << EigenText(arg);
  return false;
}

MATCHER_P2(IsApprox, expected, precision,
           "is approximately (precision " + ::testing::PrintToString(precision) + ") " + EigenText(expected)) {
  if (arg.isApprox(expected, precision)) return true;
  *result_listener << "which is " << EigenText(arg);
  return false;
}

MATCHER_P2(IsNear, expected, tolerance,
           "is within " + ::testing::PrintToString(tolerance) + " of " + EigenText(expected)) {
  const double deviation = (arg - expected).cwiseAbs().maxCoeff();
  if (deviation <= tolerance) return true;
  *result_listener << "which is " << EigenText(arg) << ", off by " << deviation;
  return false;
}

}  // namespace spatialgen::testing
