#include "scene/support_planes.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/check.h"
#include "scene/box_geometry.h"

namespace spatialgen {
namespace {

// The box under `object` whose top its bottom touches (within `tolerance`), its centre over
// that box's footprint; the closest in height, then the lowest id. nullptr when none.
const Object* BoxUnder(const Scene& scene, const Object& object, double tolerance) {
  const double bottom = BottomZ(object);
  const Object* under = nullptr;
  double best_gap = std::numeric_limits<double>::infinity();
  for (const Object& other : scene.objects) {
    if (&other == &object) continue;
    const double top = TopZ(other);
    const double gap = std::abs(bottom - top);
    if (gap > tolerance || top >= object.center_in_world.z()) continue;
    if (!InFootprint(other, object.center_in_world.head<2>(), 0)) continue;
    if (gap < best_gap || (gap == best_gap && other.id < under->id)) {
      under = &other;
      best_gap = gap;
    }
  }
  return under;
}

void Extend(SupportPlane& plane, const Object& object) {
  for (const Eigen::Vector3d& corner : object.CornersInWorld()) {
    plane.lo = plane.lo.cwiseMin(corner.head<2>());
    plane.hi = plane.hi.cwiseMax(corner.head<2>());
  }
}

SupportPlane EmptyPlane(double height) {
  SupportPlane plane;
  plane.height = height;
  plane.lo = Eigen::Vector2d::Constant(std::numeric_limits<double>::infinity());
  plane.hi = -plane.lo;
  return plane;
}

}  // namespace

std::vector<SupportPlane> FindBoxSupport(Scene& scene, const BoxSupportOptions& options) {
  SG_CHECK(scene.mesh.empty());
  if (scene.objects.empty()) return {};
  // Stacked objects first: they stand on a box, not on a plane.
  std::vector<size_t> grounded;
  for (size_t k = 0; k < scene.objects.size(); ++k) {
    Object& object = scene.objects[k];
    object.stands_on = -1;
    object.stands_at_height.reset();
    if (const Object* under = BoxUnder(scene, object, options.bottom_tolerance)) {
      object.stands_on = under->id;
    } else {
      grounded.push_back(k);
    }
  }
  std::stable_sort(grounded.begin(), grounded.end(), [&](size_t a, size_t b) {
    return BottomZ(scene.objects[a]) < BottomZ(scene.objects[b]);
  });

  // Chain the bottoms into clusters, the known floor (when given) taking those near it.
  std::vector<std::vector<size_t>> clusters;
  std::vector<size_t> on_floor;
  double previous = -std::numeric_limits<double>::infinity();
  for (size_t k : grounded) {
    const double bottom = BottomZ(scene.objects[k]);
    if (options.floor_height && bottom <= *options.floor_height + options.bottom_tolerance) {
      on_floor.push_back(k);
      continue;
    }
    if (clusters.empty() || bottom - previous > options.bottom_tolerance) clusters.emplace_back();
    clusters.back().push_back(k);
    previous = bottom;
  }

  std::vector<SupportPlane> planes;
  // The lowest plane: the known floor, else the lowest cluster. It spans every box.
  SupportPlane floor = EmptyPlane(0);
  std::vector<size_t> floor_members;
  if (options.floor_height) {
    floor.height = *options.floor_height;
    floor_members = on_floor;
  } else if (clusters.empty()) {  // every object stands on another: a floor under the lowest
    floor.height = std::numeric_limits<double>::infinity();
    for (const Object& object : scene.objects) floor.height = std::min(floor.height, BottomZ(object));
  } else {
    floor.height = BottomZ(scene.objects[clusters.front().front()]);
    floor_members = clusters.front();
    clusters.erase(clusters.begin());
  }
  for (const Object& object : scene.objects) Extend(floor, object);
  floor.lo.array() -= options.floor_margin;
  floor.hi.array() += options.floor_margin;
  for (size_t k : floor_members) floor.object_ids.push_back(scene.objects[k].id);
  planes.push_back(floor);

  for (const std::vector<size_t>& cluster : clusters) {
    if (cluster.size() < 2) continue;  // a lone raised object (a wall picture) makes no shelf
    SupportPlane plane = EmptyPlane(BottomZ(scene.objects[cluster.front()]));
    for (size_t k : cluster) {
      Extend(plane, scene.objects[k]);
      plane.object_ids.push_back(scene.objects[k].id);
    }
    plane.lo.array() -= options.upper_margin;
    plane.hi.array() += options.upper_margin;
    planes.push_back(plane);
  }
  for (const SupportPlane& plane : planes) {
    for (int id : plane.object_ids) {
      for (Object& object : scene.objects) {
        if (object.id == id) object.stands_at_height = plane.height;
      }
    }
  }
  return planes;
}

void AddBoxSupportPlanes(Scene& scene, const BoxSupportOptions& options) {
  const std::vector<SupportPlane> planes = FindBoxSupport(scene, options);
  for (const SupportPlane& plane : planes) {
    const int first = int(scene.mesh.vertices.size());
    const float z = float(plane.height);
    const float x0 = float(plane.lo.x()), x1 = float(plane.hi.x());
    const float y0 = float(plane.lo.y()), y1 = float(plane.hi.y());
    scene.mesh.vertices.insert(scene.mesh.vertices.end(), {{x0, y0, z}, {x1, y0, z}, {x1, y1, z}, {x0, y1, z}});
    // Counter-clockwise seen from above: facing up.
    scene.mesh.triangles.push_back({first, first + 1, first + 2});
    scene.mesh.triangles.push_back({first, first + 2, first + 3});
    scene.mesh.triangle_instance.insert(scene.mesh.triangle_instance.end(), {-1, -1});
  }
}

}  // namespace spatialgen
