#include "reframe/relations.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/check.h"
#include "scene/object_hulls.h"

namespace spatialgen {
namespace {

Interval Negated(const Interval& interval) {
  return {-interval.max, -interval.min, -interval.center};
}

Interval ImageInterval(const ImageExtent& extent) {
  return {extent.x_min, extent.x_max, extent.centroid_x};
}

}  // namespace

// What stands for the object from above: the hull of its own triangles when the scene has
// them, else its box's footprint.
std::vector<Eigen::Vector2d> FootprintHull(const Object& object) {
  if (!object.hull_in_world.empty()) return object.hull_in_world;
  std::vector<Eigen::Vector2d> points;
  for (const Eigen::Vector3d& corner : object.CornersInWorld()) points.emplace_back(corner.head<2>());
  return ConvexHull2d(std::move(points));
}

namespace {

// The least overlap of the two polygons' projections over the edge normals of `p` (unit), in
// metres: negative or zero when one of them separates the polygons.
double LeastOverlapOverEdgesOf(const std::vector<Eigen::Vector2d>& p, const std::vector<Eigen::Vector2d>& q) {
  double least = std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < p.size(); ++i) {
    const Eigen::Vector2d edge = p[(i + 1) % p.size()] - p[i];
    if (edge.norm() == 0) continue;
    const Eigen::Vector2d normal = Eigen::Vector2d(-edge.y(), edge.x()).normalized();
    double p_min = std::numeric_limits<double>::infinity(), p_max = -p_min;
    double q_min = p_min, q_max = -p_min;
    for (const auto& v : p) p_min = std::min(p_min, normal.dot(v)), p_max = std::max(p_max, normal.dot(v));
    for (const auto& v : q) q_min = std::min(q_min, normal.dot(v)), q_max = std::max(q_max, normal.dot(v));
    least = std::min(least, std::min(p_max, q_max) - std::max(p_min, q_min));
  }
  return least;
}

}  // namespace

// The direction along which "A is rel B" (sign +1) means A lies beyond B, for the horizontal
// relations decided in metres. "In front of" in the ego and world frames is deictic: nearer
// the viewer or the robot (between it and B), against the heading, as RoboSpatial's generator
// and everyday speech have it; in the object frame it is B's own front side.
std::optional<Eigen::Vector3d> BeyondDirection(Frame frame, RelationAxis axis, const Object& b, const Scene& scene,
                                               const View& view) {
  std::optional<HorizontalFrame> horizontal;
  switch (frame) {
    case Frame::kEgo:
      if (axis != RelationAxis::kFront) return std::nullopt;  // ego left/right is in the image
      if (const auto viewing = HorizontalViewingDirection(view)) return -*viewing;
      return std::nullopt;
    case Frame::kWorld:
      horizontal = WorldFrame(WorldFrontOf(scene), view);
      if (!horizontal) return std::nullopt;
      return axis == RelationAxis::kLeft ? horizontal->left : Eigen::Vector3d(-horizontal->front);
    case Frame::kObject:
      horizontal = ObjectFrame(b);
      if (!horizontal) return std::nullopt;
      return axis == RelationAxis::kLeft ? horizontal->left : horizontal->front;
  }
  return std::nullopt;
}

std::optional<RelationAxis> ParseRelationAxis(std::string_view name) {
  if (name == "left") return RelationAxis::kLeft;
  if (name == "front") return RelationAxis::kFront;
  if (name == "up") return RelationAxis::kUp;
  return std::nullopt;
}

std::string_view TruthName(Truth truth) {
  switch (truth) {
    case Truth::kTrue: return "true";
    case Truth::kFalse: return "false";
    case Truth::kAmbiguous: return "ambiguous";
  }
  return "";
}

void RelationOptions::Check() const {
  SG_CHECK_OPTION_GE(relation_margin, 0);
  SG_CHECK_OPTION(image_margin_fraction >= 0 && image_margin_fraction < 1, image_margin_fraction, "must be in [0, 1)");
}

void ReadOptions(JsonReader& reader, RelationOptions& options) {
  reader.Read("relation_margin", options.relation_margin);
  reader.Read("image_margin_fraction", options.image_margin_fraction);
}

Truth DecideBeyond(const Interval& a, const Interval& b, double margin) {
  // Ties (centres that agree, extents that clear by exactly the margin, as layouts on round
  // numbers make them) are decided the same way whatever the rounding of the coordinates: a
  // scene turned about z must answer alike.
  constexpr double kRounding = 1e-6;
  if (a.center <= b.center + kRounding) return Truth::kFalse;
  if (a.min >= b.max + margin - kRounding) return Truth::kTrue;
  return Truth::kAmbiguous;
}

Interval ProjectBox(const Object& object, const Eigen::Vector3d& axis) {
  Interval interval{std::numeric_limits<double>::infinity(),
                    -std::numeric_limits<double>::infinity(), axis.dot(object.center_in_world)};
  for (const Eigen::Vector3d& corner : object.CornersInWorld()) {
    interval.min = std::min(interval.min, axis.dot(corner));
    interval.max = std::max(interval.max, axis.dot(corner));
  }
  return interval;
}

double FootprintOverlap(const Object& a, const Object& b) {
  const std::vector<Eigen::Vector2d> hull_a = FootprintHull(a), hull_b = FootprintHull(b);
  return std::min(LeastOverlapOverEdgesOf(hull_a, hull_b), LeastOverlapOverEdgesOf(hull_b, hull_a));
}

std::optional<Truth> EvaluateRelation(Frame frame, RelationAxis axis, int sign,
                                      const RelationQuery& query, const Scene& scene,
                                      const View& view, const RelationOptions& options) {
  const Object& a = *query.a;
  const Object& b = *query.b;
  auto decide = [&](Interval ia, Interval ib, double margin) {
    if (sign < 0) ia = Negated(ia), ib = Negated(ib);
    return DecideBeyond(ia, ib, margin);
  };

  // The object frame is B's own: it exists only for anchors with a front, for every
  // relation (a vertical question "from the bowl's perspective" would still be nonsense).
  if (frame == Frame::kObject && !ObjectFrame(b)) return std::nullopt;

  if (axis == RelationAxis::kUp) {
    // Vertical relations are the same in every frame: world z. "True" also needs the
    // footprints (the objects' own hulls where the scene has them) to overlap by the margin:
    // A higher than B but beside it is not "above" (ambiguous).
    const Truth truth = decide(ProjectBox(a, Eigen::Vector3d::UnitZ()),
                               ProjectBox(b, Eigen::Vector3d::UnitZ()), options.relation_margin);
    if (truth == Truth::kTrue && FootprintOverlap(a, b) < options.relation_margin) return Truth::kAmbiguous;
    return truth;
  }

  if (frame == Frame::kEgo && axis == RelationAxis::kLeft) {
    // Left in the image is smaller x: compare the negated pixel extents.
    return decide(Negated(ImageInterval(query.a_in_image)), Negated(ImageInterval(query.b_in_image)),
                  options.image_margin_fraction * view.width);
  }
  const std::optional<Eigen::Vector3d> direction = BeyondDirection(frame, axis, b, scene, view);
  if (!direction) return std::nullopt;
  return decide(ProjectBox(a, *direction), ProjectBox(b, *direction), options.relation_margin);
}

std::optional<PointSideTest> PointSideTest::Make(Frame frame, RelationAxis axis, int sign,
                                                 const Object& anchor, const ImageExtent& anchor_in_image,
                                                 const Scene& scene, const View& view,
                                                 const RelationOptions& options) {
  if (axis == RelationAxis::kUp) return std::nullopt;
  PointSideTest test;
  if (frame == Frame::kEgo && axis == RelationAxis::kLeft) {
    // Left in the image is smaller x: compare negated pixel x against B's negated extent.
    const Interval b = ImageInterval(anchor_in_image);
    test.view_ = &view;
    test.pixel_sign_ = -sign;
    test.threshold_ = (sign > 0 ? Negated(b) : b).max + options.image_margin_fraction * view.width;
    return test;
  }
  const std::optional<Eigen::Vector3d> axis_direction = BeyondDirection(frame, axis, anchor, scene, view);
  if (!axis_direction) return std::nullopt;
  test.direction_ = *axis_direction * sign;
  test.threshold_ = ProjectBox(anchor, test.direction_).max + options.relation_margin;
  return test;
}

double MostAlong(const Eigen::Vector3d& direction, const Eigen::AlignedBox3d& box) {
  double most = 0;
  for (int axis = 0; axis < 3; ++axis) {
    most += std::max(direction[axis] * box.min()[axis], direction[axis] * box.max()[axis]);
  }
  return most + 1e-9;
}

bool PointSideTest::HoldsNowhereIn(const Eigen::AlignedBox3d& box, double image_x_min, double image_x_max) const {
  if (view_) return std::max(pixel_sign_ * image_x_min, pixel_sign_ * image_x_max) < threshold_;
  return MostAlong(direction_, box) < threshold_;
}

bool PointSideTest::Holds(const Eigen::Vector3d& p_in_world) const {
  if (!view_) return HoldsAt(p_in_world, 0.0);
  const std::optional<Eigen::Vector2d> pixel = view_->Project(p_in_world);
  return HoldsAt(p_in_world, pixel ? pixel->x() : std::numeric_limits<double>::quiet_NaN());
}

}  // namespace spatialgen
