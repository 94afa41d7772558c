#pragma once
// Content checks: what the items say, taken together. Duplicate questions per image, yes/no
// balance per task x frame x relation, point counts, question lengths, items per image, and
// the vocabulary of objects and relations. Fed a piece at a time, in dataset order; it keeps
// counts, a hash per (image, question) and a count per image, never the items.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "audit/audit.h"
#include "dataset/dataset.h"
#include "dataset/hash_set64.h"

namespace spatialgen {

class ContentChecks {
 public:
  explicit ContentChecks(const AuditOptions& options);
  void Add(const std::vector<DatasetItem>& items);
  // Adds the content checks, report.balance, objects, relations, items_per_task, items and the
  // histograms.
  void Finish(AuditReport& report);

 private:
  const AuditOptions& options_;
  int64_t items_ = 0;
  std::map<std::string, int64_t> tasks_, objects_, relations_;
  std::map<std::tuple<std::string, std::string, std::string>, BalanceRow> balance_;
  HashSet64 asked_;                                     // (image, question) pairs
  std::unordered_map<uint64_t, int64_t> items_per_image_;  // by image hash
  std::set<std::string> crowded_;                       // images with more than the maximum
  std::map<int64_t, int64_t> question_words_, points_per_item_;  // value -> items
  AuditCheck duplicates_, length_;
};

}  // namespace spatialgen
