// SaveSceneFile: the native scene format, written so that LoadSceneFile reads it back.
#include <cmath>

#include "core/atomic_file.h"
#include "sources/mesh_io.h"
#include "sources/scene_file.h"

namespace spatialgen {
namespace {

using OrderedJson = nlohmann::ordered_json;

OrderedJson Rows(const Eigen::MatrixXd& matrix) {
  OrderedJson rows = OrderedJson::array();
  for (Eigen::Index r = 0; r < matrix.rows(); ++r) {
    OrderedJson row = OrderedJson::array();
    for (Eigen::Index c = 0; c < matrix.cols(); ++c) row.push_back(matrix(r, c));
    rows.push_back(row);
  }
  return rows;
}

OrderedJson Array3(const Eigen::Vector3d& v) { return {v.x(), v.y(), v.z()}; }

// Colours are stored as floats; rounding keeps the file readable (0.6, not 0.60000002384).
double RoundColor(float c) { return std::round(double(c) * 1e6) / 1e6; }

bool IsYawOnly(const Eigen::Matrix3d& rotation) {
  return (rotation.col(2) - Eigen::Vector3d::UnitZ()).cwiseAbs().maxCoeff() < 1e-12;
}

OrderedJson ObjectJson(const Object& object) {
  OrderedJson json;
  json["id"] = object.id;
  json["label"] = object.label;
  json["center"] = Array3(object.center_in_world);
  json["size"] = Array3(object.size);
  if (IsYawOnly(object.world_from_object)) {
    json["yaw"] = object.Yaw();
  } else {
    json["rotation"] = Rows(object.world_from_object);
  }
  json["has_front"] = object.has_front;
  json["movable"] = object.movable;
  json["support"] = object.support;
  json["color"] = {RoundColor(object.color.x()), RoundColor(object.color.y()),
                   RoundColor(object.color.z())};
  return json;
}

std::string RelativePath(const std::string& path, const std::filesystem::path& folder) {
  const std::filesystem::path relative =
      std::filesystem::absolute(path).lexically_relative(std::filesystem::absolute(folder));
  return relative.empty() ? std::filesystem::absolute(path).string() : relative.string();
}

OrderedJson ViewJson(const View& view, const std::filesystem::path& folder) {
  OrderedJson json;
  json["id"] = view.id;
  json["width"] = view.width;
  json["height"] = view.height;
  json["fx"] = view.intrinsics.fx;
  json["fy"] = view.intrinsics.fy;
  json["cx"] = view.intrinsics.cx;
  json["cy"] = view.intrinsics.cy;
  json["cam_from_world"] = Rows(view.cam_from_world.matrix());
  if (!view.rgb_path.empty()) json["rgb"] = RelativePath(view.rgb_path, folder);
  if (!view.depth_path.empty()) json["depth"] = RelativePath(view.depth_path, folder);
  json["depth_scale"] = view.depth_scale;
  return json;
}

}  // namespace

void SaveSceneFile(const Scene& scene, const std::filesystem::path& path) {
  const std::filesystem::path folder = path.parent_path();
  OrderedJson json;
  json["id"] = scene.id;
  if (!scene.mesh.empty()) {
    const std::string mesh_name = path.stem().string() + ".ply";
    WriteMeshFile(scene.mesh, folder / mesh_name);
    json["mesh"] = mesh_name;
    if (!scene.mesh.triangle_instance.empty()) {
      const std::string instances_name = path.stem().string() + ".instances.json";
      WriteFileAtomic(folder / instances_name, OrderedJson(scene.mesh.triangle_instance).dump());
      json["mesh_instances"] = instances_name;
    }
  }
  if (scene.world_front) {
    switch (scene.world_front->mode) {
      case WorldFront::Mode::kCameraHeading: json["world_front"] = "camera_heading"; break;
      case WorldFront::Mode::kSceneAxis: json["world_front"] = Array3(scene.world_front->axis); break;
      case WorldFront::Mode::kNone: json["world_front"] = nullptr; break;
    }
  }
  json["objects"] = OrderedJson::array();
  for (const Object& object : scene.objects) json["objects"].push_back(ObjectJson(object));
  json["views"] = OrderedJson::array();
  for (const View& view : scene.views) json["views"].push_back(ViewJson(view, folder));
  WriteFileAtomic(path, json.dump(2) + "\n");
}

}  // namespace spatialgen
