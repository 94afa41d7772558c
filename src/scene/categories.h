#pragma once
// Category lists that give objects their has_front / movable / support flags (SPEC section 1).
#include <string>
#include <vector>

#include "core/json_reader.h"
#include "scene/scene.h"

namespace spatialgen {

struct CategoryOptions {
  // Labels whose objects have a meaningful front face (+x of the object frame).
  std::vector<std::string> has_front = {
      "chair",        "sofa",   "couch",      "armchair",        "monitor",   "tv",
      "television",   "bed",    "car",        "laptop",          "microwave", "oven",
      "refrigerator", "fridge", "toilet",     "cabinet",         "dresser",   "bookshelf",
      "desk",         "stove",  "dishwasher", "washing machine", "piano",     "fireplace",
      "bench"};
  // Labels of objects that can be picked up and placed somewhere else.
  std::vector<std::string> movable = {
      "cup",    "mug",    "bottle",   "book",   "bowl",   "laptop",   "box",    "can",
      "plant",  "lamp",   "keyboard", "mouse",  "phone",  "remote",   "vase",   "apple",
      "banana", "orange", "toy",      "pillow", "bag",    "backpack", "basket", "plate",
      "glass",  "jar",    "monitor",  "clock",  "candle", "towel",    "shoe",   "teapot"};
  // Labels of objects with a top surface that things can be put on.
  std::vector<std::string> support = {"table", "desk",       "shelf",   "bookshelf", "counter",
                                      "floor", "nightstand", "cabinet", "dresser",   "stool",
                                      "bench", "sideboard",  "ottoman"};

  void Check() const;
};

// Reads the keys has_front, movable, support (each a list of labels).
void ReadOptions(JsonReader& reader, CategoryOptions& options);

// Whether `label` belongs to a category in `categories`. Labels are compared case-insensitively
// with '_' and '-' read as spaces, and a multi-word label also matches by its last word, so
// "Coffee_Table" is a "table" and "office chair" is a "chair".
bool LabelInCategories(const std::string& label, const std::vector<std::string>& categories);

// Sets the three flags of `object` from its label.
void ApplyCategoryFlags(const CategoryOptions& options, Object& object);
// Sets the flags of every object in the scene from its label. Loaders that read explicit
// flags apply them after this, per flag.
void ApplyCategoryFlags(const CategoryOptions& options, Scene& scene);

}  // namespace spatialgen
