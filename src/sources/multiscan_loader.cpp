#include "sources/multiscan_loader.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/text.h"
#include "sources/json_values.h"

namespace spatialgen {
namespace {

// Annotation tools write these in single precision or round them; 1e-3 accepts that and
// still rejects anything that is not a box.
constexpr double kAxisTolerance = 1e-3;

// Categories that are the room itself, plus MultiScan's marker for scan parts to delete.
const std::array<std::string, 7> kSkippedCategories = {"wall",   "floor",  "ceiling", "beam",
                                                       "pillar", "column", "remove"};

std::string CategoryFromLabel(const std::string& label) {
  return CategoryKey(label.substr(0, label.find('.')));
}

bool IsSkipped(const std::string& category) {
  return std::find(kSkippedCategories.begin(), kSkippedCategories.end(), category) !=
         kSkippedCategories.end();
}

// Column i = box axis i.
Eigen::Matrix3d ReadAxes(JsonReader& obb) {
  const Eigen::VectorXd values = ReadFiniteArray(obb, "normalizedAxes", 9);
  const Eigen::Matrix3d axes = Eigen::Map<const Eigen::Matrix3d>(values.data());
  const double error =
      (axes.transpose() * axes - Eigen::Matrix3d::Identity()).cwiseAbs().maxCoeff();
  if (error > kAxisTolerance) {
    std::ostringstream message;
    message << "the three axes are not orthonormal (max |A^T A - I| = " << error << ", tolerance "
            << kAxisTolerance << "), got " << FormatValues(values);
    throw obb.Error("normalizedAxes", message.str());
  }
  return axes;
}

Eigen::Vector3d ReadLengths(JsonReader& obb) {
  const Eigen::Vector3d lengths = ReadVector3(obb, "axesLengths");
  if ((lengths.array() <= 0).any()) {
    throw obb.Error("axesLengths", "must be positive, got " + FormatValues(lengths));
  }
  return lengths;
}

Eigen::Vector3d ReadUnitVector(JsonReader& obb, const std::string& key) {
  const Eigen::Vector3d direction = ReadVector3(obb, key);
  if (std::abs(direction.norm() - 1) > kAxisTolerance) {
    throw obb.Error(key, "must be a unit vector, got " + FormatValues(direction));
  }
  return direction;
}

// A box axis with a sign: `axes.col(index) * sign`.
struct SignedAxis {
  int index = 0;
  double sign = 1;
};

// The box axis parallel to the direction given under `key`.
SignedAxis ParallelAxis(JsonReader& obb, const std::string& key, const Eigen::Matrix3d& axes) {
  const Eigen::Vector3d direction = ReadUnitVector(obb, key);
  const Eigen::Vector3d cosines = axes.transpose() * direction;
  int index = 0;
  cosines.cwiseAbs().maxCoeff(&index);
  if (1 - std::abs(cosines[index]) > kAxisTolerance) {
    throw obb.Error(key, "not parallel to any of the box axes (normalizedAxes), got " +
                             FormatValues(direction));
  }
  return {index, cosines[index] < 0 ? -1.0 : 1.0};
}

SignedAxis UpAxis(JsonReader& obb, const Eigen::Matrix3d& axes) {
  if (obb.Has("up")) return ParallelAxis(obb, "up", axes);
  int index = 0;
  axes.row(2).cwiseAbs().maxCoeff(&index);
  return {index, axes(2, index) < 0 ? -1.0 : 1.0};
}

SignedAxis FrontAxis(JsonReader& obb, const Eigen::Matrix3d& axes, const SignedAxis& up) {
  if (!obb.Has("front")) return {up.index == 0 ? 1 : 0, 1.0};
  const SignedAxis front = ParallelAxis(obb, "front", axes);
  if (front.index == up.index) throw obb.Error("front", "parallel to up");
  return front;
}

// Sets the object's rotation and size from the box axes, +x front and +z up.
void OrientBox(JsonReader& obb, Object& object) {
  const Eigen::Vector3d lengths = ReadLengths(obb);
  const Eigen::Matrix3d axes = ReadAxes(obb);
  const SignedAxis up = UpAxis(obb, axes);
  const SignedAxis front = FrontAxis(obb, axes, up);
  // Gram-Schmidt removes the (tolerated) non-orthogonality so the rotation is exact.
  const Eigen::Vector3d x = (front.sign * axes.col(front.index)).normalized();
  const Eigen::Vector3d up_axis = up.sign * axes.col(up.index);
  const Eigen::Vector3d z = (up_axis - x.dot(up_axis) * x).normalized();
  object.world_from_object.col(0) = x;
  object.world_from_object.col(1) = z.cross(x);
  object.world_from_object.col(2) = z;
  const int side = 3 - front.index - up.index;
  object.size = Eigen::Vector3d(lengths[front.index], lengths[side], lengths[up.index]);
}

// The object at `objects[index]`, or nullopt for a skipped category.
std::optional<Object> ReadObject(JsonReader& reader, int index, const CategoryOptions& categories) {
  const std::string label = reader.Require<std::string>("label");
  const std::string category = CategoryFromLabel(label);
  if (category.empty()) throw reader.Error("label", "no category in label \"" + label + "\"");
  if (IsSkipped(category)) return std::nullopt;
  Object object;
  object.id = index;
  object.label = category;
  JsonReader obb = reader.Child("obb");
  object.center_in_world = ReadVector3(obb, "centroid");
  OrientBox(obb, object);
  ApplyCategoryFlags(categories, object);
  object.has_front = object.has_front && obb.Has("front");
  return object;
}

std::string ReadSceneId(JsonReader& root, const std::filesystem::path& file) {
  if (!root.Has("scanId")) {
    const std::string name = file.filename().string();
    return name.substr(0, name.find('.'));
  }
  const std::string id = root.Require<std::string>("scanId");
  if (id.empty()) throw root.Error("scanId", "empty scan id");
  return id;
}

}  // namespace

Scene LoadMultiScanScene(const std::filesystem::path& annotation_file,
                         const CategoryOptions& categories) {
  const Json json = ReadJsonFile(annotation_file);
  JsonReader root(json, annotation_file.string());
  Scene scene;
  scene.id = ReadSceneId(root, annotation_file);
  scene.source = annotation_file.string();
  try {
    std::vector<JsonReader> records = root.Children("objects");
    for (size_t i = 0; i < records.size(); ++i) {
      if (auto object = ReadObject(records[i], int(i), categories)) {
        scene.objects.push_back(std::move(*object));
      }
    }
  } catch (const InputError& e) {
    throw WithScene(e, scene.id);
  }
  return scene;
}

}  // namespace spatialgen
