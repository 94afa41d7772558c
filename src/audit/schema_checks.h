#pragma once
// Schema checks: the problems found while reading the dataset (fields, types, the <image>
// token, answer formats, coordinates, ids, ground truth), the answer kind of each task, and
// the images themselves (they exist, they open, their sizes). Each is fed the dataset a piece at
// a time, in dataset order, and holds no item.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "audit/audit_report.h"
#include "dataset/dataset.h"
#include "dataset/hash_set64.h"

namespace spatialgen {

// One check per kind of reading problem (those that passed too, so the report lists them). The
// examples are the first findings of each check in the dataset's reading order (FindingOrder).
class ReadingChecks {
 public:
  void Add(const std::vector<DatasetFinding>& findings);
  // `items`: how many items the dataset has.
  void Finish(int64_t items, AuditReport& report) const;

 private:
  struct Example {
    FindingOrder order;
    std::string item_id;
    std::string message;
  };
  struct Found {
    FindingOrder first;  // of the check's first finding, which also decides an unknown check's severity
    bool error = true;
    int64_t failed = 0;
    std::vector<Example> examples;  // the first AuditCheck::kMaxExamples by order
  };
  std::map<std::string, Found> found_;
};

// "answer_kind": every item of a task answers in the task's kind (the kind most of its items
// have: yes/no for configuration, points for context...); items of unknown task are not judged.
class AnswerKindCheck {
 public:
  // `first_item`: the dataset position of items[0].
  void Add(const std::vector<DatasetItem>& items, int64_t first_item);
  void Finish(AuditReport& report) const;

 private:
  struct Kind {
    int64_t items = 0;
    std::vector<std::pair<int64_t, std::string>> first;  // (position, id) of its first items
  };
  std::map<std::string, std::map<AnswerKind, Kind>> kinds_of_task_;
};

// Opens every distinct image the items name (in parallel), decoding it or, without `decode`,
// reading its PNG/JPEG header only: "missing_image" and "unreadable_image" checks,
// report.images and report.image_sizes; the sizes of those that opened, for the mask checks.
class ImageChecks {
 public:
  explicit ImageChecks(bool decode);
  void Add(const std::vector<DatasetItem>& items);
  // Width and height of the image, when it opened.
  std::optional<std::pair<int, int>> SizeOf(const std::filesystem::path& image_path) const;
  void Finish(AuditReport& report);

 private:
  bool decode_;
  HashSet64 seen_;                                                // every distinct image path
  std::unordered_map<uint64_t, std::pair<int, int>> opened_;      // by path hash
  std::map<std::string, int64_t> size_counts_;                    // "640x480" -> images
  AuditCheck missing_;
  AuditCheck unreadable_;
};

}  // namespace spatialgen
