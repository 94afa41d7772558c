#include "reframe/relations.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/check.h"

namespace spatialgen {
namespace {

Interval Negated(const Interval& interval) {
  return {-interval.max, -interval.min, -interval.center};
}

Interval ImageInterval(const ImageExtent& extent) {
  return {extent.x_min, extent.x_max, extent.centroid_x};
}

// Convex hull (counter-clockwise) of the footprint corners, by Andrew's monotone chain.
std::vector<Eigen::Vector2d> FootprintHull(const Object& object) {
  std::vector<Eigen::Vector2d> points;
  for (const Eigen::Vector3d& corner : object.CornersInWorld()) points.emplace_back(corner.head<2>());
  std::sort(points.begin(), points.end(), [](const auto& p, const auto& q) {
    return p.x() < q.x() || (p.x() == q.x() && p.y() < q.y());
  });
  auto cross = [](const Eigen::Vector2d& o, const Eigen::Vector2d& a, const Eigen::Vector2d& b) {
    return (a - o).x() * (b - o).y() - (a - o).y() * (b - o).x();
  };
  std::vector<Eigen::Vector2d> hull(2 * points.size());
  size_t k = 0;
  for (size_t i = 0; i < points.size(); ++i) {
    while (k >= 2 && cross(hull[k - 2], hull[k - 1], points[i]) <= 0) --k;
    hull[k++] = points[i];
  }
  for (size_t i = points.size() - 1, lower = k + 1; i-- > 0;) {
    while (k >= lower && cross(hull[k - 2], hull[k - 1], points[i]) <= 0) --k;
    hull[k++] = points[i];
  }
  hull.resize(k - 1);
  return hull;
}

// Separating axis test: true when some edge normal of either polygon separates them.
bool SeparatedByEdgeOf(const std::vector<Eigen::Vector2d>& p, const std::vector<Eigen::Vector2d>& q) {
  for (size_t i = 0; i < p.size(); ++i) {
    const Eigen::Vector2d edge = p[(i + 1) % p.size()] - p[i];
    const Eigen::Vector2d normal(-edge.y(), edge.x());
    double p_min = std::numeric_limits<double>::infinity(), p_max = -p_min;
    double q_min = p_min, q_max = -p_min;
    for (const auto& v : p) p_min = std::min(p_min, normal.dot(v)), p_max = std::max(p_max, normal.dot(v));
    for (const auto& v : q) q_min = std::min(q_min, normal.dot(v)), q_max = std::max(q_max, normal.dot(v));
    if (p_max <= q_min || q_max <= p_min) return true;
  }
  return false;
}

}  // namespace

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
  if (a.center <= b.center) return Truth::kFalse;
  if (a.min >= b.max + margin) return Truth::kTrue;
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

bool FootprintsOverlap(const Object& a, const Object& b) {
  const std::vector<Eigen::Vector2d> hull_a = FootprintHull(a), hull_b = FootprintHull(b);
  return !SeparatedByEdgeOf(hull_a, hull_b) && !SeparatedByEdgeOf(hull_b, hull_a);
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
    // footprints to overlap: A higher than B but beside it is not "above" (ambiguous).
    const Truth truth = decide(ProjectBox(a, Eigen::Vector3d::UnitZ()),
                               ProjectBox(b, Eigen::Vector3d::UnitZ()), options.relation_margin);
    if (truth == Truth::kTrue && !FootprintsOverlap(a, b)) return Truth::kAmbiguous;
    return truth;
  }

  if (frame == Frame::kEgo) {
    if (axis == RelationAxis::kLeft) {
      // Left in the image is smaller x: compare the negated pixel extents.
      return decide(Negated(ImageInterval(query.a_in_image)),
                    Negated(ImageInterval(query.b_in_image)),
                    options.image_margin_fraction * view.width);
    }
    // Ego front: nearer the viewer, i.e. further along the reversed viewing direction.
    const std::optional<Eigen::Vector3d> viewing = HorizontalViewingDirection(view);
    if (!viewing) return std::nullopt;
    return decide(ProjectBox(a, -*viewing), ProjectBox(b, -*viewing), options.relation_margin);
  }

  const std::optional<HorizontalFrame> horizontal =
      frame == Frame::kWorld ? WorldFrame(scene) : ObjectFrame(b);
  if (!horizontal) return std::nullopt;
  const Eigen::Vector3d& direction =
      axis == RelationAxis::kLeft ? horizontal->left : horizontal->front;
  return decide(ProjectBox(a, direction), ProjectBox(b, direction), options.relation_margin);
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
  std::optional<Eigen::Vector3d> axis_direction;
  if (frame == Frame::kEgo) {
    if (const auto viewing = HorizontalViewingDirection(view)) axis_direction = -*viewing;
  } else {
    const std::optional<HorizontalFrame> horizontal = frame == Frame::kWorld ? WorldFrame(scene) : ObjectFrame(anchor);
    if (horizontal) axis_direction = axis == RelationAxis::kLeft ? horizontal->left : horizontal->front;
  }
  if (!axis_direction) return std::nullopt;
  test.direction_ = *axis_direction * sign;
  test.threshold_ = ProjectBox(anchor, test.direction_).max + options.relation_margin;
  return test;
}

bool PointSideTest::Holds(const Eigen::Vector3d& p_in_world) const {
  if (!view_) return direction_.dot(p_in_world) >= threshold_;
  const std::optional<Eigen::Vector2d> pixel = view_->Project(p_in_world);
  if (!pixel) return false;
  return pixel_sign_ * pixel->x() >= threshold_;
}

}  // namespace spatialgen
