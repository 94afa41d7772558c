#pragma once
// Reading validated numbers, vectors and transforms from scene JSON; every error names the
// file and the key path ("objects[2].size: must be positive, got [0.3, 0, 0.2]").
#include <Eigen/Core>
#include <Eigen/Geometry>
#include <string>

#include "core/json_reader.h"
#include "core/rigid.h"

namespace spatialgen {

// A required finite number.
double ReadFiniteNumber(JsonReader& reader, const std::string& key);
// A required array of `count` finite numbers.
Eigen::VectorXd ReadFiniteArray(JsonReader& reader, const std::string& key, int count);
Eigen::Vector3d ReadVector3(JsonReader& reader, const std::string& key);
// A required `rows` x `cols` matrix written as an array of rows.
Eigen::MatrixXd ReadMatrix(JsonReader& reader, const std::string& key, int rows, int cols);
// A 3x3 rotation (array of rows): orthonormal within kRotationTolerance with det +1.
// Returns the nearest exact rotation, so downstream code sees no drift.
Eigen::Matrix3d ReadRotation(JsonReader& reader, const std::string& key);
// A rigid 4x4 transform (array of rows): rotation as above, last row [0, 0, 0, 1].
Eigen::Isometry3d ReadRigidTransform(JsonReader& reader, const std::string& key);

// "[0.3, 0, 0.2]": numbers as a person would write them, for error messages.
std::string FormatValues(const Eigen::VectorXd& values);
std::string FormatNumber(double value);

}  // namespace spatialgen
