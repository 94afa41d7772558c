#pragma once
// Support planes of box-only scenes (SPEC section 1: "the boxes themselves are the occluding
// geometry"), found from the boxes alone. Annotated boxes of objects standing on one
// unannotated table or floor scatter in height by annotation noise (several centimetres on
// RoboSpatial's tabletop photos), so a plane at the lowest bottom leaves the others floating.
// Here:
//  - an object whose bottom lies within bottom_tolerance of another box's top, its centre over
//    that box's footprint, stands on that box (Object::stands_on);
//  - the other objects' bottom heights are chained into clusters (neighbours within
//    bottom_tolerance); each cluster gets a plane at its lowest bottom, under all of them, and
//    its objects stand on it (Object::stands_at_height). The lowest plane spans every box
//    grown by floor_margin; a higher one (an unannotated table or counter) needs at least two
//    objects (a lone picture on a wall makes no shelf) and spans its own boxes grown by
//    upper_margin. Objects of no cluster are left to the general support rule.
// The planes become mesh triangles of the background (instance -1, facing up), so renders,
// occlusion, support surfaces and free space all see them.
#include <optional>
#include <vector>

#include "scene/scene.h"

namespace spatialgen {

struct BoxSupportOptions {
  double bottom_tolerance = 0.06;      // annotation noise of box bottoms and tops, m
  double floor_margin = 1.0;           // the lowest plane reaches this beyond every box, m
  double upper_margin = 0.3;           // a higher plane reaches this beyond its own boxes, m
  std::optional<double> floor_height;  // a known floor z: the lowest plane, with the objects standing near it
};

struct SupportPlane {
  double height = 0;               // world z
  Eigen::Vector2d lo, hi;          // its extent in world xy
  std::vector<int> object_ids;     // the objects standing on it
};

// The planes and each object's support for a box-only scene (mesh empty), as described above;
// fills stands_on and stands_at_height of the scene's objects.
std::vector<SupportPlane> FindBoxSupport(Scene& scene, const BoxSupportOptions& options);

// Runs FindBoxSupport and adds each plane as two background triangles. For scenes without a
// mesh only; a scene without objects gets nothing.
void AddBoxSupportPlanes(Scene& scene, const BoxSupportOptions& options);

}  // namespace spatialgen
