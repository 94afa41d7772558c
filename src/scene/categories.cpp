#include "scene/categories.h"

#include <algorithm>
#include <cctype>

#include "core/check.h"
#include "core/text.h"

namespace spatialgen {
namespace {

void CheckList(const std::vector<std::string>& labels, const std::string& field) {
  for (size_t i = 0; i < labels.size(); ++i) {
    if (CategoryKey(labels[i]).empty()) {
      throw FieldError(field + "[" + std::to_string(i) + "]", "empty label");
    }
  }
}

}  // namespace

void CategoryOptions::Check() const {
  CheckList(has_front, "has_front");
  CheckList(movable, "movable");
  CheckList(support, "support");
}

void ReadOptions(JsonReader& reader, CategoryOptions& options) {
  reader.Read("has_front", options.has_front);
  reader.Read("movable", options.movable);
  reader.Read("support", options.support);
}

bool LabelInCategories(const std::string& label, const std::vector<std::string>& categories) {
  const std::string name = CategoryKey(label);
  const size_t space = name.rfind(' ');
  const std::string last_word = space == std::string::npos ? name : name.substr(space + 1);
  return std::any_of(categories.begin(), categories.end(), [&](const std::string& category) {
    const std::string normalized = CategoryKey(category);
    return normalized == name || normalized == last_word;
  });
}

void ApplyCategoryFlags(const CategoryOptions& options, Object& object) {
  object.has_front = LabelInCategories(object.label, options.has_front);
  object.movable = LabelInCategories(object.label, options.movable);
  object.support = LabelInCategories(object.label, options.support);
}

void ApplyCategoryFlags(const CategoryOptions& options, Scene& scene) {
  for (Object& object : scene.objects) ApplyCategoryFlags(options, object);
}

}  // namespace spatialgen
