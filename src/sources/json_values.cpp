#include "sources/json_values.h"

#include <cmath>
#include <sstream>

namespace spatialgen {
namespace {

double ToFinite(const JsonReader& reader, const std::string& key, const Json& value,
                const std::string& what) {
  if (!value.is_number()) {
    throw reader.Error(key, what + " must be a finite number, got " + value.dump());
  }
  const double number = value.get<double>();
  if (!std::isfinite(number)) {
    throw reader.Error(key, what + " must be a finite number, got " + value.dump());
  }
  return number;
}

}  // namespace

double ReadFiniteNumber(JsonReader& reader, const std::string& key) {
  return ToFinite(reader, key, reader.RequireValue(key), "value");
}

Eigen::VectorXd ReadFiniteArray(JsonReader& reader, const std::string& key, int count) {
  const Json& value = reader.RequireValue(key);
  if (!value.is_array() || int(value.size()) != count) {
    throw reader.Error(
        key, "expected an array of " + std::to_string(count) + " numbers, got " + value.dump());
  }
  Eigen::VectorXd values(count);
  for (int i = 0; i < count; ++i) {
    values[i] = ToFinite(reader, key, value[i], "element " + std::to_string(i));
  }
  return values;
}

Eigen::Vector3d ReadVector3(JsonReader& reader, const std::string& key) {
  return ReadFiniteArray(reader, key, 3);
}

Eigen::MatrixXd ReadMatrix(JsonReader& reader, const std::string& key, int rows, int cols) {
  const Json& value = reader.RequireValue(key);
  const std::string shape = std::to_string(rows) + "x" + std::to_string(cols);
  if (!value.is_array() || int(value.size()) != rows) {
    throw reader.Error(key, "expected a " + shape + " matrix as an array of rows");
  }
  Eigen::MatrixXd matrix(rows, cols);
  for (int r = 0; r < rows; ++r) {
    if (!value[r].is_array() || int(value[r].size()) != cols) {
      throw reader.Error(key, "expected a " + shape + " matrix as an array of rows; row " +
                                  std::to_string(r) + " is " + value[r].dump());
    }
    for (int c = 0; c < cols; ++c) {
      matrix(r, c) = ToFinite(reader, key, value[r][c],
                              "element [" + std::to_string(r) + "][" + std::to_string(c) + "]");
    }
  }
  return matrix;
}

Eigen::Matrix3d ReadRotation(JsonReader& reader, const std::string& key) {
  const Eigen::Matrix3d rotation = ReadMatrix(reader, key, 3, 3);
  if (auto problem = RotationProblem(rotation)) throw reader.Error(key, *problem);
  return NearestRotation(rotation);
}

Eigen::Isometry3d ReadRigidTransform(JsonReader& reader, const std::string& key) {
  const Eigen::Matrix4d matrix = ReadMatrix(reader, key, 4, 4);
  if (auto problem = RigidProblem(matrix)) throw reader.Error(key, *problem);
  return NearestRigid(matrix);
}

std::string FormatNumber(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

std::string FormatValues(const Eigen::VectorXd& values) {
  std::ostringstream text;
  text << "[";
  for (Eigen::Index i = 0; i < values.size(); ++i) text << (i ? ", " : "") << values[i];
  text << "]";
  return text.str();
}

}  // namespace spatialgen
