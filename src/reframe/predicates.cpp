#include "reframe/predicates.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <variant>

#include "core/check.h"
#include "scene/object_hulls.h"

namespace spatialgen {
namespace {

// Ties on round numbers (layouts on a grid) are decided alike whatever the rounding, as in
// DecideBeyond.
constexpr double kRounding = 1e-6;

constexpr std::array<PredicateKind, 8> kKinds = {PredicateKind::kBeyond,      PredicateKind::kSector,
                                                 PredicateKind::kGap,         PredicateKind::kSupportedBy,
                                                 PredicateKind::kInside,      PredicateKind::kBetween,
                                                 PredicateKind::kNearest,     PredicateKind::kAllOf};

double MarginOf(const Predicate& test, const RelationOptions& options) {
  return test.margin.value_or(options.relation_margin);
}

// ---- Reading ----

std::string KnownPredicates() {
  std::string names;
  for (PredicateKind kind : kKinds) names += (names.empty() ? "" : ", ") + std::string(PredicateName(kind));
  return names;
}

void ReadMargin(JsonReader& reader, Predicate& test) {
  if (!reader.Has("margin")) return;
  test.margin = reader.Require<double>("margin");
  if (*test.margin < 0) throw reader.Error("margin", "must be >= 0");
}

void ReadParameters(JsonReader& reader, Predicate& test) {
  switch (test.kind) {
    case PredicateKind::kBeyond: {
      const std::string axis = reader.Require<std::string>("axis");
      const std::optional<RelationAxis> parsed = ParseRelationAxis(axis);
      if (!parsed) throw reader.Error("axis", "must be \"left\", \"front\" or \"up\", got \"" + axis + "\"");
      test.axis = *parsed;
      test.sign = reader.Require<int>("sign");
      if (test.sign != 1 && test.sign != -1) throw reader.Error("sign", "must be 1 or -1");
      ReadMargin(reader, test);
      break;
    }
    case PredicateKind::kSector:
      test.angle_deg = reader.Require<double>("angle_deg");
      reader.Read("width_deg", test.width_deg);
      reader.Read("band_deg", test.band_deg);
      if (!(test.width_deg > 0 && test.width_deg < 360)) throw reader.Error("width_deg", "must be in (0, 360)");
      if (test.band_deg < 0) throw reader.Error("band_deg", "must be >= 0");
      ReadMargin(reader, test);
      break;
    case PredicateKind::kGap:
      if (reader.Has("max") == reader.Has("min")) throw reader.Error("max", "give exactly one of max and min");
      if (reader.Has("max")) test.max_gap = reader.Require<double>("max");
      if (reader.Has("min")) test.min_gap = reader.Require<double>("min");
      if (test.max_gap.value_or(0) < 0) throw reader.Error("max", "must be >= 0");
      if (test.min_gap && *test.min_gap <= 0) throw reader.Error("min", "must be > 0");
      ReadMargin(reader, test);
      break;
    case PredicateKind::kInside:
      reader.Read("fraction", test.fraction);
      reader.Read("false_fraction", test.false_fraction);
      if (!(test.fraction > 0 && test.fraction <= 1)) throw reader.Error("fraction", "must be in (0, 1]");
      if (!(test.false_fraction >= 0 && test.false_fraction < test.fraction)) {
        throw reader.Error("false_fraction", "must be in [0, fraction)");
      }
      break;
    case PredicateKind::kNearest:
      if (reader.Has("among") && reader.Require<std::string>("among") != "same_label") {
        throw reader.Error("among", "must be \"same_label\"");
      }
      ReadMargin(reader, test);
      break;
    case PredicateKind::kBetween:
      ReadMargin(reader, test);
      break;
    case PredicateKind::kSupportedBy:
    case PredicateKind::kAllOf:
      break;
  }
  reader.Finish();
}

// ---- Geometry ----

double PointToSegment(const Eigen::Vector2d& p, const Eigen::Vector2d& s, const Eigen::Vector2d& t) {
  const Eigen::Vector2d st = t - s;
  const double length2 = st.squaredNorm();
  const double along = length2 > 0 ? std::clamp((p - s).dot(st) / length2, 0.0, 1.0) : 0.0;
  return (p - (s + along * st)).norm();
}

// A convex counter-clockwise polygon prepared for many point queries (free-space pixels):
// its edges' inward unit normals and offsets, so that a point's depth is a dot product per edge.
class ConvexRegion {
 public:
  explicit ConvexRegion(std::vector<Eigen::Vector2d> vertices) : vertices_(std::move(vertices)) {
    for (size_t i = 0; i < vertices_.size(); ++i) {
      const Eigen::Vector2d edge = vertices_[(i + 1) % vertices_.size()] - vertices_[i];
      if (edge.norm() == 0) continue;
      const Eigen::Vector2d inward = Eigen::Vector2d(-edge.y(), edge.x()).normalized();
      normals_.push_back(inward);
      offsets_.push_back(inward.dot(vertices_[i]));
    }
  }
  // How deep `p` lies inside: the least distance to an edge's line, negative outside;
  // -infinity for a polygon without area.
  double Depth(const Eigen::Vector2d& p) const {
    if (vertices_.size() < 3) return -std::numeric_limits<double>::infinity();
    double depth = std::numeric_limits<double>::infinity();
    for (size_t k = 0; k < normals_.size(); ++k) depth = std::min(depth, normals_[k].dot(p) - offsets_[k]);
    return depth;
  }
  // The distance from `p` to the polygon (0 inside).
  double Distance(const Eigen::Vector2d& p) const {
    if (Depth(p) >= 0) return 0;
    double distance = std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < vertices_.size(); ++i) {
      distance = std::min(distance, PointToSegment(p, vertices_[i], vertices_[(i + 1) % vertices_.size()]));
    }
    return distance;
  }
  const std::vector<Eigen::Vector2d>& vertices() const { return vertices_; }

 private:
  std::vector<Eigen::Vector2d> vertices_;
  std::vector<Eigen::Vector2d> normals_;
  std::vector<double> offsets_;
};

double VerticalOverlap(const Object& a, const Object& b) {
  const Interval za = ProjectBox(a, Eigen::Vector3d::UnitZ()), zb = ProjectBox(b, Eigen::Vector3d::UnitZ());
  return std::min(za.max, zb.max) - std::max(za.min, zb.min);
}

Eigen::Vector3d Horizontal(const Eigen::Vector3d& v) { return {v.x(), v.y(), 0.0}; }

// The frame's horizontal axes in metres: `front` along which "in front of" means beyond (as
// beyond's, so deictic in the ego and world frames) and `left`. The ego frame's left is the
// camera's left on the floor (beyond decides ego left/right in the image instead).
struct MetricAxes {
  Eigen::Vector3d front, left;
};
std::optional<MetricAxes> MetricAxesOf(Frame frame, const Object& b, const RelationWorld& world) {
  const auto front = BeyondDirection(frame, RelationAxis::kFront, b, world.scene, world.view);
  if (!front) return std::nullopt;
  if (frame == Frame::kEgo) {
    const auto viewing = HorizontalViewingDirection(world.view);
    if (!viewing) return std::nullopt;
    return MetricAxes{*front, Eigen::Vector3d::UnitZ().cross(*viewing)};
  }
  const auto left = BeyondDirection(frame, RelationAxis::kLeft, b, world.scene, world.view);
  if (!left) return std::nullopt;
  return MetricAxes{*front, *left};
}

// A sector prepared for one anchor: its central direction and the least projection on it
// that clears B by the margin.
struct Sector {
  MetricAxes axes;
  Eigen::Vector3d direction;
  double clear_of_b = 0;
  // Degrees between the sector's centre and the horizontal direction from B's centre to `p`;
  // nullopt for a point right above or below B's centre.
  std::optional<double> OffCentreDeg(const Eigen::Vector3d& p, const Eigen::Vector3d& b_center,
                                     double angle_deg) const {
    const Eigen::Vector3d d = Horizontal(p - b_center);
    if (d.norm() < kRounding) return std::nullopt;
    const double theta = std::atan2(d.dot(axes.left), d.dot(axes.front)) * 180.0 / M_PI;
    return std::abs(std::remainder(theta - angle_deg, 360.0));
  }
};
std::optional<Sector> MakeSector(const Predicate& test, Frame frame, const Object& b, const RelationWorld& world) {
  const std::optional<MetricAxes> axes = MetricAxesOf(frame, b, world);
  if (!axes) return std::nullopt;
  const double angle = test.angle_deg * M_PI / 180.0;
  const Eigen::Vector3d direction = std::cos(angle) * axes->front + std::sin(angle) * axes->left;
  return Sector{*axes, direction, ProjectBox(b, direction).max + MarginOf(test, world.options)};
}

// The corridor joining B's and C's footprints: the hull of both, and the stretch along the
// line from B's centre to C's that lies clear of both.
struct Corridor {
  ConvexRegion hull{{}};
  Eigen::Vector2d along = Eigen::Vector2d::Zero();  // unit, from B's centre to C's
  double b_center = 0, c_center = 0;                // the centres' projections on `along`
  double b_far = 0, c_near = 0;                     // B's furthest and C's nearest footprint point
  double DepthOf(const Eigen::Vector2d& p) const { return hull.Depth(p); }
};
std::optional<Corridor> MakeCorridor(const Object& b, const Object& c) {
  const Eigen::Vector2d bc = (c.center_in_world - b.center_in_world).head<2>();
  if (bc.norm() < kRounding) return std::nullopt;
  Corridor corridor;
  corridor.along = bc.normalized();
  const std::vector<Eigen::Vector2d> hull_b = FootprintHull(b), hull_c = FootprintHull(c);
  std::vector<Eigen::Vector2d> both = hull_b;
  both.insert(both.end(), hull_c.begin(), hull_c.end());
  corridor.hull = ConvexRegion(ConvexHull2d(std::move(both)));
  corridor.b_center = corridor.along.dot(b.center_in_world.head<2>());
  corridor.c_center = corridor.along.dot(c.center_in_world.head<2>());
  corridor.b_far = -std::numeric_limits<double>::infinity();
  corridor.c_near = std::numeric_limits<double>::infinity();
  for (const auto& v : hull_b) corridor.b_far = std::max(corridor.b_far, corridor.along.dot(v));
  for (const auto& v : hull_c) corridor.c_near = std::min(corridor.c_near, corridor.along.dot(v));
  return corridor;
}

// ---- Evaluation, per kind ----

Truth DecideSector(const Predicate& test, const Object& a, const Object& b, const Sector& sector) {
  const std::optional<double> off = sector.OffCentreDeg(a.center_in_world, b.center_in_world, test.angle_deg);
  if (!off || *off > 0.5 * test.width_deg + test.band_deg + kRounding) return Truth::kFalse;
  const bool clear = ProjectBox(a, sector.direction).min >= sector.clear_of_b - kRounding;
  if (*off <= 0.5 * test.width_deg + kRounding && clear) return Truth::kTrue;
  return Truth::kAmbiguous;
}

Truth DecideGap(const Predicate& test, const Object& a, const Object& b, double margin) {
  const double gap = FootprintGap(a, b);
  if (test.max_gap) {
    if (gap >= *test.max_gap + margin - kRounding) return Truth::kFalse;
    // Near means side by side: a cup on a table is not next to it.
    if (gap <= *test.max_gap + kRounding && VerticalOverlap(a, b) > kRounding) return Truth::kTrue;
    return Truth::kAmbiguous;
  }
  if (gap >= *test.min_gap - kRounding) return Truth::kTrue;
  if (gap <= *test.min_gap - margin + kRounding) return Truth::kFalse;
  return Truth::kAmbiguous;
}

Truth DecideSupportedBy(const Object& a, const Object& b, const RelationWorld& world) {
  const std::optional<int> under = world.rests_on ? world.rests_on(a) : std::nullopt;
  if (!under) return Truth::kAmbiguous;  // A rests on nothing known
  if (*under != b.id) return Truth::kFalse;
  // Resting on B's surface and higher than B: one of two objects can be on the other only.
  return a.center_in_world.z() > b.center_in_world.z() ? Truth::kTrue : Truth::kAmbiguous;
}

Truth DecideInside(const Predicate& test, const Object& a, const Object& b) {
  const double share = ShareInside(a, b);
  if (share >= test.fraction - kRounding) return Truth::kTrue;
  if (share <= test.false_fraction + kRounding) return Truth::kFalse;
  return Truth::kAmbiguous;
}

Truth DecideBetween(const Object& a, const Corridor& corridor, double margin) {
  const Eigen::Vector2d p = a.center_in_world.head<2>();
  const double s = corridor.along.dot(p);
  if (s <= corridor.b_center + kRounding || s >= corridor.c_center - kRounding) return Truth::kFalse;
  const double depth = corridor.DepthOf(p);
  if (depth <= -margin + kRounding) return Truth::kFalse;
  if (depth >= margin - kRounding && s >= corridor.b_far + margin - kRounding &&
      s <= corridor.c_near - margin + kRounding) {
    return Truth::kTrue;
  }
  return Truth::kAmbiguous;
}

Truth DecideNearest(const Object& a, const Object& b, const RelationWorld& world, double margin) {
  double nearest_other = std::numeric_limits<double>::infinity();
  for (const Object* peer : world.peers) {
    if (peer == &a || peer == &b || peer->id == a.id || peer->id == b.id) continue;
    if (peer->NameInQuestions() != a.NameInQuestions()) continue;
    nearest_other = std::min(nearest_other, FootprintGap(*peer, b));
  }
  if (!std::isfinite(nearest_other)) return Truth::kAmbiguous;  // a superlative needs another of the label
  const double gap = FootprintGap(a, b);
  if (gap + margin <= nearest_other + kRounding) return Truth::kTrue;
  if (nearest_other + margin <= gap + kRounding) return Truth::kFalse;
  return Truth::kAmbiguous;
}

}  // namespace

std::string_view PredicateName(PredicateKind kind) {
  switch (kind) {
    case PredicateKind::kBeyond: return "beyond";
    case PredicateKind::kSector: return "sector";
    case PredicateKind::kGap: return "gap";
    case PredicateKind::kSupportedBy: return "supported_by";
    case PredicateKind::kInside: return "inside";
    case PredicateKind::kBetween: return "between";
    case PredicateKind::kNearest: return "nearest";
    case PredicateKind::kAllOf: return "all_of";
  }
  return "";
}

Predicate ReadPredicate(const Json& test, const std::string& file, const std::string& path) {
  if (!test.is_object() || test.size() != 1) {
    throw InputError({file, "", path}, "a test is an object with one key, its predicate (" + KnownPredicates() + ")");
  }
  const std::string& name = test.begin().key();
  const Json& parameters = test.begin().value();
  const std::string where = path + "." + name;
  Predicate predicate;
  const auto kind = std::find_if(kKinds.begin(), kKinds.end(), [&](PredicateKind k) { return PredicateName(k) == name; });
  if (kind == kKinds.end()) {
    throw InputError({file, "", where}, fmt::format("unknown predicate \"{}\" (known: {})", name, KnownPredicates()));
  }
  predicate.kind = *kind;
  if (predicate.kind == PredicateKind::kAllOf) {
    if (!parameters.is_array() || parameters.empty()) throw InputError({file, "", where}, "must be a non-empty array of tests");
    for (size_t i = 0; i < parameters.size(); ++i) {
      predicate.all_of.push_back(ReadPredicate(parameters[i], file, where + "[" + std::to_string(i) + "]"));
    }
    return predicate;
  }
  if (!parameters.is_object()) throw InputError({file, "", where}, "must be an object of parameters ({} for none)");
  JsonReader reader(parameters, file, where);
  ReadParameters(reader, predicate);
  return predicate;
}

std::set<PredicateKind> KindsOf(const Predicate& test) {
  std::set<PredicateKind> kinds = {test.kind};
  for (const Predicate& part : test.all_of) kinds.merge(KindsOf(part));
  return kinds;
}

bool UsesFrame(const Predicate& test) {
  const std::set<PredicateKind> kinds = KindsOf(test);
  return kinds.count(PredicateKind::kBeyond) || kinds.count(PredicateKind::kSector);
}

bool NeedsSecondAnchor(const Predicate& test) { return KindsOf(test).count(PredicateKind::kBetween) > 0; }

std::optional<Truth> EvaluatePredicate(const Predicate& test, Frame frame, const RelationQuery& query,
                                       const RelationWorld& world) {
  const Object& a = *query.a;
  const Object& b = *query.b;
  if (frame == Frame::kObject && !ObjectFrame(b)) return std::nullopt;
  const double margin = MarginOf(test, world.options);
  switch (test.kind) {
    case PredicateKind::kBeyond: {
      RelationOptions options = world.options;
      options.relation_margin = margin;
      return EvaluateRelation(frame, test.axis, test.sign, query, world.scene, world.view, options);
    }
    case PredicateKind::kSector: {
      const std::optional<Sector> sector = MakeSector(test, frame, b, world);
      if (!sector) return std::nullopt;
      return DecideSector(test, a, b, *sector);
    }
    case PredicateKind::kGap: return DecideGap(test, a, b, margin);
    case PredicateKind::kSupportedBy: return DecideSupportedBy(a, b, world);
    case PredicateKind::kInside: return DecideInside(test, a, b);
    case PredicateKind::kBetween: {
      if (!query.c) return std::nullopt;
      const std::optional<Corridor> corridor = MakeCorridor(b, *query.c);
      if (!corridor) return Truth::kAmbiguous;  // B and C share a centre: no corridor
      return DecideBetween(a, *corridor, margin);
    }
    case PredicateKind::kNearest: return DecideNearest(a, b, world, margin);
    case PredicateKind::kAllOf: {
      bool all_true = true;
      std::optional<Truth> result = Truth::kTrue;
      for (const Predicate& part : test.all_of) {
        const std::optional<Truth> truth = EvaluatePredicate(part, frame, query, world);
        if (!truth) return std::nullopt;
        if (*truth == Truth::kFalse) result = Truth::kFalse;
        all_true = all_true && *truth == Truth::kTrue;
      }
      if (result == Truth::kFalse) return result;
      return all_true ? Truth::kTrue : Truth::kAmbiguous;
    }
  }
  return std::nullopt;
}

bool FrameExists(const Predicate& test, Frame frame, const Object& anchor, const RelationWorld& world) {
  if (frame == Frame::kObject && !ObjectFrame(anchor)) return false;
  switch (test.kind) {
    case PredicateKind::kBeyond:
      if (test.axis == RelationAxis::kUp || (frame == Frame::kEgo && test.axis == RelationAxis::kLeft)) return true;
      return BeyondDirection(frame, test.axis, anchor, world.scene, world.view).has_value();
    case PredicateKind::kSector: return MetricAxesOf(frame, anchor, world).has_value();
    case PredicateKind::kAllOf:
      return std::all_of(test.all_of.begin(), test.all_of.end(),
                         [&](const Predicate& part) { return FrameExists(part, frame, anchor, world); });
    default: return true;
  }
}

std::vector<Frame> FramesToAsk(const Predicate& test, const std::vector<Frame>& requested, const Object& anchor,
                               const RelationWorld& world) {
  if (UsesFrame(test)) return requested;
  for (Frame frame : requested) {
    if (FrameExists(test, frame, anchor, world)) return {frame};
  }
  return {};
}

// The conditions a PointTest is made of: each decides a point alone (Holds) or with its
// pixel column given (At, for a batch).
namespace {

// Each condition also says when it cannot hold anywhere in a non-empty batch's bounds (false:
// it may).
struct SideCondition {
  PointSideTest side;
  bool Holds(const Eigen::Vector3d& p) const { return side.Holds(p); }
  bool At(const Eigen::Vector3d& p, double image_x) const { return side.HoldsAt(p, image_x); }
  bool HoldsNowhereIn(const PointBounds& bounds) const {
    return side.HoldsNowhereIn(bounds.points_in_world, bounds.image_x_min, bounds.image_x_max);
  }
};

struct SectorCondition {
  Sector sector;
  double cos_half_width = 1;  // within half the sector's width: a cosine, not an angle, per point
  Eigen::Vector3d b_center;
  bool Holds(const Eigen::Vector3d& p) const {
    const Eigen::Vector3d d = Horizontal(p - b_center);
    const double length = d.norm();
    return length >= kRounding && d.dot(sector.direction) >= length * (cos_half_width - kRounding) &&
           sector.direction.dot(p) >= sector.clear_of_b - kRounding;
  }
  bool At(const Eigen::Vector3d& p, double) const { return Holds(p); }
  bool HoldsNowhereIn(const PointBounds& bounds) const {
    return MostAlong(sector.direction, bounds.points_in_world) < sector.clear_of_b - kRounding;
  }
};

struct GapCondition {
  ConvexRegion footprint;
  std::optional<double> max_gap, min_gap;
  bool Holds(const Eigen::Vector3d& p) const {
    // Outside an edge's line by d, a point is at least d from the footprint: most points are
    // decided without the exact distance.
    const double at_least = -footprint.Depth(p.head<2>());
    const double threshold = max_gap ? *max_gap : *min_gap;
    if (at_least > threshold + kRounding) return !max_gap;
    const double gap = footprint.Distance(p.head<2>());
    return max_gap ? gap <= *max_gap + kRounding : gap >= *min_gap - kRounding;
  }
  bool At(const Eigen::Vector3d& p, double) const { return Holds(p); }
  bool HoldsNowhereIn(const PointBounds& bounds) const {
    // The distance to a convex footprint is convex: its most over a box is at a corner.
    if (max_gap) return false;
    const Eigen::Vector2d lo = bounds.points_in_world.min().head<2>(), hi = bounds.points_in_world.max().head<2>();
    double farthest = 0;
    for (const Eigen::Vector2d& corner : {lo, hi, Eigen::Vector2d(lo.x(), hi.y()), Eigen::Vector2d(hi.x(), lo.y())}) {
      farthest = std::max(farthest, footprint.Distance(corner));
    }
    return farthest + 1e-9 < *min_gap - kRounding;
  }
};

struct BetweenCondition {
  Corridor corridor;
  double margin = 0;
  bool Holds(const Eigen::Vector3d& p) const {
    const double s = corridor.along.dot(p.head<2>());
    return s >= corridor.b_far + margin - kRounding && s <= corridor.c_near - margin + kRounding &&
           corridor.DepthOf(p.head<2>()) >= margin - kRounding;
  }
  bool At(const Eigen::Vector3d& p, double) const { return Holds(p); }
  bool HoldsNowhereIn(const PointBounds& bounds) const {
    const Eigen::Vector3d along(corridor.along.x(), corridor.along.y(), 0.0);
    return MostAlong(along, bounds.points_in_world) < corridor.b_far + margin - kRounding ||
           -MostAlong(-along, bounds.points_in_world) > corridor.c_near - margin + kRounding;
  }
};

}  // namespace

struct PointTest::Condition {
  std::variant<SideCondition, SectorCondition, GapCondition, BetweenCondition> test;
};

namespace {

// The conditions of `test` appended to `conditions`; false when it has no point form.
bool AddConditions(const Predicate& test, Frame frame, const Object& b, const ImageExtent& b_in_image,
                   const Object* c, const RelationWorld& world, std::vector<PointTest::Condition>& conditions) {
  const double margin = MarginOf(test, world.options);
  switch (test.kind) {
    case PredicateKind::kBeyond: {
      RelationOptions options = world.options;
      options.relation_margin = margin;
      const std::optional<PointSideTest> side =
          PointSideTest::Make(frame, test.axis, test.sign, b, b_in_image, world.scene, world.view, options);
      if (!side) return false;
      conditions.push_back({SideCondition{*side}});
      return true;
    }
    case PredicateKind::kSector: {
      const std::optional<Sector> sector = MakeSector(test, frame, b, world);
      if (!sector) return false;
      conditions.push_back({SectorCondition{*sector, std::cos(0.5 * test.width_deg * M_PI / 180.0), b.center_in_world}});
      return true;
    }
    case PredicateKind::kGap:
      conditions.push_back({GapCondition{ConvexRegion(FootprintHull(b)), test.max_gap, test.min_gap}});
      return true;
    case PredicateKind::kBetween: {
      if (c == nullptr) return false;
      const std::optional<Corridor> corridor = MakeCorridor(b, *c);
      if (!corridor) return false;
      conditions.push_back({BetweenCondition{*corridor, margin}});
      return true;
    }
    case PredicateKind::kAllOf:
      return std::all_of(test.all_of.begin(), test.all_of.end(), [&](const Predicate& part) {
        return AddConditions(part, frame, b, b_in_image, c, world, conditions);
      });
    case PredicateKind::kSupportedBy:
    case PredicateKind::kInside:
    case PredicateKind::kNearest:
      return false;  // a point on the floor is not on, inside or the nearest of anything
  }
  return false;
}

}  // namespace

std::optional<PointTest> PointTest::Make(const Predicate& test, Frame frame, const Object& b,
                                         const ImageExtent& b_in_image, const Object* c, const RelationWorld& world) {
  if (frame == Frame::kObject && !ObjectFrame(b)) return std::nullopt;
  auto conditions = std::make_shared<std::vector<Condition>>();
  if (!AddConditions(test, frame, b, b_in_image, c, world, *conditions)) return std::nullopt;
  PointTest point_test;
  point_test.conditions_ = std::move(conditions);
  return point_test;
}

bool PointTest::Holds(const Eigen::Vector3d& p_in_world) const {
  return std::all_of(conditions_->begin(), conditions_->end(), [&](const Condition& condition) {
    return std::visit([&](const auto& test) { return test.Holds(p_in_world); }, condition.test);
  });
}

bool PointTest::HoldsAt(const Eigen::Vector3d& p_in_world, double image_x) const {
  return std::all_of(conditions_->begin(), conditions_->end(), [&](const Condition& condition) {
    return std::visit([&](const auto& test) { return test.At(p_in_world, image_x); }, condition.test);
  });
}

PointBounds PointBounds::Of(const PointBatch& batch) {
  PointBounds bounds;
  for (const Eigen::Vector3d& p : batch.points_in_world) bounds.points_in_world.extend(p);
  for (const double x : batch.image_x) {
    if (std::isnan(x)) continue;
    bounds.image_x_min = std::min(bounds.image_x_min, x);
    bounds.image_x_max = std::max(bounds.image_x_max, x);
  }
  return bounds;
}

int64_t PointTest::CountUpTo(const PointBatch& batch, const PointBounds& bounds, int64_t limit) const {
  SG_CHECK(batch.image_x.size() == batch.points_in_world.size());
  if (batch.points_in_world.empty()) return 0;
  const bool holds_nowhere = std::any_of(conditions_->begin(), conditions_->end(), [&](const Condition& condition) {
    return std::visit([&](const auto& test) { return test.HoldsNowhereIn(bounds); }, condition.test);
  });
  if (holds_nowhere) return 0;
  int64_t count = 0;
  for (size_t k = 0; k < batch.points_in_world.size() && count < limit; ++k) {
    count += HoldsAt(batch.points_in_world[k], batch.image_x[k]) ? 1 : 0;
  }
  return count;
}

void PointTest::Evaluate(const PointBatch& batch, std::vector<uint8_t>& holds) const {
  SG_CHECK(batch.image_x.size() == batch.points_in_world.size());
  const size_t count = batch.points_in_world.size();
  holds.assign(count, 1);
  for (const Condition& condition : *conditions_) {
    std::visit(
        [&](const auto& test) {
          for (size_t k = 0; k < count; ++k) {
            if (holds[k]) holds[k] = test.At(batch.points_in_world[k], batch.image_x[k]);
          }
        },
        condition.test);
  }
}

double FootprintGap(const Object& a, const Object& b) {
  if (FootprintOverlap(a, b) >= 0) return 0;
  const ConvexRegion hull_a(FootprintHull(a)), hull_b(FootprintHull(b));
  double gap = std::numeric_limits<double>::infinity();
  for (const auto& v : hull_a.vertices()) gap = std::min(gap, hull_b.Distance(v));
  for (const auto& v : hull_b.vertices()) gap = std::min(gap, hull_a.Distance(v));
  return gap;
}

double ShareInside(const Object& a, const Object& b) {
  constexpr int kSteps = 10;
  const Eigen::Matrix3d b_from_world = b.world_from_object.transpose();
  const Eigen::Vector3d b_half = 0.5 * b.size;
  int inside = 0;
  for (int i = 0; i < kSteps; ++i) {
    for (int j = 0; j < kSteps; ++j) {
      for (int k = 0; k < kSteps; ++k) {
        const Eigen::Vector3d unit((i + 0.5) / kSteps - 0.5, (j + 0.5) / kSteps - 0.5, (k + 0.5) / kSteps - 0.5);
        const Eigen::Vector3d p = a.center_in_world + a.world_from_object * unit.cwiseProduct(a.size);
        const Eigen::Vector3d in_b = b_from_world * (p - b.center_in_world);
        if ((in_b.cwiseAbs() - b_half).maxCoeff() <= kRounding) ++inside;
      }
    }
  }
  return double(inside) / (kSteps * kSteps * kSteps);
}

}  // namespace spatialgen
