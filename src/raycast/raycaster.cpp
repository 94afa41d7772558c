#include "raycast/raycaster.h"

#include <embree3/rtcore.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "raycast/pixel_rays.h"
#include "raycast/scene_geometry.h"

namespace spatialgen {
namespace {

// Rays per TBB task in batch queries.
constexpr size_t kRaysPerTask = 1024;

// The first error Embree reports through the device callback; the API caller throws it.
struct EmbreeErrorLog {
  std::mutex mutex;
  RTCError code = RTC_ERROR_NONE;
  std::string message;
};

void RecordEmbreeError(void* user, RTCError code, const char* message) {
  auto* log = static_cast<EmbreeErrorLog*>(user);
  std::lock_guard<std::mutex> lock(log->mutex);
  if (log->code != RTC_ERROR_NONE) return;
  log->code = code;
  log->message = message ? message : "";
}

// Pixel rows [j0, j1) and columns [i0, i1) of a view.
struct PixelRect {
  int i0 = 0, i1 = 0, j0 = 0, j1 = 0;
  int64_t area() const { return int64_t{i1 - i0} * (j1 - j0); }
};

// The pixels whose centres may see points inside the convex hull of `corners`: their projected
// 2D box, grown by a pixel against rounding; the whole image when a corner is behind the camera.
PixelRect ProjectedPixelRect(const View& view, const std::vector<Eigen::Vector3d>& corners) {
  const PixelRect image{0, view.width, 0, view.height};
  Eigen::AlignedBox2d box;
  for (const Eigen::Vector3d& corner : corners) {
    const std::optional<Eigen::Vector2d> pixel = view.Project(corner);
    if (!pixel) return image;
    box.extend(*pixel);
  }
  const auto clamp = [](double value, int hi) {
    return static_cast<int>(std::clamp(value, 0.0, static_cast<double>(hi)));
  };
  PixelRect rect;
  rect.i0 = clamp(std::floor(box.min().x()) - 1, view.width);
  rect.i1 = clamp(std::ceil(box.max().x()) + 1, view.width);
  rect.j0 = clamp(std::floor(box.min().y()) - 1, view.height);
  rect.j1 = clamp(std::ceil(box.max().y()) + 1, view.height);
  if (rect.i1 <= rect.i0 || rect.j1 <= rect.j0) return {};
  return rect;
}

// Batch queries take parallel spans: a mismatch is the caller's bug, caught before Embree reads
// past an array.
void CheckBatchSizes(const char* query, size_t a, size_t b, size_t results) {
  if (a != b || a != results) {
    throw std::invalid_argument(std::string("RayCaster::") + query + ": spans of different sizes (" +
                                std::to_string(a) + ", " + std::to_string(b) + ", " + std::to_string(results) + ")");
  }
}

std::vector<Eigen::Vector3d> BoxCorners(const Eigen::AlignedBox3f& box) {
  std::vector<Eigen::Vector3d> corners;
  for (int k = 0; k < 8; ++k) {
    corners.push_back(box.corner(static_cast<Eigen::AlignedBox3f::CornerType>(k)).cast<double>());
  }
  return corners;
}

}  // namespace

struct RayCaster::Impl {
  EmbreeErrorLog errors;
  RTCDevice device = nullptr;
  RTCScene scene = nullptr;
  SceneGeometry geometry;
  // Per object id: a scene of its own triangles (the mesh triangles it owns, or its box), so
  // that its unoccluded projection is traced with no filter callback (a filter takes Embree
  // off its fast path) and rays that miss it leave after a few boxes.
  std::unordered_map<int, RTCScene> object_scenes;
  // Per object id: points whose projection bounds the pixels its geometry can cover.
  std::unordered_map<int, std::vector<Eigen::Vector3d>> region_corners;

  ~Impl() {
    for (const auto& [id, object_scene] : object_scenes) rtcReleaseScene(object_scene);
    if (scene) rtcReleaseScene(scene);
    if (device) rtcReleaseDevice(device);
  }

  void ThrowIfError(const std::string& what) {
    std::lock_guard<std::mutex> lock(errors.mutex);
    if (errors.code == RTC_ERROR_NONE) return;
    throw std::runtime_error("Embree error " + std::to_string(errors.code) + " in " + what +
                             ": " + errors.message);
  }

  void CreateDevice() {
    device = rtcNewDevice(nullptr);
    if (!device) {
      throw std::runtime_error("Embree: cannot create a device (error " +
                               std::to_string(rtcGetDeviceError(nullptr)) + ")");
    }
    rtcSetDeviceErrorFunction(device, RecordEmbreeError, &errors);
  }

  // A committed scene of the given triangles (indices into geometry.triangles).
  RTCScene NewScene(const std::vector<Eigen::Vector3f>& vertices, const std::vector<Eigen::Vector3i>& triangles) {
    RTCScene new_scene = rtcNewScene(device);
    // Robust traversal: no rays slip through shared triangle edges, so pixel counts are exact.
    rtcSetSceneFlags(new_scene, RTC_SCENE_FLAG_ROBUST);
    if (!triangles.empty()) {
      RTCGeometry mesh = rtcNewGeometry(device, RTC_GEOMETRY_TYPE_TRIANGLE);
      void* vertex_buffer = rtcSetNewGeometryBuffer(mesh, RTC_BUFFER_TYPE_VERTEX, 0, RTC_FORMAT_FLOAT3,
                                                    sizeof(Eigen::Vector3f), vertices.size());
      void* index_buffer = rtcSetNewGeometryBuffer(mesh, RTC_BUFFER_TYPE_INDEX, 0, RTC_FORMAT_UINT3,
                                                   sizeof(Eigen::Vector3i), triangles.size());
      ThrowIfError("creating the triangle buffers");
      std::memcpy(vertex_buffer, vertices.data(), vertices.size() * sizeof(Eigen::Vector3f));
      std::memcpy(index_buffer, triangles.data(), triangles.size() * sizeof(Eigen::Vector3i));
      rtcCommitGeometry(mesh);
      rtcAttachGeometry(new_scene, mesh);
      rtcReleaseGeometry(mesh);
    }
    rtcCommitScene(new_scene);
    ThrowIfError("building the scene");
    return new_scene;
  }

  void BuildScene() { scene = NewScene(geometry.vertices, geometry.triangles); }

  // One scene per object id, of its triangles in their order, each triangle's corners in
  // their order: the same triangles Embree tests in the whole scene, so a ray hits an
  // object's scene exactly when it hits one of the object's triangles there.
  void BuildObjectScenes() {
    std::unordered_map<int, std::vector<int>> triangles_of;
    for (size_t t = 0; t < geometry.triangles.size(); ++t) {
      const int instance = geometry.triangle_instance[t];
      if (instance >= 0) triangles_of[instance].push_back(int(t));
    }
    std::vector<int> local_vertex(geometry.vertices.size(), -1);
    for (const auto& [instance, triangle_indices] : triangles_of) {
      std::vector<Eigen::Vector3f> vertices;
      std::vector<Eigen::Vector3i> triangles;
      for (int t : triangle_indices) {
        Eigen::Vector3i local;
        for (int k = 0; k < 3; ++k) {
          int& index = local_vertex[geometry.triangles[t][k]];
          if (index < 0) {
            index = int(vertices.size());
            vertices.push_back(geometry.vertices[geometry.triangles[t][k]]);
          }
          local[k] = index;
        }
        triangles.push_back(local);
      }
      for (int t : triangle_indices) {
        for (int k = 0; k < 3; ++k) local_vertex[geometry.triangles[t][k]] = -1;
      }
      object_scenes[instance] = NewScene(vertices, triangles);
    }
  }

  void CollectRegionCorners(const Scene& source) {
    std::unordered_map<int, Eigen::AlignedBox3f> mesh_bounds;
    for (int t = 0; t < geometry.mesh_triangle_count; ++t) {
      const int instance = geometry.triangle_instance[t];
      if (instance < 0) continue;
      Eigen::AlignedBox3f& bounds = mesh_bounds[instance];
      for (int k = 0; k < 3; ++k) bounds.extend(geometry.vertices[geometry.triangles[t][k]]);
    }
    for (const auto& [instance, bounds] : mesh_bounds) {
      region_corners[instance] = BoxCorners(bounds);
    }
    for (const Object& object : source.objects) {
      const auto corners = object.CornersInWorld();
      region_corners[object.id].insert(region_corners[object.id].end(), corners.begin(),
                                       corners.end());
    }
  }

  RayHit ToRayHit(const RTCRayHit& ray_hit) const {
    RayHit hit;
    if (ray_hit.hit.geomID == RTC_INVALID_GEOMETRY_ID) return hit;
    hit.t = ray_hit.ray.tfar;
    hit.primitive = static_cast<int>(ray_hit.hit.primID);
    hit.instance = geometry.triangle_instance[hit.primitive];
    hit.u = ray_hit.hit.u;
    hit.v = ray_hit.hit.v;
    const Eigen::Vector3f direction(ray_hit.ray.dir_x, ray_hit.ray.dir_y, ray_hit.ray.dir_z);
    hit.normal = Eigen::Vector3f(ray_hit.hit.Ng_x, ray_hit.hit.Ng_y, ray_hit.hit.Ng_z).normalized();
    if (hit.normal.dot(direction) > 0) hit.normal = -hit.normal;
    return hit;
  }

  // Closest hits of `count` rays on this thread, in 8-wide packets (measured as fast as
  // rtcIntersect1M streams and single rays on random and primary rays; packets kept).
  void IntersectSerial(RTCIntersectContext* context, const Eigen::Vector3f* origins,
                       const Eigen::Vector3f* directions, size_t count, RayHit* hits) const {
    for (size_t first = 0; first < count; first += 8) {
      const size_t lanes = std::min<size_t>(8, count - first);
      RTCRayHit8 packet;
      alignas(32) int valid[8];  // Embree loads the mask with aligned 8-wide moves
      for (size_t lane = 0; lane < 8; ++lane) {
        valid[lane] = lane < lanes ? -1 : 0;
        const size_t k = first + std::min(lane, lanes - 1);
        packet.ray.org_x[lane] = origins[k].x();
        packet.ray.org_y[lane] = origins[k].y();
        packet.ray.org_z[lane] = origins[k].z();
        packet.ray.dir_x[lane] = directions[k].x();
        packet.ray.dir_y[lane] = directions[k].y();
        packet.ray.dir_z[lane] = directions[k].z();
        packet.ray.tnear[lane] = 0.0f;
        packet.ray.tfar[lane] = std::numeric_limits<float>::infinity();
        packet.ray.time[lane] = 0.0f;
        packet.ray.mask[lane] = ~0u;
        packet.ray.id[lane] = 0;
        packet.ray.flags[lane] = 0;
        packet.hit.geomID[lane] = RTC_INVALID_GEOMETRY_ID;
        packet.hit.instID[0][lane] = RTC_INVALID_GEOMETRY_ID;
      }
      rtcIntersect8(valid, scene, context, &packet);
      for (size_t lane = 0; lane < lanes; ++lane) {
        RTCRayHit ray_hit;
        ray_hit.ray.dir_x = packet.ray.dir_x[lane];
        ray_hit.ray.dir_y = packet.ray.dir_y[lane];
        ray_hit.ray.dir_z = packet.ray.dir_z[lane];
        ray_hit.ray.tfar = packet.ray.tfar[lane];
        ray_hit.hit.Ng_x = packet.hit.Ng_x[lane];
        ray_hit.hit.Ng_y = packet.hit.Ng_y[lane];
        ray_hit.hit.Ng_z = packet.hit.Ng_z[lane];
        ray_hit.hit.u = packet.hit.u[lane];
        ray_hit.hit.v = packet.hit.v[lane];
        ray_hit.hit.primID = packet.hit.primID[lane];
        ray_hit.hit.geomID = packet.hit.geomID[lane];
        hits[first + lane] = ToRayHit(ray_hit);
      }
    }
  }
};

RayCaster::RayCaster(const Scene& scene) : impl_(std::make_unique<Impl>()) {
  impl_->geometry = BuildSceneGeometry(scene);
  impl_->CreateDevice();
  impl_->BuildScene();
  impl_->BuildObjectScenes();
  impl_->CollectRegionCorners(scene);
}

RayCaster::~RayCaster() = default;
RayCaster::RayCaster(RayCaster&&) noexcept = default;
RayCaster& RayCaster::operator=(RayCaster&&) noexcept = default;

double RayCaster::PlaneHitT(int primitive, const Eigen::Vector3d& origin,
                            const Eigen::Vector3d& direction) const {
  return PlaneHitsFrom(primitive, origin).T(direction);
}

RayCaster::PlaneHits RayCaster::PlaneHitsFrom(int primitive, const Eigen::Vector3d& origin) const {
  const Eigen::Vector3i& triangle = impl_->geometry.triangles.at(primitive);
  const Eigen::Vector3d v0 = impl_->geometry.vertices[triangle[0]].cast<double>();
  const Eigen::Vector3d v1 = impl_->geometry.vertices[triangle[1]].cast<double>();
  const Eigen::Vector3d v2 = impl_->geometry.vertices[triangle[2]].cast<double>();
  const Eigen::Vector3d normal = (v1 - v0).cross(v2 - v0);
  return PlaneHits(normal, normal.dot(v0 - origin));
}

size_t RayCaster::triangle_count() const { return impl_->geometry.triangles.size(); }

void RayCaster::Intersect(std::span<const Eigen::Vector3f> origins, std::span<const Eigen::Vector3f> directions,
                          std::span<RayHit> hits) const {
  CheckBatchSizes("Intersect", origins.size(), directions.size(), hits.size());
  tbb::parallel_for(tbb::blocked_range<size_t>(0, hits.size(), kRaysPerTask),
                    [&](const tbb::blocked_range<size_t>& range) {
                      RTCIntersectContext context;
                      rtcInitIntersectContext(&context);
                      impl_->IntersectSerial(&context, origins.data() + range.begin(),
                                             directions.data() + range.begin(), range.size(),
                                             hits.data() + range.begin());
                    });
}

RayHit RayCaster::Intersect(const Eigen::Vector3f& origin, const Eigen::Vector3f& direction) const {
  RTCIntersectContext context;
  rtcInitIntersectContext(&context);
  RTCRayHit ray_hit;
  ray_hit.ray.org_x = origin.x();
  ray_hit.ray.org_y = origin.y();
  ray_hit.ray.org_z = origin.z();
  ray_hit.ray.dir_x = direction.x();
  ray_hit.ray.dir_y = direction.y();
  ray_hit.ray.dir_z = direction.z();
  ray_hit.ray.tnear = 0.0f;
  ray_hit.ray.tfar = std::numeric_limits<float>::infinity();
  ray_hit.ray.time = 0.0f;
  ray_hit.ray.mask = ~0u;
  ray_hit.ray.id = 0;
  ray_hit.ray.flags = 0;
  ray_hit.hit.geomID = RTC_INVALID_GEOMETRY_ID;
  ray_hit.hit.instID[0] = RTC_INVALID_GEOMETRY_ID;
  rtcIntersect1(impl_->scene, &context, &ray_hit);
  return impl_->ToRayHit(ray_hit);
}

void RayCaster::Occluded(std::span<const Eigen::Vector3f> origins, std::span<const Eigen::Vector3f> targets,
                         std::span<uint8_t> occluded, float epsilon) const {
  CheckBatchSizes("Occluded", origins.size(), targets.size(), occluded.size());
  tbb::parallel_for(
      tbb::blocked_range<size_t>(0, occluded.size(), kRaysPerTask), [&](const tbb::blocked_range<size_t>& range) {
        RTCIntersectContext context;
        rtcInitIntersectContext(&context);
        for (size_t first = range.begin(); first < range.end(); first += 8) {
          const size_t lanes = std::min<size_t>(8, range.end() - first);
          RTCRay8 packet;
          alignas(32) int valid[8];  // Embree loads the mask with aligned 8-wide moves
          for (size_t lane = 0; lane < 8; ++lane) {
            const size_t k = first + std::min(lane, lanes - 1);
            // The direction spans the whole segment, so t = 1 is the target; stop epsilon
            // metres short of it.
            const Eigen::Vector3f direction = targets[k] - origins[k];
            const float length = direction.norm();
            valid[lane] = lane < lanes && length > epsilon ? -1 : 0;
            packet.org_x[lane] = origins[k].x();
            packet.org_y[lane] = origins[k].y();
            packet.org_z[lane] = origins[k].z();
            packet.dir_x[lane] = direction.x();
            packet.dir_y[lane] = direction.y();
            packet.dir_z[lane] = direction.z();
            packet.tnear[lane] = 0.0f;
            packet.tfar[lane] = length > epsilon ? 1.0f - epsilon / length : 0.0f;
            packet.time[lane] = 0.0f;
            packet.mask[lane] = ~0u;
            packet.id[lane] = 0;
            packet.flags[lane] = 0;
          }
          rtcOccluded8(valid, impl_->scene, &context, &packet);
          for (size_t lane = 0; lane < lanes; ++lane) {
            // Embree marks a blocked ray by setting tfar to -inf.
            occluded[first + lane] = valid[lane] && packet.tfar[lane] < 0.0f ? 1 : 0;
          }
        }
      });
}

int64_t RayCaster::UnoccludedPixelCount(const View& view, int object_id, int64_t* rays_cast,
                                        const PrimaryHits* primary) const {
  const auto corners = impl_->region_corners.find(object_id);
  if (corners == impl_->region_corners.end()) return 0;
  const size_t pixel_count = size_t(view.width) * size_t(view.height);
  if (primary && (primary->triangle.size() != pixel_count || primary->depth.size() != pixel_count)) {
    throw std::invalid_argument("RayCaster::UnoccludedPixelCount: " + std::to_string(primary->triangle.size()) +
                                " primary hits and " + std::to_string(primary->depth.size()) +
                                " depths for view " + view.id);
  }
  const PixelRect rect = ProjectedPixelRect(view, corners->second);
  if (rect.area() == 0) return 0;
  const auto object_scene = impl_->object_scenes.find(object_id);
  if (object_scene == impl_->object_scenes.end()) {
    if (rays_cast) *rays_cast += rect.area();
    return 0;
  }
  const RTCScene traced = object_scene->second;
  const std::vector<int>& triangle_instance = impl_->geometry.triangle_instance;
  const PixelRays pixel_rays(view);
  const Eigen::Vector3f origin = pixel_rays.origin_in_world();
  struct Count {
    int64_t pixels = 0, rays = 0;
  };
  const Count total = tbb::parallel_reduce(
      tbb::blocked_range<int>(rect.j0, rect.j1), Count{},
      [&](const tbb::blocked_range<int>& rows, Count count) {
        RTCIntersectContext context;
        rtcInitIntersectContext(&context);
        std::vector<int> columns;  // of the row's pixels that need a ray
        for (int j = rows.begin(); j < rows.end(); ++j) {
          columns.clear();
          for (int i = rect.i0; i < rect.i1; ++i) {
            if (!primary) {
              columns.push_back(i);
              continue;
            }
            const size_t pixel = size_t(j) * view.width + i;
            const int32_t first_hit = primary->triangle[pixel];
            if (first_hit >= 0 && triangle_instance[first_hit] == object_id) {
              ++count.pixels;
            } else if (first_hit >= 0 || primary->depth[pixel] > 0) {
              columns.push_back(i);  // something else first, or a hit the render withdrew
            }
          }
          count.rays += int64_t(columns.size());
          // Any hit on the object's own triangles counts: an occlusion query over [0, inf).
          for (size_t first = 0; first < columns.size(); first += 8) {
            const size_t lanes = std::min<size_t>(8, columns.size() - first);
            RTCRay8 packet;
            alignas(32) int valid[8];  // Embree loads the mask with aligned 8-wide moves
            for (size_t lane = 0; lane < 8; ++lane) {
              valid[lane] = lane < lanes ? -1 : 0;
              const Eigen::Vector3f direction = pixel_rays.DirectionInWorld(columns[first + std::min(lane, lanes - 1)], j);
              packet.org_x[lane] = origin.x();
              packet.org_y[lane] = origin.y();
              packet.org_z[lane] = origin.z();
              packet.dir_x[lane] = direction.x();
              packet.dir_y[lane] = direction.y();
              packet.dir_z[lane] = direction.z();
              packet.tnear[lane] = 0.0f;
              packet.tfar[lane] = std::numeric_limits<float>::infinity();
              packet.time[lane] = 0.0f;
              packet.mask[lane] = ~0u;
              packet.id[lane] = 0;
              packet.flags[lane] = 0;
            }
            rtcOccluded8(valid, traced, &context, &packet);
            // Embree marks a blocked ray by setting tfar to -inf.
            for (size_t lane = 0; lane < lanes; ++lane) count.pixels += packet.tfar[lane] < 0.0f ? 1 : 0;
          }
        }
        return count;
      },
      [](Count a, const Count& b) {
        a.pixels += b.pixels;
        a.rays += b.rays;
        return a;
      });
  if (rays_cast) *rays_cast += total.rays;
  return total.pixels;
}

Eigen::Vector3f RayCaster::SurfaceColor(const RayHit& hit) const {
  const auto& colors = impl_->geometry.corner_colors[hit.primitive];
  return (1.0f - hit.u - hit.v) * colors[0] + hit.u * colors[1] + hit.v * colors[2];
}

}  // namespace spatialgen
