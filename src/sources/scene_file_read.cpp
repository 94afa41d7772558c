// LoadSceneFile: strict reading and validation of the native scene format.
#include <cmath>
#include <set>
#include <sstream>

#include "sources/json_values.h"
#include "sources/mesh_io.h"
#include "scene/mesh_validation.h"
#include "sources/scene_file.h"

namespace spatialgen {
namespace {

// A path from the file, resolved against the scene file's folder; it must exist.
std::string ReadExistingPath(JsonReader& reader, const std::string& key,
                             const std::filesystem::path& folder) {
  const std::string text = reader.Require<std::string>(key);
  if (text.empty()) throw reader.Error(key, "empty path");
  const std::filesystem::path resolved = folder / text;
  if (!std::filesystem::is_regular_file(resolved)) {
    throw reader.Error(key, "file not found: " + resolved.string());
  }
  return resolved.string();
}

double ReadPositive(JsonReader& reader, const std::string& key) {
  const double value = ReadFiniteNumber(reader, key);
  if (value <= 0) {
    throw reader.Error(key, "must be positive, got " + FormatNumber(value));
  }
  return value;
}

int ReadPositiveInt(JsonReader& reader, const std::string& key) {
  const int value = reader.Require<int>(key);
  if (value <= 0) throw reader.Error(key, "must be positive, got " + std::to_string(value));
  return value;
}

// Category flags first, then the ones the file states.
void ReadFlags(JsonReader& reader, const CategoryOptions& categories, Object& object) {
  ApplyCategoryFlags(categories, object);
  reader.Read("has_front", object.has_front);
  reader.Read("movable", object.movable);
  reader.Read("support", object.support);
}

Object ReadObject(JsonReader& reader, const CategoryOptions& categories) {
  Object object;
  object.id = reader.Require<int>("id");
  if (object.id < 0) throw reader.Error("id", "must be >= 0, got " + std::to_string(object.id));
  object.label = reader.Require<std::string>("label");
  if (object.label.empty()) throw reader.Error("label", "empty label");
  object.center_in_world = ReadVector3(reader, "center");
  object.size = ReadVector3(reader, "size");
  if ((object.size.array() <= 0).any()) {
    throw reader.Error("size", "must be positive, got " + FormatValues(object.size));
  }
  if (reader.Has("rotation") && reader.Has("yaw")) {
    throw reader.Error("rotation", "give either rotation or yaw, not both");
  }
  if (reader.Has("rotation")) object.world_from_object = ReadRotation(reader, "rotation");
  if (reader.Has("yaw")) {
    object.world_from_object =
        Eigen::AngleAxisd(ReadFiniteNumber(reader, "yaw"), Eigen::Vector3d::UnitZ()).matrix();
  }
  ReadFlags(reader, categories, object);
  if (reader.Has("color")) {
    const Eigen::Vector3d color = ReadVector3(reader, "color");
    if ((color.array() < 0).any() || (color.array() > 1).any()) {
      throw reader.Error("color", "must lie in [0, 1], got " + FormatValues(color));
    }
    object.color = color.cast<float>();
  }
  reader.Finish();
  return object;
}

View ReadView(JsonReader& reader, const std::filesystem::path& folder) {
  View view;
  view.id = reader.Require<std::string>("id");
  if (view.id.empty()) throw reader.Error("id", "empty view id");
  view.width = ReadPositiveInt(reader, "width");
  view.height = ReadPositiveInt(reader, "height");
  view.intrinsics.fx = ReadPositive(reader, "fx");
  view.intrinsics.fy = ReadPositive(reader, "fy");
  view.intrinsics.cx = ReadFiniteNumber(reader, "cx");
  view.intrinsics.cy = ReadFiniteNumber(reader, "cy");
  view.cam_from_world = ReadRigidTransform(reader, "cam_from_world");
  if (reader.Has("rgb")) view.rgb_path = ReadExistingPath(reader, "rgb", folder);
  if (reader.Has("depth")) view.depth_path = ReadExistingPath(reader, "depth", folder);
  if (reader.Has("depth_scale")) view.depth_scale = ReadPositive(reader, "depth_scale");
  reader.Finish();
  return view;
}

// Absent: the run config decides. "camera_heading", null (no world frame) or a horizontal
// axis of the scene frame that a robot's base uses.
std::optional<WorldFront> ReadWorldFront(JsonReader& reader) {
  if (!reader.Has("world_front")) return std::nullopt;
  const Json& value = reader.RequireValue("world_front");
  if (value.is_null()) return WorldFront{WorldFront::Mode::kNone};
  if (value == "camera_heading") return WorldFront{WorldFront::Mode::kCameraHeading};
  if (value.is_string()) {
    throw reader.Error("world_front", "must be \"camera_heading\", null or a horizontal axis [x, y, 0], got " + value.dump());
  }
  const Eigen::Vector3d front = ReadVector3(reader, "world_front");
  if (front.norm() < 1e-9 || std::abs(front.z()) > kRotationTolerance * front.norm()) {
    throw reader.Error("world_front", "must be a horizontal, non-zero vector (or null), got " +
                                          FormatValues(front));
  }
  return WorldFront{WorldFront::Mode::kSceneAxis, Eigen::Vector3d(front.x(), front.y(), 0).normalized()};
}

void ReadMesh(JsonReader& reader, const std::filesystem::path& folder, Scene& scene) {
  if (!reader.Has("mesh")) {
    if (reader.Has("mesh_instances")) throw reader.Error("mesh_instances", "given without mesh");
    return;
  }
  const std::string mesh_path = ReadExistingPath(reader, "mesh", folder);
  try {
    scene.mesh = ReadMeshFile(mesh_path);
  } catch (const InputError& e) {
    throw reader.Error("mesh", e.reason() + ": " + mesh_path);
  }
  if (reader.Has("mesh_instances")) {
    const std::string instances_path = ReadExistingPath(reader, "mesh_instances", folder);
    const Json instances = ReadJsonFile(instances_path);
    if (!instances.is_array()) {
      throw reader.Error("mesh_instances",
                         "expected a JSON array of integers in " + instances_path);
    }
    for (const Json& value : instances) {
      if (!value.is_number_integer()) {
        throw reader.Error("mesh_instances",
                           "expected integers in " + instances_path + ", got " + value.dump());
      }
      scene.mesh.triangle_instance.push_back(value.get<int>());
    }
  }
  if (const auto problem = FindMeshGeometryProblem(scene.mesh)) {
    throw reader.Error("mesh", *problem + " in " + mesh_path);
  }
  if (const auto problem = FindMeshInstanceProblem(scene)) {
    throw reader.Error("mesh_instances", *problem);
  }
}

template <typename T, typename Key>
void CheckUnique(const std::vector<T>& items, Key key, const std::string& array,
                 const std::string& file) {
  std::set<decltype(key(items[0]))> seen;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!seen.insert(key(items[i])).second) {
      std::ostringstream id;
      id << key(items[i]);
      throw InputError({file, "", array + "[" + std::to_string(i) + "].id"},
                       "duplicate id " + id.str());
    }
  }
}

}  // namespace

Scene LoadSceneFile(const std::filesystem::path& path, const CategoryOptions& categories) {
  const Json json = ReadJsonFile(path);
  const std::filesystem::path folder = path.parent_path();
  JsonReader root(json, path.string());
  Scene scene;
  scene.id = root.Require<std::string>("id");
  if (scene.id.empty()) throw root.Error("id", "empty scene id");
  scene.source = path.string();
  try {
    scene.world_front = ReadWorldFront(root);
    for (JsonReader& reader : root.Children("objects")) {
      scene.objects.push_back(ReadObject(reader, categories));
    }
    CheckUnique(
        scene.objects, [](const Object& o) { return o.id; }, "objects", path.string());
    if (root.Has("views")) {
      for (JsonReader& reader : root.Children("views")) {
        scene.views.push_back(ReadView(reader, folder));
      }
    }
    CheckUnique(
        scene.views, [](const View& v) { return v.id; }, "views", path.string());
    ReadMesh(root, folder, scene);
    root.Finish();
  } catch (const InputError& e) {
    throw WithScene(e, scene.id);
  }
  return scene;
}

}  // namespace spatialgen
