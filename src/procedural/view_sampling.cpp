#include "procedural/view_sampling.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "core/check.h"
#include "core/image_header.h"
#include "scene/box_geometry.h"
#include "scene/camera.h"

namespace spatialgen {
namespace {

struct Bounds2 {
  Eigen::Vector2d min = Eigen::Vector2d::Constant(INFINITY);
  Eigen::Vector2d max = Eigen::Vector2d::Constant(-INFINITY);
  void Extend(const Eigen::Vector2d& p) {
    min = min.cwiseMin(p);
    max = max.cwiseMax(p);
  }
  bool Contains(const Eigen::Vector2d& p, double inset) const {
    return (p.array() >= min.array() + inset).all() && (p.array() <= max.array() - inset).all();
  }
};

// The room footprint: the background mesh, else all of the mesh, else the boxes grown.
Bounds2 RoomBounds(const Scene& scene, double grow) {
  Bounds2 bounds;
  const Mesh& mesh = scene.mesh;
  const bool has_instances = !mesh.triangle_instance.empty();
  const bool has_background = has_instances && std::count(mesh.triangle_instance.begin(),
                                                          mesh.triangle_instance.end(), -1) > 0;
  for (size_t t = 0; t < mesh.triangles.size(); ++t) {
    if (has_background && mesh.triangle_instance[t] != -1) continue;
    for (int k = 0; k < 3; ++k) {
      bounds.Extend(mesh.vertices[mesh.triangles[t][k]].head<2>().cast<double>());
    }
  }
  if (mesh.empty()) {
    for (const Object& object : scene.objects) {
      for (const Eigen::Vector3d& corner : object.CornersInWorld()) {
        bounds.Extend(corner.head<2>() - Eigen::Vector2d::Constant(grow));
        bounds.Extend(corner.head<2>() + Eigen::Vector2d::Constant(grow));
      }
    }
  }
  return bounds;
}

// What a candidate pose achieves; compared lexicographically.
struct Score {
  bool accepted = false;
  int aimed_inside = 0;
  int inside = 0;
  auto Key() const { return std::tie(accepted, aimed_inside, inside); }
};

bool ProjectsInside(const View& view, const Eigen::Vector3d& p_in_world, double margin) {
  const auto pixel = view.Project(p_in_world);
  if (!pixel) return false;
  const double mx = margin * view.width, my = margin * view.height;
  return pixel->x() >= mx && pixel->x() <= view.width - mx && pixel->y() >= my &&
         pixel->y() <= view.height - my;
}

class Sampler {
 public:
  Sampler(const Scene& scene, const ViewSamplingOptions& options)
      : scene_(scene), options_(options), room_(RoomBounds(scene, options.distance_max)) {
    for (const Object& object : scene.objects) {
      if (object.movable) anchors_.push_back(&object);
    }
    if (anchors_.empty()) {
      for (const Object& object : scene.objects) anchors_.push_back(&object);
    }
  }

  std::optional<View> Sample(const std::string& id, Rng& rng) const {
    if (anchors_.empty()) return std::nullopt;
    std::optional<View> best;
    Score best_score;
    for (int attempt = 0; attempt < options_.attempts; ++attempt) {
      const std::vector<const Object*> aimed = AimedGroup(*anchors_[rng.Index(anchors_.size())]);
      View view = Candidate(id, aimed, rng);
      if (!EyeIsFree(view.CenterInWorld())) continue;
      const Score score = Evaluate(view, aimed);
      if (!best || score.Key() > best_score.Key()) {
        best = std::move(view);
        best_score = score;
      }
      if (score.accepted) break;
    }
    return best;
  }

 private:
  std::vector<const Object*> AimedGroup(const Object& anchor) const {
    std::vector<const Object*> group;
    for (const Object& object : scene_.objects) {
      const double distance = (object.center_in_world - anchor.center_in_world).head<2>().norm();
      if (&object == &anchor ||
          (object.movable == anchor.movable && distance <= options_.aim_radius)) {
        group.push_back(&object);
      }
    }
    return group;
  }

  View Candidate(const std::string& id, const std::vector<const Object*>& aimed, Rng& rng) const {
    Eigen::Vector3d target = Eigen::Vector3d::Zero();
    double surface_z = INFINITY;
    for (const Object* object : aimed) {
      target += object->center_in_world;
      surface_z = std::min(surface_z, BottomZ(*object));
    }
    target /= double(aimed.size());
    const bool robot = rng.Bernoulli(options_.robot_fraction);
    double height = robot ? rng.Uniform(options_.robot_height_min, options_.robot_height_max)
                          : rng.Uniform(options_.person_height_min, options_.person_height_max);
    height = std::max(height, surface_z + options_.min_height_above_surface);
    const double distance = rng.Uniform(options_.distance_min, options_.distance_max);
    const double azimuth = rng.Uniform(-M_PI, M_PI);
    const Eigen::Vector3d eye(target.x() + distance * std::cos(azimuth),
                              target.y() + distance * std::sin(azimuth), height);
    View view;
    view.id = id;
    view.width = options_.width;
    view.height = options_.height;
    view.intrinsics = CenteredIntrinsics(options_.width, options_.height,
                                         options_.horizontal_fov_deg * M_PI / 180);
    view.cam_from_world = CamFromWorldLookAt(eye, target);
    return view;
  }

  bool EyeIsFree(const Eigen::Vector3d& eye) const {
    if (!room_.Contains(eye.head<2>(), options_.clearance)) return false;
    return std::none_of(scene_.objects.begin(), scene_.objects.end(), [&](const Object& object) {
      return InFootprint(object, eye.head<2>(), -options_.clearance);
    });
  }

  Score Evaluate(const View& view, const std::vector<const Object*>& aimed) const {
    Score score;
    for (const Object& object : scene_.objects) {
      score.inside += ProjectsInside(view, object.center_in_world, options_.image_margin);
    }
    for (const Object* object : aimed) {
      score.aimed_inside += ProjectsInside(view, object->center_in_world, options_.image_margin);
    }
    score.accepted = score.inside >= options_.min_objects_in_view &&
                     score.aimed_inside >= options_.min_aimed_fraction * double(aimed.size());
    return score;
  }

  const Scene& scene_;
  const ViewSamplingOptions& options_;
  Bounds2 room_;
  std::vector<const Object*> anchors_;
};


}  // namespace

void ViewSamplingOptions::Check() const {
  SG_CHECK_OPTION(count >= 1, count, fmt::format("must be >= 1 (no views give no items), got {}", count));
  SG_CHECK_OPTION_GT(width, 0);
  SG_CHECK_OPTION_GT(height, 0);
  if (auto problem = ImageSizeProblem(width, height)) throw FieldError("width", *problem);
  SG_CHECK_OPTION(horizontal_fov_deg > 1 && horizontal_fov_deg < 179, horizontal_fov_deg, "must lie in (1, 179)");
  SG_CHECK_OPTION_IN(robot_fraction, 0.0, 1.0);
  SG_CHECK_OPTION_GT(robot_height_min, 0);
  SG_CHECK_OPTION(robot_height_max >= robot_height_min, robot_height_max, "must be >= robot_height_min");
  SG_CHECK_OPTION_GT(person_height_min, 0);
  SG_CHECK_OPTION(person_height_max >= person_height_min, person_height_max, "must be >= person_height_min");
  SG_CHECK_OPTION_GE(min_height_above_surface, 0);
  SG_CHECK_OPTION_GT(distance_min, 0);
  SG_CHECK_OPTION(distance_max >= distance_min, distance_max, "must be >= distance_min");
  SG_CHECK_OPTION_GE(clearance, 0);
  SG_CHECK_OPTION_GE(aim_radius, 0);
  SG_CHECK_OPTION_GE(min_objects_in_view, 0);
  SG_CHECK_OPTION_IN(min_aimed_fraction, 0.0, 1.0);
  SG_CHECK_OPTION(image_margin >= 0 && image_margin < 0.5, image_margin, "must lie in [0, 0.5)");
  SG_CHECK_OPTION_GE(attempts, 1);
}

void ReadOptions(JsonReader& reader, ViewSamplingOptions& options) {
  reader.Read("count", options.count);
  reader.Read("width", options.width);
  reader.Read("height", options.height);
  reader.Read("horizontal_fov_deg", options.horizontal_fov_deg);
  reader.Read("robot_fraction", options.robot_fraction);
  reader.Read("robot_height_min", options.robot_height_min);
  reader.Read("robot_height_max", options.robot_height_max);
  reader.Read("person_height_min", options.person_height_min);
  reader.Read("person_height_max", options.person_height_max);
  reader.Read("min_height_above_surface", options.min_height_above_surface);
  reader.Read("distance_min", options.distance_min);
  reader.Read("distance_max", options.distance_max);
  reader.Read("clearance", options.clearance);
  reader.Read("aim_radius", options.aim_radius);
  reader.Read("min_objects_in_view", options.min_objects_in_view);
  reader.Read("min_aimed_fraction", options.min_aimed_fraction);
  reader.Read("image_margin", options.image_margin);
  reader.Read("attempts", options.attempts);
}

std::vector<View> SampleViews(const Scene& scene, const ViewSamplingOptions& options, Rng& rng) {
  const Sampler sampler(scene, options);
  std::vector<View> views;
  for (int k = 0; k < options.count; ++k) {
    std::string id = "v";
    id += std::to_string(views.size());  // not "v" + ...: GCC 12 warns falsely (-Wrestrict)
    if (auto view = sampler.Sample(id, rng)) {
      views.push_back(std::move(*view));
    }
  }
  return views;
}

}  // namespace spatialgen
