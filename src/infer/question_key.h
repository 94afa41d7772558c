#pragma once
// The key of the language-prior (blind) baseline: what a model that cannot see the image
// could condition on. It is the task plus the question with the object names masked, so items
// asked with the same wording, frame and relation about different objects share a key.
#include <string>

#include "dataset/dataset.h"

namespace spatialgen {

// The object-name placeholder in keys.
inline constexpr const char* kObjectPlaceholder = "<obj>";

// Lower-cased question with every mention (whole words, any case, after "the", "a", "an",
// "this" or "that") of item.object_labels replaced by "<obj>", longest label first: the label
// "can" masks "the can" but not the verb in "can the mug be placed". Foreign items without labels fall back to a
// heuristic: the noun phrase after "the"/"a"/"an" (the words up to the next function word or
// punctuation) is masked unless it holds a spatial or frame word ("left", "camera", "room",
// "space", "marked"...), which are the words the key must keep.
std::string MaskObjectNames(const DatasetItem& item);

// task + "|" + MaskObjectNames(item).
std::string QuestionKey(const DatasetItem& item);

}  // namespace spatialgen
