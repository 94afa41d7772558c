#include "pipeline/scene_record.h"

#include <algorithm>

#include "core/atomic_file.h"
#include "reframe/frames.h"

namespace spatialgen {
namespace {

Json Rows(const Eigen::MatrixXd& matrix) {
  Json rows = Json::array();
  for (int r = 0; r < matrix.rows(); ++r) {
    Json row = Json::array();
    for (int c = 0; c < matrix.cols(); ++c) row.push_back(matrix(r, c));
    rows.push_back(row);
  }
  return rows;
}

Json Vector(const Eigen::Vector3d& vector) { return {vector.x(), vector.y(), vector.z()}; }

std::string ModeName(WorldFront::Mode mode) {
  switch (mode) {
    case WorldFront::Mode::kCameraHeading: return "camera_heading";
    case WorldFront::Mode::kSceneAxis: return "scene_axis";
    case WorldFront::Mode::kNone: return "none";
  }
  return "";
}

}  // namespace

Json SceneRecord(const Scene& scene, const std::vector<std::string>& view_ids) {
  const WorldFront world = WorldFrontOf(scene);
  Json record = Json::object();
  record["scene"] = scene.id;
  record["conventions"] =
      "metres, world z up; cam_from_world: world to OpenCV camera (x right, y down, z forward), 4x4 row-major; "
      "K: pixel (i, j) covers [i, i+1) x [j, j+1) (OpenCV's principal point + 0.5); world_front: the world "
      "frame's +x (the robot base's front) for the view, horizontal, null when the world frame has none; "
      "world_from_object: 3x3 row-major, object +x its front, +y its left, +z up; size: full extents along the "
      "object's axes";
  record["world_front_mode"] = ModeName(world.mode);
  Json views = Json::array();
  for (const View& view : scene.views) {
    if (std::find(view_ids.begin(), view_ids.end(), view.id) == view_ids.end()) continue;
    Json entry = Json::object();
    entry["id"] = view.id;
    entry["image"] = "images/" + scene.id + "/" + view.id + ".png";
    entry["width"] = view.width;
    entry["height"] = view.height;
    Eigen::Matrix3d k = Eigen::Matrix3d::Identity();
    k(0, 0) = view.intrinsics.fx;
    k(1, 1) = view.intrinsics.fy;
    k(0, 2) = view.intrinsics.cx;
    k(1, 2) = view.intrinsics.cy;
    entry["K"] = Rows(k);
    entry["cam_from_world"] = Rows(view.cam_from_world.matrix());
    const std::optional<HorizontalFrame> frame = WorldFrame(world, view);
    entry["world_front"] = frame ? Vector(frame->front) : Json(nullptr);
    views.push_back(entry);
  }
  record["views"] = views;
  Json objects = Json::array();
  for (const Object& object : scene.objects) {
    Json entry = Json::object();
    entry["id"] = object.id;
    entry["label"] = object.label;
    entry["name"] = object.NameInQuestions();
    entry["center_in_world"] = Vector(object.center_in_world);
    entry["size"] = Vector(object.size);
    entry["world_from_object"] = Rows(object.world_from_object);
    entry["has_front"] = object.has_front;
    entry["movable"] = object.movable;
    entry["support"] = object.support;
    objects.push_back(entry);
  }
  record["objects"] = objects;
  return record;
}

void WriteSceneRecord(const Scene& scene, const std::vector<std::string>& view_ids, const std::filesystem::path& out_dir) {
  WriteFileAtomic(out_dir / "gt" / (scene.id + ".scene.json"), SceneRecord(scene, view_ids).dump(1) + "\n");
}

}  // namespace spatialgen
