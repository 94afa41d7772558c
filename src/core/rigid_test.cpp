#include "core/rigid.h"

#include <gtest/gtest.h>

namespace spatialgen {
namespace {

TEST(RigidTest, RoundedRotationIsAcceptedAndSnapped) {
  // A rotation of 30 degrees about z written with 4 decimals, as files hold them.
  Eigen::Matrix3d rounded;
  rounded << 0.8660, -0.5000, 0, 0.5000, 0.8660, 0, 0, 0, 1;
  EXPECT_FALSE(RotationProblem(rounded));
  const Eigen::Matrix3d snapped = NearestRotation(rounded);
  EXPECT_LT((snapped.transpose() * snapped - Eigen::Matrix3d::Identity()).cwiseAbs().maxCoeff(), 1e-14);
  EXPECT_NEAR(snapped.determinant(), 1.0, 1e-14);
  EXPECT_NEAR(snapped(0, 0), std::sqrt(3.0) / 2, 1e-4);
}

TEST(RigidTest, ReflectionShearAndNonFiniteAreRefused) {
  Eigen::Matrix3d mirror = Eigen::Matrix3d::Identity();
  mirror(0, 0) = -1;
  ASSERT_TRUE(RotationProblem(mirror));
  EXPECT_NE(RotationProblem(mirror)->find("reflection"), std::string::npos);
  Eigen::Matrix3d shear = Eigen::Matrix3d::Identity();
  shear(0, 1) = 0.01;
  ASSERT_TRUE(RotationProblem(shear));
  EXPECT_NE(RotationProblem(shear)->find("not orthonormal"), std::string::npos);
  Eigen::Matrix3d nan = Eigen::Matrix3d::Identity();
  nan(2, 2) = std::nan("");
  EXPECT_TRUE(RotationProblem(nan));
  // A looser tolerance accepts what the default refuses.
  shear(0, 1) = 5e-4;
  EXPECT_TRUE(RotationProblem(shear));
  EXPECT_FALSE(RotationProblem(shear, 1e-3));
}

TEST(RigidTest, RigidNeedsItsLastRowAndKeepsItsTranslation) {
  Eigen::Matrix4d matrix = Eigen::Matrix4d::Identity();
  matrix.topRightCorner<3, 1>() = Eigen::Vector3d(1, 2, 3);
  EXPECT_FALSE(RigidProblem(matrix));
  EXPECT_EQ(NearestRigid(matrix).translation(), Eigen::Vector3d(1, 2, 3));
  matrix(3, 0) = 0.5;
  ASSERT_TRUE(RigidProblem(matrix));
  EXPECT_NE(RigidProblem(matrix)->find("last row"), std::string::npos);
  matrix(3, 0) = 0;
  matrix(0, 0) = 2;  // a scale
  EXPECT_TRUE(RigidProblem(matrix));
}

}  // namespace
}  // namespace spatialgen
