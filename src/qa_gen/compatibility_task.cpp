#include "qa_gen/compatibility_task.h"

#include <algorithm>
#include <cmath>

#include "core/check.h"
#include "scene/footprint.h"

namespace spatialgen {
namespace {

// One question before it is answered.
struct Question {
  const VisibleObject* a;
  const VisibleObject* b;
  Frame frame;
  const RelationEntry* relation;  // nullptr: on top of B
};

// A copy of `object` standing at `xy` on a surface of `height`, turned to `yaw`.
Object PlacedAt(const Object& object, const Eigen::Vector2d& xy, double surface_height, double yaw) {
  Object placed = object;
  placed.center_in_world = Eigen::Vector3d(xy.x(), xy.y(), surface_height + 0.5 * object.size.z());
  placed.world_from_object = Eigen::AngleAxisd(yaw, Eigen::Vector3d::UnitZ()).toRotationMatrix();
  return placed;
}

// The image extent of a placed (not rendered) object: its projected box corners.
std::optional<ImageExtent> ProjectedExtent(const Object& object, const View& view) {
  ImageExtent extent{std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(), 0};
  for (const Eigen::Vector3d& corner : object.CornersInWorld()) {
    const std::optional<Eigen::Vector2d> pixel = view.Project(corner);
    if (!pixel) return std::nullopt;
    extent.x_min = std::min(extent.x_min, pixel->x());
    extent.x_max = std::max(extent.x_max, pixel->x());
  }
  const std::optional<Eigen::Vector2d> center = view.Project(object.center_in_world);
  if (!center) return std::nullopt;
  extent.centroid_x = center->x();
  return extent;
}

// What the placement search did, counted in plain integers (the innermost loop runs millions
// of times; named counters are updated once per view).
struct PlacementTally {
  int64_t tried = 0;          // placements tested for collision
  int64_t behind_camera = 0;  // placements whose box reaches behind the camera

  void AddTo(Counters& counters) const {
    if (tried > 0) counters.Add("compatibility.placements_tried", tried);
    if (behind_camera > 0) counters.Add("compatibility.placement_behind_camera", behind_camera);
  }
};

// Candidate positions around `center`, within `radius`, nearest first (a fit is found early),
// on a lattice turned by `yaw` (the anchor's): answers then do not depend on the scene's axes.
std::vector<Eigen::Vector2d> PositionsAround(const Eigen::Vector2d& center, double radius, double step, double yaw) {
  std::vector<Eigen::Vector2d> positions;
  const Eigen::Rotation2Dd turn(yaw);
  const int steps = int(std::ceil(radius / step));
  for (int dy = -steps; dy <= steps; ++dy) {
    for (int dx = -steps; dx <= steps; ++dx) {
      const Eigen::Vector2d offset(dx * step, dy * step);
      if (offset.norm() <= radius) positions.push_back(center + turn * offset);
    }
  }
  std::stable_sort(positions.begin(), positions.end(), [&](const auto& p, const auto& q) {
    return (p - center).squaredNorm() < (q - center).squaredNorm();
  });
  return positions;
}

class Answerer {
 public:
  Answerer(const ViewContext& context, const RelationOptions& relations, const CompatibilityOptions& options)
      : context_(context), relations_(relations), options_(options) {}

  // Yes when some placement fits, no when none does; nullopt when the question does not apply.
  std::optional<bool> Answer(const Question& question, PlacementTally& tally) const {
    const Object& a = *question.a->object;
    const Object& b = *question.b->object;
    if (question.relation && !FrameExists(question)) return std::nullopt;
    const int surface_index = question.relation ? context_.support->SurfaceOf(*context_.scene, b) : TopOf(b);
    if (surface_index < 0) return std::nullopt;
    const SupportSurface& surface = context_.support->surfaces[surface_index];
    const double a_half_diagonal = 0.5 * a.size.head<2>().norm();
    const Footprint b_footprint = FootprintOf(b);
    const double radius = question.relation
                              ? 0.5 * b.size.head<2>().norm() + options_.max_distance + a_half_diagonal
                              : 0.5 * b.size.head<2>().norm();
    // A quick exact rejection: when the clearance reaches past the cell holding the footprint's
    // centre, anything in that cell's slab (or that cell not being surface) rules out every yaw.
    const bool centre_cell_decides = options_.placement.clearance >= std::sqrt(2.0) * surface.grid.resolution();
    for (const Eigen::Vector2d& xy : PositionsAround(b_footprint.center_in_world, radius, options_.position_step, b_footprint.yaw)) {
      if (centre_cell_decides) {
        const std::optional<Eigen::Vector2i> cell = surface.grid.CellAt(xy);
        if (!cell || !surface.grid.IsFree(cell->x(), cell->y(), a.size.z(), a.id)) continue;
      }
      for (double yaw_deg : options_.yaws_deg) {
        const double yaw = b_footprint.yaw + yaw_deg * M_PI / 180.0;  // relative to the anchor, like the lattice
        const Object placed = PlacedAt(a, xy, surface.height, yaw);
        if (question.relation && !OnTheSide(placed, question, tally)) continue;
        const Footprint footprint{xy, a.size.head<2>(), yaw};
        ++tally.tried;
        if (PlacementFits(surface, footprint, a.size.z(), options_.placement, a.id,
                          question.relation ? &b : nullptr)) {
          return true;
        }
      }
    }
    return false;
  }

 private:
  // Whether the question's frame exists for B (an object frame needs B's front, the world
  // frame the scene's).
  bool FrameExists(const Question& question) const {
    return PointSideTest::Make(question.frame, question.relation->axis, question.relation->sign,
                               *question.b->object, question.b->InImage(), *context_.scene, *context_.view,
                               relations_)
        .has_value();
  }

  // The highest surface that is B's own top.
  int TopOf(const Object& b) const {
    int top = -1;
    const auto& surfaces = context_.support->surfaces;
    for (size_t k = 0; k < surfaces.size(); ++k) {
      if (surfaces[k].object_id == b.id && (top < 0 || surfaces[k].height > surfaces[top].height)) top = int(k);
    }
    return top;
  }

  // Is the placed A clearly `relation` B (the relation's true band) within max_distance?
  bool OnTheSide(const Object& placed, const Question& question, PlacementTally& tally) const {
    const Object& b = *question.b->object;
    if (DistanceBetweenFootprints(placed, b) > options_.max_distance) return false;
    const std::optional<ImageExtent> placed_in_image = ProjectedExtent(placed, *context_.view);
    if (!placed_in_image) {
      ++tally.behind_camera;
      return false;
    }
    const RelationQuery query{&placed, &b, *placed_in_image, question.b->InImage()};
    const std::optional<Truth> truth = EvaluateRelation(question.frame, question.relation->axis,
                                                        question.relation->sign, query, *context_.scene,
                                                        *context_.view, relations_);
    return truth == Truth::kTrue;
  }

  // The centre distance less both half diagonals: SPEC section 4's "max distance plus half
  // the sizes", measured between the footprints' bounding circles.
  static double DistanceBetweenFootprints(const Object& a, const Object& b) {
    const double centres = (a.center_in_world - b.center_in_world).head<2>().norm();
    return centres - 0.5 * a.size.head<2>().norm() - 0.5 * b.size.head<2>().norm();
  }

  const ViewContext& context_;
  const RelationOptions& relations_;
  const CompatibilityOptions& options_;
};

}  // namespace

void CompatibilityOptions::Check() const {
  CheckNested(placement, "placement");
  SG_CHECK_OPTION_GT(max_distance, 0);
  SG_CHECK_OPTION_GT(position_step, 0);
  SG_CHECK_OPTION(!yaws_deg.empty(), yaws_deg, "must not be empty");
  SG_CHECK_OPTION_GE(max_questions_per_view, 0);
}

void ReadOptions(JsonReader& reader, CompatibilityOptions& options) {
  ReadSection(reader, "placement", options.placement);
  reader.Read("max_distance", options.max_distance);
  reader.Read("position_step", options.position_step);
  reader.Read("yaws_deg", options.yaws_deg);
  reader.Read("max_questions_per_view", options.max_questions_per_view);
}

std::vector<PendingItem> CompatibilityCandidates(const ViewContext& context, const TemplateLibrary& library,
                                                 const std::vector<Frame>& frames, const RelationOptions& relations,
                                                 const CompatibilityOptions& options, bool on_top, Rng& rng,
                                                 Counters& counters) {
  const std::vector<const VisibleObject*> nameable = context.Nameable();
  std::vector<Question> questions;
  for (const VisibleObject* a : nameable) {
    if (!a->object->movable) continue;
    for (const VisibleObject* b : nameable) {
      if (a == b) continue;
      if (on_top) {
        if (b->object->support) questions.push_back({a, b, Frame::kWorld, nullptr});
        continue;
      }
      for (Frame frame : frames) {
        for (const RelationEntry& relation : library.relations) {
          if (relation.axis != RelationAxis::kUp) questions.push_back({a, b, frame, &relation});
        }
      }
    }
  }
  // Placement search is costly: answer a random sample of the questions.
  rng.Shuffle(questions);
  if (int(questions.size()) > options.max_questions_per_view) questions.resize(options.max_questions_per_view);

  const Answerer answerer(context, relations, options);
  PlacementTally tally;
  std::vector<PendingItem> pending;
  for (const Question& question : questions) {
    const std::optional<bool> fits = answerer.Answer(question, tally);
    if (!fits) continue;
    PendingItem item;
    const std::string relation_name = question.relation ? question.relation->name : "on_top";
    const std::string frame_name = question.relation ? std::string(FrameName(question.frame)) : "";
    item.candidate = {"compatibility/" + (frame_name.empty() ? "" : frame_name + "/") + relation_name, *fits};
    item.item.task = "compatibility";
    item.item.frame = frame_name;
    item.item.relation = relation_name;
    item.item.answer_kind = AnswerKind::kYesNo;
    item.item.answer_yes = *fits;
    item.item.answer = *fits ? "yes" : "no";
    item.item.object_ids = {question.a->object->id, question.b->object->id};
    item.item.object_labels = {question.a->object->label, question.b->object->label};
    item.placeholders = {{"a", question.a->object->NameInQuestions()}, {"b", question.b->object->NameInQuestions()}};
    item.relation = question.relation;
    if (question.relation) item.frame = question.frame;
    pending.push_back(std::move(item));
  }
  tally.AddTo(counters);
  return pending;
}

}  // namespace spatialgen
