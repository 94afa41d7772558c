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

struct Scene {
  std::string id;
  std::string source;  // the file it was loaded from, or "procedural"
  Mesh mesh;           // may be empty: then the object boxes are the geometry
  std::vector<Object> objects;
  std::vector<View> views;
  // The world front axis (SPEC section 3); nullopt when the dataset declares none, and then
  // world-frame items for the four horizontal relations are skipped.
  std::optional<Eigen::Vector3d> world_front = Eigen::Vector3d::UnitX();

  const Object* FindObject(int id) const;
};

}  // namespace spatialgen
