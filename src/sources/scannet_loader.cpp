#include "sources/scannet_loader.h"

#include <spdlog/spdlog.h>

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <numbers>
#include <set>
#include <sstream>

#include "core/check.h"
#include "core/image_integrity.h"
#include "core/rigid.h"
#include "core/text.h"
#include "sources/json_values.h"
#include "sources/mesh_io.h"
#include "scene/mesh_validation.h"

namespace spatialgen {

const std::vector<std::string> kStructuralLabels = {"wall",   "walls",  "floor", "floors",
                                                    "ceiling", "column", "pillar", "beam"};

namespace {

namespace fs = std::filesystem;

// Boxes of flat or single-point instances still get a positive size.
constexpr double kMinBoxExtent = 1e-3;

struct ScanNetFiles {
  std::string scene_id;
  fs::path folder, mesh, segs, aggregation, meta;
};

ScanNetFiles FindFiles(const fs::path& scene_dir) {
  fs::path folder = scene_dir.lexically_normal();
  if (folder.filename().empty()) folder = folder.parent_path();  // "dir/" names no file
  const std::string id = folder.filename().string();
  return {id, folder, folder / (id + "_vh_clean_2.ply"),
          folder / (id + "_vh_clean_2.0.010000.segs.json"),
          folder / (id + ".aggregation.json"), folder / (id + ".txt")};
}

// Row-major "axisAlignment = a b c ..." from the scene's .txt; identity when absent.
Eigen::Matrix4d ReadAxisAlignment(const fs::path& meta_file) {
  std::ifstream in(meta_file);
  std::string line;
  while (in && std::getline(in, line)) {
    const size_t equals = line.find('=');
    std::string key = line.substr(0, equals);
    std::erase_if(key, [](unsigned char c) { return std::isspace(c); });
    if (equals == std::string::npos || key != "axisAlignment") continue;
    std::istringstream tokens(line.substr(equals + 1));
    std::vector<double> numbers;
    // strtod, unlike operator>>, reads "nan" and "inf", so they are reported as such.
    for (std::string token; tokens >> token;) numbers.push_back(std::strtod(token.c_str(), nullptr));
    const ErrorLocation where{meta_file.string(), "", "axisAlignment"};
    if (numbers.size() != 16) {
      throw InputError(where, "expected 16 numbers, got " + std::to_string(numbers.size()));
    }
    if (!std::all_of(numbers.begin(), numbers.end(), [](double v) { return std::isfinite(v); })) {
      throw InputError(where, "all 16 numbers must be finite, got " + line.substr(equals + 1));
    }
    // Applied to the vertices and the poses alike, so it must be rigid like the poses: a scale
    // or a shear would change every size and distance without a word.
    const Eigen::Matrix4d alignment = Eigen::Map<Eigen::Matrix<double, 4, 4, Eigen::RowMajor>>(numbers.data());
    if (auto problem = RigidProblem(alignment)) throw InputError(where, "not rigid: " + *problem);
    return NearestRigid(alignment).matrix();
  }
  spdlog::warn("{}: no axisAlignment, the scan is used as it is", meta_file.string());
  return Eigen::Matrix4d::Identity();
}

std::vector<int> ReadSegmentPerVertex(const fs::path& segs_file, size_t vertex_count) {
  const Json root = ReadJsonFile(segs_file);
  JsonReader reader(root, segs_file.string());
  const Json& indices = reader.RequireValue("segIndices");
  if (!indices.is_array() || indices.size() != vertex_count) {
    throw reader.Error("segIndices", "expected an array with one segment id per mesh vertex (" +
                                         std::to_string(vertex_count) + "), got " +
                                         (indices.is_array() ? std::to_string(indices.size())
                                                             : std::string(indices.type_name())));
  }
  std::vector<int> segments;
  segments.reserve(vertex_count);
  for (const Json& id : indices) {
    if (!id.is_number_integer()) throw reader.Error("segIndices", "non-integer id " + id.dump());
    segments.push_back(id.get<int>());
  }
  return segments;
}

struct SegmentGroup {
  int object_id;
  std::string label;
  std::vector<int> segments;
};

std::vector<SegmentGroup> ReadSegmentGroups(const fs::path& aggregation_file,
                                            const std::vector<int>& segment_per_vertex) {
  const Json root = ReadJsonFile(aggregation_file);
  JsonReader reader(root, aggregation_file.string());
  const std::set<int> known_segments(segment_per_vertex.begin(), segment_per_vertex.end());
  std::set<int> object_ids;
  std::vector<SegmentGroup> groups;
  for (JsonReader& group : reader.Children("segGroups")) {
    SegmentGroup read{group.Require<int>("objectId"), group.Require<std::string>("label"),
                      group.Require<std::vector<int>>("segments")};
    if (read.object_id < 0 || !object_ids.insert(read.object_id).second) {
      throw group.Error("objectId", "must be unique and >= 0, got " +
                                        std::to_string(read.object_id));
    }
    for (int segment : read.segments) {
      if (!known_segments.count(segment)) {
        throw group.Error("segments", "segment " + std::to_string(segment) +
                                          " is not in the segs file's segIndices");
      }
    }
    groups.push_back(std::move(read));
  }
  return groups;
}

bool IsStructural(const std::string& label) {
  return std::find(kStructuralLabels.begin(), kStructuralLabels.end(), label) !=
         kStructuralLabels.end();
}

std::vector<int> InstancePerVertex(const std::vector<int>& segment_per_vertex,
                                   const std::vector<SegmentGroup>& object_groups) {
  std::map<int, int> instance_of_segment;
  for (const SegmentGroup& group : object_groups) {
    for (int segment : group.segments) instance_of_segment.emplace(segment, group.object_id);
  }
  std::vector<int> instances(segment_per_vertex.size(), -1);
  for (size_t v = 0; v < instances.size(); ++v) {
    const auto found = instance_of_segment.find(segment_per_vertex[v]);
    if (found != instance_of_segment.end()) instances[v] = found->second;
  }
  return instances;
}

std::vector<int> InstancePerTriangle(const Mesh& mesh, const std::vector<int>& vertex_instance) {
  std::vector<int> instances;
  instances.reserve(mesh.triangles.size());
  for (const Eigen::Vector3i& triangle : mesh.triangles) {
    const int a = vertex_instance[triangle[0]], b = vertex_instance[triangle[1]],
              c = vertex_instance[triangle[2]];
    instances.push_back(a == b || a == c ? a : (b == c ? b : -1));
  }
  return instances;
}

double Cross(const Eigen::Vector2d& o, const Eigen::Vector2d& a, const Eigen::Vector2d& b) {
  return (a - o).x() * (b - o).y() - (a - o).y() * (b - o).x();
}

// Counter-clockwise convex hull (Andrew's monotone chain), collinear points dropped.
std::vector<Eigen::Vector2d> ConvexHull(std::vector<Eigen::Vector2d> points) {
  std::sort(points.begin(), points.end(), [](const auto& p, const auto& q) {
    return p.x() < q.x() || (p.x() == q.x() && p.y() < q.y());
  });
  points.erase(std::unique(points.begin(), points.end()), points.end());
  if (points.size() < 3) return points;
  std::vector<Eigen::Vector2d> hull(2 * points.size());
  size_t k = 0;
  for (size_t i = 0; i < points.size(); ++i) {  // lower hull
    while (k >= 2 && Cross(hull[k - 2], hull[k - 1], points[i]) <= 0) --k;
    hull[k++] = points[i];
  }
  for (size_t i = points.size() - 1, lower = k + 1; i-- > 0;) {  // upper hull
    while (k >= lower && Cross(hull[k - 2], hull[k - 1], points[i]) <= 0) --k;
    hull[k++] = points[i];
  }
  hull.resize(k - 1);
  return hull;
}

// Extents of `points` along the direction at `angle` and its left normal: min and max each.
Eigen::Vector4d ExtentsAlong(const std::vector<Eigen::Vector2d>& points, double angle) {
  const Eigen::Vector2d u(std::cos(angle), std::sin(angle)), v(-u.y(), u.x());
  Eigen::Vector4d extents(INFINITY, -INFINITY, INFINITY, -INFINITY);
  for (const Eigen::Vector2d& p : points) {
    extents = {std::min(extents[0], p.dot(u)), std::max(extents[1], p.dot(u)),
               std::min(extents[2], p.dot(v)), std::max(extents[3], p.dot(v))};
  }
  return extents;
}

// The minimum-area enclosing rectangle has a side along a hull edge, so trying every edge
// direction is exact. Returns its direction folded into [-45, 45) degrees.
double MinAreaRectangleAngle(const std::vector<Eigen::Vector2d>& hull) {
  double best_angle = 0, best_area = INFINITY;
  for (size_t i = 0; i < hull.size(); ++i) {
    const Eigen::Vector2d edge = hull[(i + 1) % hull.size()] - hull[i];
    if (edge.norm() == 0) continue;
    const double angle = std::atan2(edge.y(), edge.x());
    const Eigen::Vector4d e = ExtentsAlong(hull, angle);
    const double area = (e[1] - e[0]) * (e[3] - e[2]);
    if (area < best_area) best_area = area, best_angle = angle;
  }
  const double quarter = std::numbers::pi / 2;
  return best_angle - quarter * std::floor((best_angle + quarter / 2) / quarter);
}

Object FitUprightBox(const std::vector<Eigen::Vector3d>& points) {
  std::vector<Eigen::Vector2d> ground;
  double z_min = INFINITY, z_max = -INFINITY;
  for (const Eigen::Vector3d& p : points) {
    ground.push_back(p.head<2>());
    z_min = std::min(z_min, p.z());
    z_max = std::max(z_max, p.z());
  }
  const std::vector<Eigen::Vector2d> hull = ConvexHull(ground);
  const double yaw = MinAreaRectangleAngle(hull);
  const Eigen::Vector4d e = ExtentsAlong(hull, yaw);
  Object object;
  object.world_from_object = Eigen::AngleAxisd(yaw, Eigen::Vector3d::UnitZ()).matrix();
  const Eigen::Vector3d center_in_object(0.5 * (e[0] + e[1]), 0.5 * (e[2] + e[3]),
                                         0.5 * (z_min + z_max));
  object.center_in_world = object.world_from_object * center_in_object;
  object.center_in_world.z() = center_in_object.z();
  object.size = Eigen::Vector3d(e[1] - e[0], e[3] - e[2], z_max - z_min).cwiseMax(kMinBoxExtent);
  return object;
}

void ApplyAlignment(const Eigen::Matrix4d& alignment, Mesh& mesh) {
  const Eigen::Affine3d transform(alignment);
  for (Eigen::Vector3f& v : mesh.vertices) v = (transform * v.cast<double>()).cast<float>();
}

std::vector<Object> InstanceBoxes(const Mesh& mesh, const std::vector<int>& vertex_instance,
                                  const std::vector<SegmentGroup>& object_groups,
                                  const std::string& aggregation_file) {
  std::map<int, std::vector<Eigen::Vector3d>> points_of_instance;
  for (size_t v = 0; v < vertex_instance.size(); ++v) {
    if (vertex_instance[v] >= 0) {
      points_of_instance[vertex_instance[v]].push_back(mesh.vertices[v].cast<double>());
    }
  }
  std::vector<Object> objects;
  for (const SegmentGroup& group : object_groups) {
    const auto points = points_of_instance.find(group.object_id);
    if (points == points_of_instance.end()) {  // its segments all went to earlier groups
      spdlog::warn("{}: objectId {} has no vertices of its own; skipped", aggregation_file,
                   group.object_id);
      continue;
    }
    Object object = FitUprightBox(points->second);
    object.id = group.object_id;
    object.label = group.label;
    objects.push_back(std::move(object));
  }
  return objects;
}

// A 4x4 matrix written as 16 numbers, row-major (ScanNet's pose and intrinsic files). strtod,
// unlike operator>>, reads "-inf", which is how ScanNet marks an invalid pose.
Eigen::Matrix4d ReadMatrixFile(const fs::path& file) {
  const ErrorLocation where{file.string(), "", ""};
  std::ifstream in(file);
  if (!in) throw InputError(where, "cannot open the file");
  std::vector<double> numbers;
  for (std::string token; in >> token;) {
    char* end = nullptr;
    numbers.push_back(std::strtod(token.c_str(), &end));
    if (*end != '\0') throw InputError(where, "not a number: \"" + token + "\"");
  }
  if (numbers.size() != 16) {
    throw InputError(where, "expected a 4x4 matrix (16 numbers), got " +
                                std::to_string(numbers.size()) + " numbers");
  }
  return Eigen::Map<Eigen::Matrix<double, 4, 4, Eigen::RowMajor>>(numbers.data());
}

// The rigid transform nearest to `matrix` (see core/rigid.h); an InputError at `where` when
// it is not rigid within the tolerance.
Eigen::Isometry3d RequireRigid(const Eigen::Matrix4d& matrix, const ErrorLocation& where) {
  if (auto problem = RigidProblem(matrix)) throw InputError(where, *problem);
  return NearestRigid(matrix);
}

// K in the top-left 3x3. OpenCV puts pixel centres at integers, we at +0.5 (scene.h).
Intrinsics ReadColorIntrinsics(const fs::path& file) {
  const Eigen::Matrix4d k = ReadMatrixFile(file);
  if (!k.allFinite() || !(k(0, 0) > 0) || !(k(1, 1) > 0)) {
    throw InputError({file.string(), "", ""}, "K must be finite with fx, fy > 0");
  }
  return {k(0, 0), k(1, 1), k(0, 2) + 0.5, k(1, 2) + 0.5};
}

// Frame ids N (digits only) with both pose/N.txt and color/N.jpg, in numeric order: by
// length, then by text, which is numeric order for unpadded and equally padded ids alike.
std::vector<std::string> FramesWithPhotos(const fs::path& folder) {
  std::vector<std::string> frames;
  for (const auto& entry : fs::directory_iterator(folder / "pose")) {
    const std::string id = entry.path().stem().string();
    const bool numeric = !id.empty() && std::all_of(id.begin(), id.end(), [](unsigned char c) {
      return std::isdigit(c);
    });
    if (numeric && entry.path().extension() == ".txt" &&
        fs::exists(folder / "color" / (id + ".jpg"))) {
      frames.push_back(id);
    }
  }
  std::sort(frames.begin(), frames.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  });
  return frames;
}

View PhotoView(const fs::path& folder, const std::string& frame, const Intrinsics& intrinsics,
               const Eigen::Isometry3d& world_from_cam) {
  View view;
  view.id = "f" + frame;
  view.rgb_path = (folder / "color" / (frame + ".jpg")).string();
  // Decoded in full rather than sized from its header (core/image_header.h): a photo that
  // cannot be decoded fails its scene here, not when its items are drawn.
  if (auto problem = ViewImageProblem(view.rgb_path)) throw InputError({view.rgb_path, "", ""}, *problem);
  const cv::Mat photo = cv::imread(view.rgb_path, cv::IMREAD_UNCHANGED);
  if (photo.empty()) throw InputError({view.rgb_path, "", ""}, "cannot decode the image");
  view.width = photo.cols;
  view.height = photo.rows;
  view.intrinsics = intrinsics;
  view.cam_from_world = world_from_cam.inverse();
  const fs::path depth = folder / "depth" / (frame + ".png");
  if (fs::exists(depth)) {
    if (auto problem = ViewImageProblem(depth)) throw InputError({depth.string(), "", ""}, *problem);
    view.depth_path = depth.string();
  }
  view.depth_scale = 1000.0;  // ScanNet depth is in millimetres
  return view;
}

// One view per frame_step-th posed photo; none when the folder has no pose/.
std::vector<View> ReadPosedViews(const ScanNetFiles& files, const Eigen::Matrix4d& alignment,
                                 int frame_step) {
  if (frame_step < 1) {
    throw FieldError("frame_step", "must be > 0, got " + std::to_string(frame_step));
  }
  if (!fs::is_directory(files.folder / "pose")) return {};
  // Poses are in the scan's original frame; the alignment (rigid, see ReadAxisAlignment) moves
  // them with the vertices.
  const Eigen::Isometry3d aligned_from_original(alignment);
  const Intrinsics intrinsics =
      ReadColorIntrinsics(files.folder / "intrinsic" / "intrinsic_color.txt");
  const std::vector<std::string> frames = FramesWithPhotos(files.folder);
  std::vector<View> views;
  int invalid_poses = 0;
  for (size_t i = 0; i < frames.size(); i += frame_step) {
    const fs::path pose_file = files.folder / "pose" / (frames[i] + ".txt");
    const Eigen::Matrix4d original_from_cam = ReadMatrixFile(pose_file);
    if (!original_from_cam.allFinite()) {
      ++invalid_poses;
      continue;
    }
    views.push_back(PhotoView(files.folder, frames[i], intrinsics,
                              aligned_from_original *
                                  RequireRigid(original_from_cam, {pose_file.string(), "", ""})));
  }
  if (invalid_poses > 0) {
    spdlog::warn("{}: {} of the selected frames have non-finite (invalid) poses; skipped",
                 (files.folder / "pose").string(), invalid_poses);
  }
  return views;
}

Scene LoadFiles(const ScanNetFiles& files, const CategoryOptions& options, int frame_step) {
  Scene scene;
  scene.id = files.scene_id;
  scene.source = files.mesh.string();
  scene.mesh = ReadMeshFile(files.mesh);
  if (const auto problem = FindMeshGeometryProblem(scene.mesh)) {
    throw InputError({files.mesh.string(), "", ""}, *problem);
  }
  const Eigen::Matrix4d alignment = ReadAxisAlignment(files.meta);
  ApplyAlignment(alignment, scene.mesh);
  const std::vector<int> segment_per_vertex =
      ReadSegmentPerVertex(files.segs, scene.mesh.vertices.size());
  std::vector<SegmentGroup> object_groups;
  for (SegmentGroup& group : ReadSegmentGroups(files.aggregation, segment_per_vertex)) {
    group.label = NormalizeScanNetLabel(group.label);
    if (!IsStructural(group.label)) object_groups.push_back(std::move(group));
  }
  const std::vector<int> vertex_instance = InstancePerVertex(segment_per_vertex, object_groups);
  scene.mesh.triangle_instance = InstancePerTriangle(scene.mesh, vertex_instance);
  scene.objects =
      InstanceBoxes(scene.mesh, vertex_instance, object_groups, files.aggregation.string());
  ApplyCategoryFlags(options, scene);
  for (Object& object : scene.objects) object.has_front = false;  // the box fit has no front
  scene.views = ReadPosedViews(files, alignment, frame_step);
  return scene;
}

}  // namespace

std::string NormalizeScanNetLabel(const std::string& raw_label) {
  static const std::map<std::string, std::string> kCleanNames = {
      {"trash can", "trash bin"},       {"kitchen cabinets", "kitchen cabinet"},
      {"bookshelves", "bookshelf"},     {"shelves", "shelf"},
      {"couch", "sofa"},                {"doors", "door"},
      {"windows", "window"},            {"books", "book"},
      {"cabinets", "cabinet"},          {"pictures", "picture"},
      {"tv", "television"},             {"sofa chair", "armchair"}};
  const std::string label = CategoryKey(raw_label);
  const auto clean = kCleanNames.find(label);
  return clean == kCleanNames.end() ? label : clean->second;
}

Scene LoadScanNetScene(const fs::path& scene_dir, const CategoryOptions& options,
                       int frame_step) {
  const ScanNetFiles files = FindFiles(scene_dir);
  try {
    return LoadFiles(files, options, frame_step);
  } catch (const InputError& error) {
    throw WithScene(error, files.scene_id);
  }
}

}  // namespace spatialgen
