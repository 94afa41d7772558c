#pragma once
// Schema checks: the problems found while reading the dataset (fields, types, the <image>
// token, answer formats, coordinates, ids, ground truth), and the images themselves (they
// exist, they open, their sizes).
#include <map>
#include <string>

#include "audit/audit_report.h"
#include "dataset/dataset.h"

namespace spatialgen {

// Width and height of each distinct image that opened, by resolved path.
using ImageSizes = std::map<std::string, std::pair<int, int>>;

// One check per kind of reading problem (those that passed too, so the report lists them).
void AddReadingChecks(const Dataset& dataset, AuditReport& report);

// "answer_kind": every item of a task answers in the task's kind (the kind most of its items
// have: yes/no for configuration, points for context...); items of unknown task are not judged.
void AddAnswerKindCheck(const Dataset& dataset, AuditReport& report);

// Opens every distinct image (in parallel), decoding it or, without `decode`, reading its
// PNG/JPEG header only: "missing_image" and "unreadable_image" checks, report.images and
// report.image_sizes. Returns the sizes of those that opened.
ImageSizes CheckImages(const Dataset& dataset, bool decode, bool progress, AuditReport& report);

}  // namespace spatialgen
