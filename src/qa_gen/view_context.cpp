#include "qa_gen/view_context.h"

#include <fmt/format.h>

#include <algorithm>

namespace spatialgen {

int SceneSupport::SurfaceOf(const Scene& scene, const Object& object) const {
  const size_t index = size_t(&object - scene.objects.data());
  return index < surface_of_object.size() ? surface_of_object[index] : -1;
}

std::optional<int> SceneSupport::RestsOn(const Scene& scene, const Object& object) const {
  const int surface = SurfaceOf(scene, object);
  if (surface < 0) return std::nullopt;
  return surfaces[surface].object_id;
}

std::string ViewContext::MarkedImage(int anchor) const {
  return fmt::format("images/{}/{}_mark{}.png", scene->id, view->id, anchor);
}

RegionMask ViewContext::VisibleMask(int object_id) const {
  // A referable object's pixels lie in its visible box: the mask's window.
  int i0 = 0, i1 = render->width, j0 = 0, j1 = render->height;
  for (const VisibleObject& visible : referable) {
    if (visible.object->id != object_id) continue;
    if (visible.visible_box.isEmpty()) return RegionMask(render->width, render->height, 0, 0, 0, 0);
    i0 = std::max(0, int(visible.visible_box.min().x()));
    j0 = std::max(0, int(visible.visible_box.min().y()));
    i1 = std::max(i0, std::min(render->width, int(visible.visible_box.max().x())));
    j1 = std::max(j0, std::min(render->height, int(visible.visible_box.max().y())));
  }
  RegionMask mask(render->width, render->height, i0, j0, i1, j1);
  for (int j = j0; j < j1; ++j) {
    for (int i = i0; i < i1; ++i) {
      if (render->instance[render->PixelIndex(i, j)] == object_id) mask.Set(i, j);
    }
  }
  return mask;
}

std::vector<const VisibleObject*> ViewContext::Nameable() const {
  std::map<std::string, int> label_count;
  for (const VisibleObject& visible : referable) ++label_count[visible.object->NameInQuestions()];
  std::vector<const VisibleObject*> nameable;
  for (const VisibleObject& visible : referable) {
    if (label_count[visible.object->NameInQuestions()] == 1) nameable.push_back(&visible);
  }
  return nameable;
}

RelationWorld ViewContext::Relations(const RelationOptions& options) const {
  std::vector<const Object*> peers;
  for (const VisibleObject& visible : referable) peers.push_back(visible.object);
  return {*scene, *view, options,
          [support = support, scene = scene](const Object& object) {
            return support ? support->RestsOn(*scene, object) : std::nullopt;
          },
          std::move(peers)};
}

}  // namespace spatialgen
