#include "audit/scene_recheck.h"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <array>
#include <cmath>
#include <map>
#include <memory>
#include <set>

#include "core/error.h"
#include "core/json_reader.h"
#include "pipeline/prepared_view.h"
#include "pipeline/run_config.h"
#include "pipeline/scene_list.h"
#include "qa_gen/templates.h"

namespace spatialgen {
namespace {

enum Rule { kScene, kVisibility, kRelation, kBox, kObjectPoints, kFreeSpace, kRuleCount };

struct RuleInfo {
  const char* name;
  const char* description;
};
constexpr std::array<RuleInfo, kRuleCount> kRules = {{
    {"recheck_scene", "each scene of the dataset loads from the scenes config and has the item's view"},
    {"recheck_visibility", "the objects an item names are referable in a fresh render (nameable where named)"},
    {"recheck_relation", "yes/no relation answers and object-reference targets agree with the relation re-evaluated"},
    {"recheck_box", "grounding boxes equal the object's visible box in a fresh render"},
    {"recheck_object_points", "object-reference points show the target object in a fresh render"},
    {"recheck_free_space", "free-space points project to their pixels, lie on a free cell of the anchor's surface, "
                           "are visible and lie on the relation's side"},
}};

// A normalized answer may differ from the fresh value by its own rounding only.
constexpr double kBoxTolerance = 1e-9;
constexpr double kProjectionTolerancePx = 0.5;

// Checked counts and failures of one scene's items, merged in scene order afterwards.
struct SceneOutcome {
  std::array<int64_t, kRuleCount> checked{};
  struct Failure {
    Rule rule;
    std::string item_id;  // "" for a whole scene
    std::string message;
  };
  std::vector<Failure> failures;
  void Fail(Rule rule, const std::string& item_id, const std::string& message) {
    failures.push_back({rule, item_id, message});
  }
};

class SceneRechecker {
 public:
  SceneRechecker(const Scene& scene, const RunConfig& config, const TemplateLibrary& templates)
      : scene_(scene), config_(config), templates_(templates), prepared_(scene, config.support) {}

  void Recheck(const DatasetItem& item, SceneOutcome& outcome) {
    ++outcome.checked[kScene];
    const std::string view_id = ViewIdOfImage(item.image);
    const View* view = nullptr;
    for (const View& candidate : scene_.views) view = candidate.id == view_id ? &candidate : view;
    if (view == nullptr) return outcome.Fail(kScene, item.id, fmt::format("scene {} has no view {}", scene_.id, view_id));
    const PreparedView& prepared = ViewFor(*view);
    const std::set<int>& nameable = nameable_ids_.at(view->id);

    ++outcome.checked[kVisibility];
    if (const std::string problem = VisibilityProblem(item, prepared, nameable); !problem.empty()) {
      return outcome.Fail(kVisibility, item.id, problem);
    }
    if (item.task == "configuration" || item.task == "object_reference") {
      ++outcome.checked[kRelation];
      if (const std::string problem = RelationProblem(item, prepared, *view); !problem.empty()) {
        outcome.Fail(kRelation, item.id, problem);
      }
    }
    if (item.task == "grounding") {
      ++outcome.checked[kBox];
      if (const std::string problem = BoxProblem(item, prepared); !problem.empty()) outcome.Fail(kBox, item.id, problem);
    }
    if (item.task == "object_reference") {
      ++outcome.checked[kObjectPoints];
      if (const std::string problem = ObjectPointsProblem(item, prepared); !problem.empty()) {
        outcome.Fail(kObjectPoints, item.id, problem);
      }
    }
    if (item.task == "context" || item.task == "free_space_reference") {
      ++outcome.checked[kFreeSpace];
      if (const std::string problem = FreeSpaceProblem(item, prepared, *view); !problem.empty()) {
        outcome.Fail(kFreeSpace, item.id, problem);
      }
    }
  }

 private:
  // The view prepared once, with the ids of its nameable objects.
  const PreparedView& ViewFor(const View& view) {
    std::unique_ptr<PreparedView>& prepared = views_[view.id];
    if (!prepared) {
      prepared = std::make_unique<PreparedView>(prepared_, view, config_);
      std::set<int>& nameable = nameable_ids_[view.id];
      for (const VisibleObject* visible : prepared->context.Nameable()) nameable.insert(visible->object->id);
    }
    return *prepared;
  }

  static const VisibleObject* Referable(const PreparedView& prepared, int object_id) {
    for (const VisibleObject& visible : prepared.context.referable) {
      if (visible.object->id == object_id) return &visible;
    }
    return nullptr;
  }

  // Tasks that name their objects in the question need them nameable (referable, label unique
  // in the view); the RoboPoint tasks mark the anchor in red and need it referable only.
  static std::string VisibilityProblem(const DatasetItem& item, const PreparedView& prepared,
                                       const std::set<int>& nameable) {
    const bool named = item.task != "object_reference" && item.task != "free_space_reference";
    if (item.object_ids.empty()) return "the ground truth names no object";
    for (int object_id : item.object_ids) {
      if (!Referable(prepared, object_id)) return fmt::format("object {} is not referable in the view", object_id);
      if (named && !nameable.count(object_id)) {
        return fmt::format("object {} is named but its label is not unique among the referable objects", object_id);
      }
    }
    return "";
  }

  const RelationEntry* RelationOf(const DatasetItem& item) const {
    for (const RelationEntry& relation : templates_.relations) {
      if (relation.name == item.relation) return &relation;
    }
    return nullptr;
  }

  std::string RelationProblem(const DatasetItem& item, const PreparedView& prepared, const View& view) const {
    const RelationEntry* relation = RelationOf(item);
    const std::optional<Frame> frame = ParseFrame(item.frame);
    if (relation == nullptr || !frame || item.object_ids.size() < 2) {
      return fmt::format("cannot re-evaluate relation \"{}\" in frame \"{}\"", item.relation, item.frame);
    }
    const VisibleObject* a = Referable(prepared, item.object_ids[0]);
    const VisibleObject* b = Referable(prepared, item.object_ids[1]);
    const RelationQuery query{a->object, b->object, a->InImage(), b->InImage()};
    const std::optional<Truth> truth =
        EvaluateRelation(*frame, relation->axis, relation->sign, query, scene_, view, config_.generation.relations);
    const bool expected = item.task == "object_reference" || item.answer_yes;
    if (!truth) return "the frame does not exist for this anchor";
    if (*truth != (expected ? Truth::kTrue : Truth::kFalse)) {
      return fmt::format("the answer says {}, the scene says {}", expected ? "true" : "false", TruthName(*truth));
    }
    return "";
  }

  static std::string BoxProblem(const DatasetItem& item, const PreparedView& prepared) {
    const VisibleObject* target = Referable(prepared, item.object_ids[0]);
    const double width = prepared.render.width, height = prepared.render.height;
    const Eigen::Vector4d fresh(target->visible_box.min().x() / width, target->visible_box.min().y() / height,
                                target->visible_box.max().x() / width, target->visible_box.max().y() / height);
    const Eigen::Vector4d answer(item.box.min().x(), item.box.min().y(), item.box.max().x(), item.box.max().y());
    if ((fresh - answer).cwiseAbs().maxCoeff() > kBoxTolerance) {
      return fmt::format("box [{:.4f}, {:.4f}, {:.4f}, {:.4f}], the fresh render's [{:.4f}, {:.4f}, {:.4f}, {:.4f}]",
                         answer[0], answer[1], answer[2], answer[3], fresh[0], fresh[1], fresh[2], fresh[3]);
    }
    return "";
  }

  static std::string ObjectPointsProblem(const DatasetItem& item, const PreparedView& prepared) {
    const ViewRender& render = prepared.render;
    for (size_t k = 0; k < item.points.size(); ++k) {
      const int i = std::clamp(static_cast<int>(std::floor(item.points[k].x() * render.width)), 0, render.width - 1);
      const int j = std::clamp(static_cast<int>(std::floor(item.points[k].y() * render.height)), 0, render.height - 1);
      const int shown = render.instance[render.PixelIndex(i, j)];
      if (shown != item.object_ids[0]) {
        return fmt::format("point {} (pixel {}, {}) shows object {}, not the target {}", k, i, j, shown, item.object_ids[0]);
      }
    }
    return "";
  }

  std::string FreeSpaceProblem(const DatasetItem& item, const PreparedView& prepared, const View& view) const {
    const RelationEntry* relation = RelationOf(item);
    const std::optional<Frame> frame = ParseFrame(item.frame);
    if (relation == nullptr || !frame) return fmt::format("unknown relation \"{}\" or frame \"{}\"", item.relation, item.frame);
    if (item.points_in_world.size() != item.points.size()) return "the ground truth lacks the 3D points";
    const VisibleObject* anchor = Referable(prepared, item.object_ids[0]);
    const int surface = prepared_.support.SurfaceOf(scene_, *anchor->object);
    if (surface < 0) return "the anchor stands on no support surface";
    const OccupancyGrid& grid = prepared_.support.surfaces[surface].grid;
    const std::optional<PointSideTest> side = PointSideTest::Make(*frame, relation->axis, relation->sign, *anchor->object,
                                                                  anchor->InImage(), scene_, view,
                                                                  config_.generation.relations);
    if (!side) return "the relation has no side for this anchor and frame";
    const Eigen::Vector3f camera = view.CenterInWorld().cast<float>();
    for (size_t k = 0; k < item.points.size(); ++k) {
      const Eigen::Vector3d& point = item.points_in_world[k];
      const Eigen::Vector2d pixel(item.points[k].x() * view.width, item.points[k].y() * view.height);
      const std::optional<Eigen::Vector2d> projected = view.Project(point);
      if (!projected || (*projected - pixel).cwiseAbs().maxCoeff() > kProjectionTolerancePx) {
        return fmt::format("point {} does not project to its pixel", k);
      }
      const std::optional<Eigen::Vector2i> cell = grid.CellAt(point.head<2>());
      if (!cell || !grid.IsFree(cell->x(), cell->y(), config_.generation.free_space.free_height)) {
        return fmt::format("point {} is not on a free cell of the anchor's support surface", k);
      }
      const Eigen::Vector3f target = point.cast<float>();
      uint8_t occluded = 1;
      prepared_.caster.Occluded({&camera, 1}, {&target, 1}, {&occluded, 1});
      if (occluded) return fmt::format("point {} is hidden from the camera", k);
      if (!side->Holds(point)) return fmt::format("point {} is not {} the anchor", k, item.relation);
    }
    return "";
  }

  const Scene& scene_;
  const RunConfig& config_;
  const TemplateLibrary& templates_;
  PreparedScene prepared_;
  std::map<std::string, std::unique_ptr<PreparedView>> views_;
  std::map<std::string, std::set<int>> nameable_ids_;  // per view id
};

// The seed generate used: the manifest's, when the folder has one.
void UseManifestSeed(const std::filesystem::path& root, RunConfig& config) {
  const std::filesystem::path manifest = root / "manifest.json";
  if (!std::filesystem::exists(manifest)) return;
  const Json json = ReadJsonFile(manifest);
  if (json.contains("seed") && json["seed"].is_number_unsigned()) config.seed = json["seed"].get<uint64_t>();
}

// A scene's items re-checked (part of them: the scene's items of one QA file), or why they
// could not be.
struct PieceOutcome {
  std::string scene_id;
  int64_t items = 0;
  std::string problem;  // "" or what follows "scene S (N items) "
  SceneOutcome outcome;
};

PieceOutcome RecheckItems(const SceneSlot* slot, const std::string& scene_id, const std::vector<const DatasetItem*>& items,
                          const RunConfig& config, const TemplateLibrary& templates) {
  PieceOutcome piece{scene_id, static_cast<int64_t>(items.size()), "", {}};
  if (slot == nullptr) {
    piece.problem = "is not in the scenes config";
    return piece;
  }
  try {
    const Scene scene = LoadSlot(*slot, config);
    SceneRechecker rechecker(scene, config, templates);
    for (const DatasetItem* item : items) rechecker.Recheck(*item, piece.outcome);
  } catch (const InputError& e) {
    piece.problem = std::string("does not load: ") + e.what();
  }
  return piece;
}

// What one scene's items gave, over the pieces that held them: counts, and the first failures of
// each rule (all the report shows).
struct SceneState {
  int64_t items = 0;
  std::string problem;
  std::array<int64_t, kRuleCount> checked{};
  std::array<int64_t, kRuleCount> failed{};
  std::vector<SceneOutcome::Failure> first_failures;  // up to kMaxExamples per rule
};

}  // namespace

struct SceneRecheck::Scenes : std::map<std::string, SceneState> {};

SceneRecheck::SceneRecheck(const std::filesystem::path& dataset_root, const AuditOptions& options)
    : config_(std::make_unique<RunConfig>(LoadRunConfig(options.scenes_config))), scenes_(std::make_unique<Scenes>()) {
  UseManifestSeed(dataset_root, *config_);
  templates_ = std::make_unique<TemplateLibrary>(LoadTemplates(config_->templates));
  for (SceneSlot& slot : ListScenes(*config_, {})) slots_.emplace(slot.id, std::move(slot));
}

SceneRecheck::~SceneRecheck() = default;

void SceneRecheck::Add(const std::vector<const std::vector<DatasetItem>*>& pieces) {
  // Each piece's items with an expected answer, by scene (a piece of a spatialgen folder holds one).
  std::vector<std::pair<std::string, std::vector<const DatasetItem*>>> groups;
  for (const std::vector<DatasetItem>* piece : pieces) {
    for (const DatasetItem& item : *piece) {
      if (!item.answer_kind) continue;
      if (groups.empty() || groups.back().first != item.scene) groups.push_back({item.scene, {}});
      groups.back().second.push_back(&item);
    }
  }
  std::vector<PieceOutcome> outcomes(groups.size());
  tbb::parallel_for(size_t(0), groups.size(), [&](size_t i) {
    const auto slot = slots_.find(groups[i].first);
    outcomes[i] = RecheckItems(slot == slots_.end() ? nullptr : &slot->second, groups[i].first, groups[i].second,
                               *config_, *templates_);
  });
  for (PieceOutcome& piece : outcomes) {
    SceneState& state = (*scenes_)[piece.scene_id];
    state.items += piece.items;
    if (state.problem.empty()) state.problem = piece.problem;
    for (int rule = 0; rule < kRuleCount; ++rule) state.checked[rule] += piece.outcome.checked[rule];
    for (SceneOutcome::Failure& failure : piece.outcome.failures) {
      if (state.failed[failure.rule]++ < static_cast<int64_t>(AuditCheck::kMaxExamples)) {
        state.first_failures.push_back(std::move(failure));
      }
    }
  }
}

void SceneRecheck::Finish(AuditReport& report) const {
  std::array<AuditCheck, kRuleCount> checks;
  for (int rule = 0; rule < kRuleCount; ++rule) {
    checks[rule] = {kRules[rule].name, "geometry", CheckSeverity::kError, kRules[rule].description};
  }
  for (const auto& [scene_id, state] : *scenes_) {  // in scene order
    for (int rule = 0; rule < kRuleCount; ++rule) checks[rule].checked += state.checked[rule];
    std::array<int64_t, kRuleCount> shown{};
    for (const SceneOutcome::Failure& failure : state.first_failures) {
      checks[failure.rule].Fail(failure.item_id, failure.message);
      ++shown[failure.rule];
    }
    for (int rule = 0; rule < kRuleCount; ++rule) checks[rule].failed += state.failed[rule] - shown[rule];
    if (!state.problem.empty()) {
      checks[kScene].checked += state.items;
      checks[kScene].Fail("", fmt::format("scene {} ({} items) {}", scene_id, state.items, state.problem));
    }
  }
  for (const AuditCheck& check : checks) report.checks.push_back(check);
  report.geometry_rechecked = true;
}

std::string ViewIdOfImage(const std::string& image) {
  std::string stem = std::filesystem::path(image).stem().string();
  const size_t mark = stem.rfind("_mark");
  if (mark != std::string::npos && mark + 5 < stem.size() &&
      stem.find_first_not_of("0123456789", mark + 5) == std::string::npos) {
    stem.resize(mark);
  }
  return stem;
}

}  // namespace spatialgen
