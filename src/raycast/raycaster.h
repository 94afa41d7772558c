#pragma once
// Closest-hit and occlusion queries against a scene's geometry (Embree behind a private
// implementation). The geometry is the scene mesh plus the oriented box of every object that
// owns no mesh triangle, so box-only scenes occlude with their boxes.
//
// Batch queries take spans of N elements each (shapes documented per query) and are parallel
// (TBB) and thread-safe; a RayCaster is immutable once built. Embree failures throw
// std::runtime_error.
#include <Eigen/Core>

#include <cstdint>
#include <limits>
#include <memory>
#include <span>

#include "scene/scene.h"

namespace spatialgen {

struct RayHit {
  // Ray parameter of the hit, in units of the direction's length; +inf on a miss.
  float t = std::numeric_limits<float>::infinity();
  int instance = -1;   // object id of the hit triangle; -1 on a miss or an unlabelled surface
  int primitive = -1;  // triangle index (mesh triangles keep their index); -1 on a miss
  float u = 0, v = 0;  // barycentric coordinates of the hit in that triangle
  Eigen::Vector3f normal = Eigen::Vector3f::Zero();  // unit geometric normal, facing the ray

  bool hit() const { return primitive >= 0; }
};

// What a render of a view found at each pixel (w*h each, row-major): the triangle its primary
// ray hits first in the caster's scene (ViewRender::primitive: -1 for none, or where the render
// withdrew it), and that hit's depth (ViewRender::depth: 0 where the ray hits nothing).
struct PrimaryHits {
  std::span<const int32_t> triangle;
  std::span<const float> depth;
};

class RayCaster {
 public:
  // Throws InputError when the scene mesh is malformed.
  explicit RayCaster(const Scene& scene);
  ~RayCaster();
  RayCaster(RayCaster&&) noexcept;
  RayCaster& operator=(RayCaster&&) noexcept;
  RayCaster(const RayCaster&) = delete;
  RayCaster& operator=(const RayCaster&) = delete;

  // Closest hit of each ray origins[k] + t * directions[k], t in [0, inf), for N rays:
  //   origins, directions  N points / vectors in world coordinates (directions need not be
  //                        unit length; t is in units of their length)
  //   hits                 N results; a miss has t = +inf and primitive = instance = -1.
  // Throws std::invalid_argument when the three sizes differ.
  void Intersect(std::span<const Eigen::Vector3f> origins, std::span<const Eigen::Vector3f> directions,
                 std::span<RayHit> hits) const;
  // One ray, traced on its own (the reference for the batched path).
  RayHit Intersect(const Eigen::Vector3f& origin, const Eigen::Vector3f& direction) const;

  // Whether each of N segments origins[k] -> targets[k] (world points) is blocked:
  //   occluded  N results, 1 when something lies on the segment, else 0.
  // The segment stops `epsilon` metres before the target, so a target lying on a surface is
  // not blocked by that surface; a segment shorter than epsilon is never blocked. Throws
  // std::invalid_argument when the three sizes differ.
  void Occluded(std::span<const Eigen::Vector3f> origins, std::span<const Eigen::Vector3f> targets,
                std::span<uint8_t> occluded, float epsilon = kDefaultOcclusionEpsilon) const;

  // The number of pixels of `view` whose primary ray hits `object_id`'s own geometry, as if
  // nothing else existed (its unoccluded projection). Only pixels inside the projected 2D box
  // of the object's box corners (and of its mesh triangles' bounds) are traced; the whole
  // image when a corner lies behind the camera. 0 for an id without geometry. Adds the
  // number of rays traced to *rays_cast when given.
  // With `primary`, the pixels a render of the view decides need no ray: one whose first hit
  // is the object's counts, one whose ray hits nothing does not (the object is part of the
  // scene).
  int64_t UnoccludedPixelCount(const View& view, int object_id, int64_t* rays_cast = nullptr,
                               const PrimaryHits* primary = nullptr) const;

  // The surface colour (RGB in [0, 1], unshaded) at a hit: interpolated mesh vertex colours,
  // else the object's colour, else a neutral grey. The hit must come from this caster.
  Eigen::Vector3f SurfaceColor(const RayHit& hit) const;

  // The ray parameter t at which origin + t * direction meets the plane of triangle
  // `primitive` (a RayHit::primitive of this caster), in double precision from its vertices;
  // +inf when the ray runs parallel to it. Embree's float t differs in its last bits between
  // its SSE, AVX2 and AVX-512 kernels: outputs written at full precision use this instead, so
  // they do not depend on the machine.
  double PlaneHitT(int primitive, const Eigen::Vector3d& origin, const Eigen::Vector3d& direction) const;
  // PlaneHitT for many rays from one origin to one triangle's plane, the triangle read once:
  // PlaneHitsFrom(p, o).T(d) == PlaneHitT(p, o, d), bit for bit.
  class PlaneHits {
   public:
    PlaneHits(const Eigen::Vector3d& normal, double offset) : normal_(normal), offset_(offset) {}
    double T(const Eigen::Vector3d& direction) const {
      const double along = normal_.dot(direction);
      return along == 0 ? std::numeric_limits<double>::infinity() : offset_ / along;
    }

   private:
    Eigen::Vector3d normal_;  // (v1 - v0) x (v2 - v0)
    double offset_;           // normal . (v0 - origin)
  };
  PlaneHits PlaneHitsFrom(int primitive, const Eigen::Vector3d& origin) const;

  size_t triangle_count() const;

  static constexpr float kDefaultOcclusionEpsilon = 1e-3f;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace spatialgen
