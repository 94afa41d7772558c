#pragma once
// The relation vocabulary (SPEC section 3, templates/relations.json): a relation's `test` is a
// predicate from a small fixed set, read from JSON and evaluated on the item's objects in the
// item's frame with a true band, a false band and an ambiguous band between them. New
// relations are new JSON entries; only a new kind of test is C++.
//
//   beyond {axis, sign}         A beyond B along a frame axis (left of, in front of, above, ...)
//   sector {angle_deg, ...}     A's centre in a horizontal direction sector from B (diagonals)
//   gap {max | min}             the horizontal gap between the footprints (near, far from)
//   supported_by {}             A rests on B (the support surface A stands on is B's)
//   inside {fraction}           the share of A's box inside B's box
//   between {}                  A's centre in the corridor joining B's and C's footprints
//   nearest {}                  A is the nearest of its label to B
//   all_of [tests]              every test holds
#include <Eigen/Core>

#include <Eigen/Geometry>

#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_reader.h"
#include "reframe/relations.h"

namespace spatialgen {

enum class PredicateKind { kBeyond, kSector, kGap, kSupportedBy, kInside, kBetween, kNearest, kAllOf };
std::string_view PredicateName(PredicateKind kind);  // as in relations.json: "beyond", "all_of"

// One test. Only the fields of its kind are used; every threshold has a default.
struct Predicate {
  PredicateKind kind = PredicateKind::kBeyond;
  // Metres A must clear the threshold by (true band); absent: the generation's relation_margin.
  // sector, between and nearest use it; beyond and gap take the generation's (beyond's
  // answers are SPEC's) unless it is given.
  std::optional<double> margin;
  // beyond
  RelationAxis axis = RelationAxis::kLeft;
  int sign = 1;
  // sector: the direction from B, degrees counter-clockwise from the frame's front (0) towards
  // its left (90); true within width_deg / 2 of it, false beyond width_deg / 2 + band_deg.
  double angle_deg = 0, width_deg = 60, band_deg = 15;
  // gap: true when the gap is at most max_gap (near) or at least min_gap (far); false a
  // margin past that. Exactly one is set.
  std::optional<double> max_gap, min_gap;
  // inside: true when at least `fraction` of A's box lies in B's, false at most false_fraction.
  double fraction = 0.8, false_fraction = 0.2;
  // all_of: the tests that must all hold.
  std::vector<Predicate> all_of;
};

// Reads a test: an object with one key, the predicate's name, whose value holds its
// parameters (all_of: an array of tests). Throws InputError naming `file` and the key path
// (under `path`) for an unknown predicate or parameter or a bad value.
Predicate ReadPredicate(const Json& test, const std::string& file, const std::string& path);

// Every kind the test uses (all_of and its parts).
std::set<PredicateKind> KindsOf(const Predicate& test);
// Whether its answer depends on the frame (beyond and sector do).
bool UsesFrame(const Predicate& test);
// Whether it relates A to two anchors, B and C (between): questions name both.
bool NeedsSecondAnchor(const Predicate& test);

// What the predicates may consult beyond the objects of a question.
struct RelationWorld {
  const Scene& scene;
  const View& view;
  const RelationOptions& options;
  // The id of the object whose support surface `object` rests on, -1 for a background
  // surface (the floor), nullopt when it rests on none known (supported_by).
  std::function<std::optional<int>(const Object&)> rests_on;
  // The objects a superlative compares among: the view's referable objects (nearest).
  std::vector<const Object*> peers;
};

// "A is rel B (and C)" by `test` in `frame`: nullopt when the frame does not exist for the
// anchor (the object frame of a B without a front, for every test; see EvaluateRelation for
// beyond) or the query lacks the second anchor a between test needs.
std::optional<Truth> EvaluatePredicate(const Predicate& test, Frame frame, const RelationQuery& query,
                                       const RelationWorld& world);

// Whether `frame` exists for `anchor` and this test (the object frame needs a front; the
// horizontal directions of the world and ego frames need a world front and a camera that
// does not look straight down).
bool FrameExists(const Predicate& test, Frame frame, const Object& anchor, const RelationWorld& world);

// The frames a pair is asked about: every requested frame that exists for the anchor when the
// test uses frames, else only the first of them (its answer would repeat in the others).
std::vector<Frame> FramesToAsk(const Predicate& test, const std::vector<Frame>& requested, const Object& anchor,
                               const RelationWorld& world);

// Points a PointTest decides in one pass (free-space pixels): each point and the pixel column
// it projects to in the test's view (View::Project's x; NaN where it does not project), which
// the ego frame's left/right compares.
struct PointBatch {
  std::span<const Eigen::Vector3d> points_in_world;
  std::span<const double> image_x;
};

// The box that holds a batch's points and the range of their pixel columns (NaN columns left
// out): a test that cannot hold anywhere in them holds for none of the points.
struct PointBounds {
  Eigen::AlignedBox3d points_in_world;  // empty for no points
  double image_x_min = std::numeric_limits<double>::infinity();
  double image_x_max = -std::numeric_limits<double>::infinity();
  static PointBounds Of(const PointBatch& batch);
};

// "A point is rel B (and C)": the true band of a test for a point without extent (free
// space), prepared once per (test, frame, anchors). Exists for horizontal beyond, sector, gap,
// between, and all_of over those. Copies share the prepared conditions.
class PointTest {
 public:
  // nullopt when the test has no point form or the frame does not exist for B.
  static std::optional<PointTest> Make(const Predicate& test, Frame frame, const Object& b,
                                       const ImageExtent& b_in_image, const Object* c, const RelationWorld& world);
  bool Holds(const Eigen::Vector3d& p_in_world) const;
  // holds[k] = whether the test holds for point k, the same answer as Holds; a condition at a
  // time, so each is one tight loop.
  void Evaluate(const PointBatch& batch, std::vector<uint8_t>& holds) const;
  // For how many points it holds, counting up to `limit` (a scan that stops there); no scan
  // when a condition cannot hold anywhere in `bounds`, the batch's.
  int64_t CountUpTo(const PointBatch& batch, const PointBounds& bounds, int64_t limit) const;

  struct Condition;  // one of the conditions that must all hold (predicates.cpp)

 private:
  // Holds for a point whose pixel column is already known.
  bool HoldsAt(const Eigen::Vector3d& p_in_world, double image_x) const;

  std::shared_ptr<const std::vector<Condition>> conditions_;
};

// Geometry the predicates are built on, exposed for tests.
// The horizontal gap between the objects' footprints (hulls where the scene has them, else
// boxes), metres; zero when they overlap or touch.
double FootprintGap(const Object& a, const Object& b);
// The share of A's box volume inside B's box, estimated on a 10 x 10 x 10 lattice of cell
// centres (exact for boxes whose faces cut A on tenths).
double ShareInside(const Object& a, const Object& b);

}  // namespace spatialgen
