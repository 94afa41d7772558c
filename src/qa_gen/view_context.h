#pragma once
// What the task builders know about one view: the scene, the camera, the image written for
// it, and the objects that are referable in it (SPEC section 2) with their visible masks.
#include <Eigen/Geometry>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/counters.h"
#include "qa_gen/item.h"
#include "qa_gen/points.h"
#include "qa_gen/selection.h"
#include "occupancy/support_surfaces.h"
#include "raycast/raycaster.h"
#include "raycast/render.h"
#include "reframe/predicates.h"
#include "scene/scene.h"

namespace spatialgen {

class FreeRegion;

struct VisibleObject {
  const Object* object = nullptr;
  Eigen::AlignedBox2d visible_box;  // pixel bounds of the visible mask
  double centroid_x = 0;            // mean x of the mask's pixel centres

  // Its horizontal image extent, for the image-plane relation tests.
  ImageExtent InImage() const { return {visible_box.min().x(), visible_box.max().x(), centroid_x}; }
};

// The support surfaces of a scene (found once per scene) and what each object stands on.
struct SceneSupport {
  std::vector<SupportSurface> surfaces;
  std::vector<int> surface_of_object;  // per scene object (scene order): a surface index or -1

  int SurfaceOf(const Scene& scene, const Object& object) const;  // -1 when none
  // The id of the object whose surface `object` rests on, -1 for a background surface (the
  // floor); nullopt when it rests on none.
  std::optional<int> RestsOn(const Scene& scene, const Object& object) const;
};

struct ViewContext {
  const Scene* scene = nullptr;
  const View* view = nullptr;
  const ViewRender* render = nullptr;   // the view's depth and instance images
  const RayCaster* caster = nullptr;    // the scene's geometry, for occlusion tests
  const SceneSupport* support = nullptr;  // support surfaces, for free space and placement
  std::string image;                    // dataset-relative path of the view's image
  std::vector<VisibleObject> referable; // referable objects, in scene order

  // The dataset-relative path of the view's image with `anchor` boxed in red.
  std::string MarkedImage(int anchor) const;
  // The visible mask of an object: the render's pixels showing it.
  RegionMask VisibleMask(int object_id) const;

  // Referable objects whose label no other referable object in the view shares: only these
  // may be named in a question.
  std::vector<const VisibleObject*> Nameable() const;

  // What the relation tests consult in this view: the support relation and, for
  // superlatives, the referable objects.
  RelationWorld Relations(const RelationOptions& options) const;
};

// An item before selection: its balance group and answer, the item without id and wording,
// and what its wording needs.
struct PendingItem {
  Candidate candidate;
  QaItem item;
  std::map<std::string, std::string> placeholders;  // values known up front ({a}, {b})
  const RelationEntry* relation = nullptr;          // {rel} is picked from its phrases
  std::optional<Frame> frame;                       // {frame} is picked from its phrases
  // Point items: the answer points are sampled from this pool once the item is selected.
  std::shared_ptr<const PointPool> point_pool;
  // Free-space items: the region whose mask (item.region) and pool (point_pool) are made when
  // the item is selected.
  std::shared_ptr<const FreeRegion> free_region;
};

}  // namespace spatialgen
