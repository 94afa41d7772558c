#pragma once
// The Scene model (SPEC section 1): an optional triangle mesh, objects with oriented boxes
// and labels, and camera views. Metres, world z up, OpenCV cameras (x right, y down,
// z forward), object frame +x front, +y left, +z up. Loaders convert to this once.
#include <Eigen/Core>
#include <Eigen/Geometry>

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace spatialgen {

struct Object {
  int id = -1;                        // unique within the scene, >= 0
  std::string label;                  // category name, e.g. "chair"
  Eigen::Vector3d center_in_world = Eigen::Vector3d::Zero();
  Eigen::Vector3d size = Eigen::Vector3d::Ones();  // full extents along the object's x, y, z
  Eigen::Matrix3d world_from_object = Eigen::Matrix3d::Identity();  // orthonormal, det +1
  bool has_front = false;             // a meaningful front face (+x)
  bool movable = false;               // can be picked up and placed
  bool support = false;               // things can be put on it
  Eigen::Vector3f color{0.6f, 0.6f, 0.6f};  // RGB in [0, 1], for box-only renders
  // How questions name it: a clean form of `label` (QuestionName) or a dataset's short name;
  // empty: the label itself. `label` stays as the data wrote it (gt/, item objects).
  std::string name;
  // Box-only scenes (scene/support_planes.h): what it stands on, found from the boxes: the top
  // of object `stands_on`, or the synthetic support plane at `stands_at_height`.
  int stands_on = -1;
  std::optional<double> stands_at_height;
  // The horizontal convex hull of its own mesh triangles (counter-clockwise, world xy), when
  // the scene has them; empty: its box's footprint stands for it.
  std::vector<Eigen::Vector2d> hull_in_world;

  const std::string& NameInQuestions() const { return name.empty() ? label : name; }
  // The 8 box corners in world coordinates; bit 0/1/2 of the index pick -/+ along x/y/z.
  std::array<Eigen::Vector3d, 8> CornersInWorld() const;
  // The object's yaw: the angle of its +x axis projected on the ground plane, in radians.
  double Yaw() const;
};

struct Mesh {
  std::vector<Eigen::Vector3f> vertices;
  std::vector<Eigen::Vector3f> vertex_colors;  // empty, or one RGB in [0, 1] per vertex
  std::vector<Eigen::Vector3i> triangles;
  std::vector<int> triangle_instance;          // empty, or one object id (or -1) per triangle

  bool empty() const { return triangles.empty(); }
};

struct Intrinsics {
  double fx = 0, fy = 0, cx = 0, cy = 0;
};

struct View {
  std::string id;
  int width = 0;
  int height = 0;
  Intrinsics intrinsics;
  Eigen::Isometry3d cam_from_world = Eigen::Isometry3d::Identity();
  std::string rgb_path;      // a photo of this view; empty when it is rendered
  std::string depth_path;    // a depth image; empty when absent
  double depth_scale = 1000.0;  // depth image units per metre

  Eigen::Vector3d CenterInWorld() const;    // the camera centre
  Eigen::Vector3d ForwardInWorld() const;   // the optical axis (camera +z) in world coordinates
  // Pixel coordinates (x right, y down; pixel centres at +0.5) of a world point, and its depth
  // along the optical axis. Returns nullopt for points at or behind the camera plane.
  std::optional<Eigen::Vector2d> Project(const Eigen::Vector3d& p_in_world,
                                         double* depth = nullptr) const;
  // The inverse of Project: the camera-frame point at `pixel` with `depth` along the optical axis.
  Eigen::Vector3d PointInCamera(const Eigen::Vector2d& pixel, double depth) const;
};

// The world frame is the robot's base frame (SPEC section 3): gravity up, and a front that is
// by default the camera's heading projected on the floor (the base of a robot whose camera
// looks ahead), so that a model can see it in the image.
struct WorldFront {
  enum class Mode {
    kCameraHeading,  // each view's own heading
    kSceneAxis,      // a fixed horizontal axis of the scene frame, that a robot's base really uses
    kNone,           // no world frame: its horizontal items are skipped
  };
  Mode mode = Mode::kCameraHeading;
  Eigen::Vector3d axis = Eigen::Vector3d::UnitX();  // for kSceneAxis: horizontal, non-zero

  bool operator==(const WorldFront&) const = default;
};

struct Scene {
  std::string id;
  std::string source;  // the file it was loaded from, or "procedural"
  Mesh mesh;           // may be empty: then the object boxes are the geometry
  std::vector<Object> objects;
  std::vector<View> views;
  // How the world frame's front is chosen (SPEC section 3) when the scene declares it (a scene
  // file's world_front); nullopt: the run config's world.front decides.
  std::optional<WorldFront> world_front;

  const Object* FindObject(int id) const;
};

}  // namespace spatialgen
