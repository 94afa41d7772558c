#include "sources/scan2cad_loader.h"

#include <cmath>

#include "core/rigid.h"
#include "sources/json_values.h"
#include "sources/mesh_io.h"
#include "scene/mesh_validation.h"

namespace spatialgen {

const std::map<std::string, std::string> kShapeNetCategories = {
    {"02747177", "trash bin"},  {"02773838", "bag"},         {"02801938", "basket"},
    {"02808440", "bathtub"},    {"02818832", "bed"},         {"02828884", "bench"},
    {"02871439", "bookshelf"},  {"02876657", "bottle"},      {"02880940", "bowl"},
    {"02933112", "cabinet"},    {"02946921", "can"},         {"03001627", "chair"},
    {"03046257", "clock"},      {"03085013", "keyboard"},    {"03207941", "dishwasher"},
    {"03211117", "monitor"},    {"03337140", "file cabinet"}, {"03593526", "jar"},
    {"03636649", "lamp"},       {"03642806", "laptop"},      {"03691459", "loudspeaker"},
    {"03761084", "microwave"},  {"03797390", "mug"},         {"03928116", "piano"},
    {"03938244", "pillow"},     {"03991062", "flower pot"},  {"04004475", "printer"},
    {"04256520", "sofa"},       {"04330267", "stove"},       {"04379243", "table"},
    {"04401088", "telephone"},  {"04554684", "washing machine"}};

namespace {

namespace fs = std::filesystem;

// Quaternions are stored as unit; more than this off means a wrong value, not rounding.
constexpr double kQuaternionNormTolerance = 1e-3;

// Columns: the CAD axes that hold the object's +x (front), +y (left) and +z (up).
const Eigen::Matrix3d kCadFromObject =
    (Eigen::Matrix3d() << 0, -1, 0, 0, 0, 1, -1, 0, 0).finished();

// M(t, q, s) = T(t) R(q) S(s) from a record's {translation, rotation, scale}.
Eigen::Affine3d ReadTrs(JsonReader& parent) {
  JsonReader trs = parent.Child("trs");
  const Eigen::Vector3d translation = ReadVector3(trs, "translation");
  const Eigen::VectorXd wxyz = ReadFiniteArray(trs, "rotation", 4);
  if (std::abs(wxyz.norm() - 1) > kQuaternionNormTolerance) {
    throw trs.Error("rotation", "quaternion (w, x, y, z) must have norm 1, got " +
                                    FormatValues(wxyz));
  }
  const Eigen::Vector3d scale = ReadVector3(trs, "scale");
  if ((scale.array() <= 0).any()) {
    throw trs.Error("scale", "must be positive, got " + FormatValues(scale));
  }
  const Eigen::Quaterniond rotation(wxyz[0], wxyz[1], wxyz[2], wxyz[3]);
  return Eigen::Translation3d(translation) * rotation.normalized() * Eigen::Scaling(scale);
}

// The box of one aligned model in the scan frame; `scan_from_s2c` = inverse(M_scan).
Object ReadAlignedModel(JsonReader& model, const Eigen::Affine3d& scan_from_s2c) {
  const Eigen::Affine3d s2c_from_cad = ReadTrs(model);
  const Eigen::Vector3d center = ReadVector3(model, "center");
  const Eigen::Vector3d half_extents = ReadVector3(model, "bbox");
  if ((half_extents.array() <= 0).any()) {
    throw model.Error("bbox", "half extents must be positive, got " + FormatValues(half_extents));
  }
  const Eigen::Affine3d scan_from_unit_box =
      scan_from_s2c * s2c_from_cad * Eigen::Translation3d(center) * Eigen::Scaling(half_extents);
  const Eigen::Matrix3d axes = scan_from_unit_box.linear() * kCadFromObject;
  Object object;
  object.center_in_world = scan_from_unit_box.translation();
  object.size = 2 * axes.colwise().norm().transpose();
  object.world_from_object = axes * object.size.cwiseInverse().asDiagonal() * 2;
  // Anything but a rotation left after taking out the axis lengths is shear or a reflection.
  if (auto problem = RotationProblem(object.world_from_object)) {
    throw model.Error("trs", "the box transform is not a rotation and a scale: its rotation part is " + *problem);
  }
  const std::string synset = model.Require<std::string>("catid_cad");
  const auto category = kShapeNetCategories.find(synset);
  object.label = category == kShapeNetCategories.end() ? "object" : category->second;
  return object;
}

// "scene0470_00" from "scene0470_00_vh_clean_2.ply".
std::string SceneIdOfMesh(const fs::path& mesh_file) {
  const std::string stem = mesh_file.stem().string();
  return stem.substr(0, stem.find("_vh_clean"));
}

const Json& FindRecord(const Json& root, const std::string& file, const std::string& scene_id,
                       std::string& record_path) {
  if (!root.is_array() || root.empty()) {
    throw InputError({file, "", "(root)"}, "expected a non-empty JSON list of Scan2CAD records");
  }
  for (size_t i = 0; i < root.size(); ++i) {
    const bool matches = root[i].is_object() && root[i].value("id_scan", "") == scene_id;
    if (matches || root.size() == 1) {
      record_path = "[" + std::to_string(i) + "]";
      return root[i];
    }
  }
  throw InputError({file, "", "id_scan"}, "no record for scan " + scene_id);
}

std::vector<Object> ReadObjects(const Json& root, const std::string& file,
                                const std::string& scene_id) {
  std::string record_path;
  const Json& record = FindRecord(root, file, scene_id, record_path);
  JsonReader reader(record, file, record_path);
  const Eigen::Affine3d scan_from_s2c = ReadTrs(reader).inverse();
  std::vector<Object> objects;
  for (JsonReader& model : reader.Children("aligned_models")) {
    objects.push_back(ReadAlignedModel(model, scan_from_s2c));
    objects.back().id = int(objects.size()) - 1;
  }
  return objects;
}

// Gives each mesh triangle whose centroid lies in an object's box (grown by `margin`) to that
// object, the smallest such box winning: the scan itself then shows the objects in instance
// renders, instead of their boxes being added as extra geometry.
void AssignTrianglesToBoxes(Scene& scene, double margin) {
  scene.mesh.triangle_instance.assign(scene.mesh.triangles.size(), -1);
  std::vector<double> owner_volume(scene.mesh.triangles.size(), std::numeric_limits<double>::infinity());
  for (const Object& object : scene.objects) {
    const Eigen::Matrix3d object_from_world = object.world_from_object.transpose();
    const Eigen::Vector3d half_size = 0.5 * object.size + Eigen::Vector3d::Constant(margin);
    const double volume = object.size.prod();
    for (size_t t = 0; t < scene.mesh.triangles.size(); ++t) {
      const Eigen::Vector3i& triangle = scene.mesh.triangles[t];
      const Eigen::Vector3d centroid = (scene.mesh.vertices[triangle[0]] + scene.mesh.vertices[triangle[1]] +
                                        scene.mesh.vertices[triangle[2]]).cast<double>() / 3.0;
      const Eigen::Vector3d local = object_from_world * (centroid - object.center_in_world);
      if ((local.cwiseAbs().array() <= half_size.array()).all() && volume < owner_volume[t]) {
        scene.mesh.triangle_instance[t] = object.id;
        owner_volume[t] = volume;
      }
    }
  }
}

}  // namespace

Scene LoadScan2CadScene(const fs::path& annotation_file, const fs::path& mesh_file,
                        const CategoryOptions& options, double triangle_box_margin) {
  Scene scene;
  scene.id = SceneIdOfMesh(mesh_file);
  scene.source = annotation_file.string();
  try {
    scene.objects = ReadObjects(ReadJsonFile(annotation_file), annotation_file.string(), scene.id);
    scene.mesh = ReadMeshFile(mesh_file);
    if (const auto problem = FindMeshGeometryProblem(scene.mesh)) {
      throw InputError({mesh_file.string(), "", ""}, *problem);
    }
  } catch (const InputError& error) {
    throw WithScene(error, scene.id);
  }
  ApplyCategoryFlags(options, scene);
  AssignTrianglesToBoxes(scene, triangle_box_margin);
  return scene;
}

}  // namespace spatialgen
