#pragma once
// The axis relations of SPEC section 3 with their true / false / ambiguous bands: an axis
// (left, front or up) and a sign, so "right of" is the left axis with sign -1. They are the
// `beyond` test of the relation vocabulary (reframe/predicates.h, templates/relations.json).
#include <Eigen/Core>
#include <Eigen/Geometry>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_reader.h"
#include "reframe/frames.h"
#include "scene/scene.h"

namespace spatialgen {

enum class RelationAxis { kLeft, kFront, kUp };
std::optional<RelationAxis> ParseRelationAxis(std::string_view name);

enum class Truth { kTrue, kFalse, kAmbiguous };
std::string_view TruthName(Truth truth);

struct RelationOptions {
  double relation_margin = 0.05;           // metres A's extent must clear B's by (true band)
  double image_margin_fraction = 0.02;     // the same for image-plane tests, x image width
  void Check() const;
};
void ReadOptions(JsonReader& reader, RelationOptions& options);

// An extent along one axis and the centre's coordinate on it.
struct Interval {
  double min = 0, max = 0, center = 0;
};

// The horizontal image extent of an object's visible mask, in pixels.
struct ImageExtent {
  double x_min = 0, x_max = 0;  // pixel bounds of the mask
  double centroid_x = 0;        // mean x of the mask's pixel centres
};

// Is A beyond B in the + direction of an axis? True when A's extent clears B's by `margin`
// and A's centre is beyond B's; false when A's centre is not beyond B's; else ambiguous.
Truth DecideBeyond(const Interval& a, const Interval& b, double margin);

// The box corners of `object` projected on `axis` (unit vector), and its centre's projection.
Interval ProjectBox(const Object& object, const Eigen::Vector3d& axis);

// How far the ground footprints overlap, in metres: the least overlap of their projections
// over the hulls' edge normals (the separating axis test's penetration depth); zero or less
// when they do not overlap. A footprint is the horizontal convex hull of the object's own
// triangles where the scene has them (Object::hull_in_world), else of its box corners.
double FootprintOverlap(const Object& a, const Object& b);

// What stands for the object from above: the hull of its own triangles when the scene has
// them, else its box's footprint (counter-clockwise, world xy).
std::vector<Eigen::Vector2d> FootprintHull(const Object& object);

// The direction along which "A is rel B" (sign +1) means A lies beyond B, for the horizontal
// relations decided in metres; nullopt for ego left/right (decided in the image) and where
// the frame does not exist.
std::optional<Eigen::Vector3d> BeyondDirection(Frame frame, RelationAxis axis, const Object& b, const Scene& scene,
                                               const View& view);

// Everything one relation test needs about a pair (A, B) in one view.
struct RelationQuery {
  const Object* a = nullptr;
  const Object* b = nullptr;
  ImageExtent a_in_image;
  ImageExtent b_in_image;
  const Object* c = nullptr;  // the second anchor of a relation that has two (between)
};

// "A is rel B" in `frame` for the relation (axis, sign). Returns nullopt when the frame does
// not exist for this pair: the object frame of a B without a front (every relation), the
// world frame of a scene whose world front is none (horizontal relations), the ego frame (and
// the camera-heading world frame) of a camera looking straight down (front/behind).
// Horizontal relations other than ego left/right are decided in metres on box extents; "in
// front of" in the ego and world frames means nearer the viewer / robot (see relations.cpp).
std::optional<Truth> EvaluateRelation(Frame frame, RelationAxis axis, int sign,
                                      const RelationQuery& query, const Scene& scene,
                                      const View& view, const RelationOptions& options);

// "A point is rel B" for the horizontal relations, prepared once per (frame, relation,
// anchor) so that many points (free-space cells, pixels) can be tested cheaply. A point has no
// extent: it is beyond B when it clears B's extent by the margin along the relation's axis
// (ego left/right: in the image, against B's visible mask).
// The largest direction.dot(p) over the points p of a non-empty box, a hair above it (sums
// per point round differently): a bound for a half-space test over every point in the box.
double MostAlong(const Eigen::Vector3d& direction, const Eigen::AlignedBox3d& box);

class PointSideTest {
 public:
  // nullopt when the frame does not exist for B (see EvaluateRelation) or the relation is
  // vertical (free space lies on a surface, beside its anchor).
  static std::optional<PointSideTest> Make(Frame frame, RelationAxis axis, int sign, const Object& anchor,
                                           const ImageExtent& anchor_in_image, const Scene& scene,
                                           const View& view, const RelationOptions& options);
  bool Holds(const Eigen::Vector3d& p_in_world) const;
  // The same, given the pixel column x the point projects to in the test's view (NaN where it
  // does not project): what a batch of free-space pixels has computed once for every test.
  bool HoldsAt(const Eigen::Vector3d& p_in_world, double image_x) const {
    if (!view_) return direction_.dot(p_in_world) >= threshold_;
    return pixel_sign_ * image_x >= threshold_;
  }
  // Whether it holds for no point of the non-empty `box` whose pixel column lies in
  // [image_x_min, image_x_max].
  bool HoldsNowhereIn(const Eigen::AlignedBox3d& box, double image_x_min, double image_x_max) const;

 private:
  PointSideTest() = default;
  const View* view_ = nullptr;    // set for image-plane tests, which compare pixel_sign_ * x
  double pixel_sign_ = 0;         // -1 for left (smaller x), +1 for right
  Eigen::Vector3d direction_ = Eigen::Vector3d::Zero();  // otherwise: the world direction of "beyond"
  double threshold_ = 0;          // a point is beyond when its value reaches this
};

}  // namespace spatialgen
