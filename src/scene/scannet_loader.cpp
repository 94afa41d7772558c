#include "scene/scannet_loader.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <numbers>
#include <set>
#include <sstream>

#include "scene/mesh_io.h"
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
  fs::path mesh, segs, aggregation, meta;
};

ScanNetFiles FindFiles(const fs::path& scene_dir) {
  fs::path folder = scene_dir.lexically_normal();
  if (folder.filename().empty()) folder = folder.parent_path();  // "dir/" names no file
  const std::string id = folder.filename().string();
  return {id, folder / (id + "_vh_clean_2.ply"), folder / (id + "_vh_clean_2.0.010000.segs.json"),
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
    return Eigen::Map<Eigen::Matrix<double, 4, 4, Eigen::RowMajor>>(numbers.data());
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

Scene LoadFiles(const ScanNetFiles& files, const CategoryOptions& options) {
  Scene scene;
  scene.id = files.scene_id;
  scene.source = files.mesh.string();
  scene.mesh = ReadMeshFile(files.mesh);
  if (const auto problem = FindMeshGeometryProblem(scene.mesh)) {
    throw InputError({files.mesh.string(), "", ""}, *problem);
  }
  ApplyAlignment(ReadAxisAlignment(files.meta), scene.mesh);
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
  std::string label;
  for (char c : raw_label) label += c == '_' ? ' ' : char(std::tolower((unsigned char)c));
  label.erase(0, label.find_first_not_of(' '));
  label.erase(label.find_last_not_of(' ') + 1);
  const auto clean = kCleanNames.find(label);
  return clean == kCleanNames.end() ? label : clean->second;
}

Scene LoadScanNetScene(const fs::path& scene_dir, const CategoryOptions& options) {
  const ScanNetFiles files = FindFiles(scene_dir);
  try {
    return LoadFiles(files, options);
  } catch (const InputError& error) {
    throw WithScene(error, files.scene_id);
  }
}

}  // namespace spatialgen
