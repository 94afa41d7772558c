#include "qa_gen/view_context.h"

namespace spatialgen {

std::vector<const VisibleObject*> ViewContext::Nameable() const {
  std::map<std::string, int> label_count;
  for (const VisibleObject& visible : referable) ++label_count[visible.object->label];
  std::vector<const VisibleObject*> nameable;
  for (const VisibleObject& visible : referable) {
    if (label_count[visible.object->label] == 1) nameable.push_back(&visible);
  }
  return nameable;
}

}  // namespace spatialgen
