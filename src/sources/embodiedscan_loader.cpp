#include "sources/embodiedscan_loader.h"

#include <cctype>
#include <cmath>
#include <string>

#include "sources/json_values.h"

namespace spatialgen {
namespace {

// OpenCV's pixel centres are at integers, ours at +0.5.
constexpr double kPixelCentreShift = 0.5;

std::string Sanitized(std::string text) {
  for (char& c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
  }
  return text;
}

std::string RequireNonEmpty(JsonReader& reader, const std::string& key) {
  const std::string text = reader.Require<std::string>(key);
  if (text.empty()) throw reader.Error(key, "empty string");
  return text;
}

// R = Rz(a) * Rx(b) * Ry(c), EmbodiedScan's "ZXY" Euler angles.
Eigen::Matrix3d BoxRotation(double a, double b, double c) {
  return (Eigen::AngleAxisd(a, Eigen::Vector3d::UnitZ()) *
          Eigen::AngleAxisd(b, Eigen::Vector3d::UnitX()) *
          Eigen::AngleAxisd(c, Eigen::Vector3d::UnitY()))
      .toRotationMatrix();
}

Object ReadObject(JsonReader& reader, int index, const CategoryOptions& categories) {
  Object object;
  object.id = index;
  object.label = RequireNonEmpty(reader, "Name");
  const Eigen::VectorXd box = ReadMatrix(reader, "bbox_3d", 1, 9).row(0);
  object.center_in_world = box.segment<3>(0);
  object.size = box.segment<3>(3);
  if ((object.size.array() <= 0).any()) {
    throw reader.Error("bbox_3d",
                       "sizes (elements 3 to 5) must be positive, got " + FormatValues(box));
  }
  object.world_from_object = BoxRotation(box[6], box[7], box[8]);
  ApplyCategoryFlags(categories, object);
  return object;
}

Intrinsics ReadIntrinsics(JsonReader& camera) {
  const Eigen::Matrix4d matrix = ReadMatrix(camera, "intrinsic", 4, 4);
  const Eigen::Matrix3d k = matrix.topLeftCorner<3, 3>();
  if (k(0, 0) <= 0 || k(1, 1) <= 0 || k(0, 1) != 0 || k(1, 0) != 0 ||
      k.row(2) != Eigen::RowVector3d(0, 0, 1)) {
    throw camera.Error("intrinsic",
                       "top-left 3x3 must be a pinhole K [[fx, 0, cx], [0, fy, cy], [0, 0, 1]] "
                       "with fx, fy > 0, got rows " +
                           FormatValues(k.row(0).transpose()) + ", " +
                           FormatValues(k.row(1).transpose()) + ", " +
                           FormatValues(k.row(2).transpose()));
  }
  return {k(0, 0), k(1, 1), k(0, 2) + kPixelCentreShift, k(1, 2) + kPixelCentreShift};
}

Eigen::Isometry3d ReadCamFromWorld(JsonReader& camera) {
  const Eigen::Isometry3d original_from_cam = ReadRigidTransform(camera, "extrinsic");
  const Eigen::Isometry3d world_from_original =
      camera.Has("axis_align_matrix") ? ReadRigidTransform(camera, "axis_align_matrix")
                                      : Eigen::Isometry3d::Identity();
  return (world_from_original * original_from_cam).inverse();
}

void ReadImageSize(JsonReader& root, View& view) {
  const Eigen::VectorXd size = ReadFiniteArray(root, "image_size", 2);
  if ((size.array() < 1).any() || (size.array() != size.array().round()).any()) {
    throw root.Error("image_size",
                     "must be two positive integers [width, height], got " + FormatValues(size));
  }
  view.width = int(size[0]);
  view.height = int(size[1]);
}

// The photo: image_root/<image_name> (a flat folder), else where RoboSpatial's own loader
// looks, image_root/<dataset>/<scene_name>/<image_name>, else image_root/<scene_name>/<image_name>.
std::filesystem::path FindImage(JsonReader& root, const std::filesystem::path& image_root,
                                const std::string& scene_name, const std::string& image_name) {
  std::vector<std::filesystem::path> tried = {image_root / image_name};
  if (root.Has("dataset") && root.RequireValue("dataset").is_string()) {
    tried.push_back(image_root / root.RequireValue("dataset").get<std::string>() / scene_name / image_name);
  }
  tried.push_back(image_root / scene_name / image_name);
  std::string listed;
  for (const std::filesystem::path& path : tried) {
    if (std::filesystem::is_regular_file(path)) return path;
    listed += (listed.empty() ? "" : ", ") + path.string();
  }
  throw root.Error("image_name", "image not found (looked for " + listed + ")");
}

View ReadView(JsonReader& root, const std::string& id, const std::filesystem::path& rgb) {
  View view;
  view.id = id;
  view.rgb_path = rgb.string();
  ReadImageSize(root, view);
  JsonReader camera = root.Child("camera_annotations");
  view.intrinsics = ReadIntrinsics(camera);
  view.cam_from_world = ReadCamFromWorld(camera);
  return view;
}

}  // namespace

Scene LoadEmbodiedScanImage(const std::filesystem::path& file,
                            const std::filesystem::path& image_root,
                            const CategoryOptions& categories) {
  const Json json = ReadJsonFile(file);
  JsonReader root(json, file.string());
  Scene scene;
  const std::string scene_name = RequireNonEmpty(root, "scene_name");
  const std::string image_name = RequireNonEmpty(root, "image_name");
  scene.id = Sanitized(scene_name + "_" + std::filesystem::path(image_name).stem().string());
  scene.source = file.string();
  try {
    scene.views.push_back(ReadView(root, scene.id, FindImage(root, image_root, scene_name, image_name)));
    std::vector<JsonReader> records = root.Children("objects");
    for (size_t i = 0; i < records.size(); ++i) {
      scene.objects.push_back(ReadObject(records[i], int(i), categories));
    }
  } catch (const InputError& e) {
    throw WithScene(e, scene.id);
  }
  return scene;
}

}  // namespace spatialgen
