#pragma once
// The report's gallery: up to half of it the items that failed a check (the first examples of
// each check), the rest a seeded sample taken round-robin over the tasks, so that every task
// shows. Chosen without holding the dataset: the first pass counts each task's items and keeps a
// hash of every id; the sample is a seeded shuffle of each task's positions (4 bytes an item of
// the task being shuffled, one task at a time); the chosen items are fetched by further passes.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "dataset/dataset_stream.h"
#include "dataset/hash_set64.h"

namespace spatialgen {

class GallerySample {
 public:
  // First pass.
  void Count(const std::vector<DatasetItem>& items);
  // After every check: fills report.gallery, reading `stream` again for the chosen items.
  void Choose(const AuditOptions& options, const DatasetStream& stream, AuditReport& report) const;

 private:
  HashSet64 ids_;
  std::map<std::string, int64_t> items_per_task_;
};

}  // namespace spatialgen
