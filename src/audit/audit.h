#pragma once
// The audit of a QA dataset (its own, ours or one downloaded) before training on it: schema,
// content, the language prior, and for spatialgen folders the geometry of the answers (points
// in their masks and, given the scenes config, a re-check of each item against its scene).
#include <cstdint>
#include <filesystem>

#include "audit/audit_report.h"

namespace spatialgen {

struct AuditOptions {
  std::filesystem::path image_root;     // where a foreign file's images are; empty: its folder
  std::filesystem::path scenes_config;  // the run config that made the dataset: enables the re-check
  int gallery_size = 24;                // items drawn for the report's gallery
  bool decode_images = true;            // open every image fully; false: read PNG/JPEG headers only (fast)
  double balance_tolerance = 0.1;       // a yes/no group is unbalanced when |yes share - 0.5| exceeds this
  int min_group_items = 20;             // smaller groups are not judged for balance or prior
  double prior_margin = 0.15;           // a group whose blind accuracy beats chance by more is flagged
  double prior_overall_margin = 0.1;    // the dataset is biased when the overall blind accuracy does
  int min_question_words = 3;           // shorter questions are flagged
  int max_question_words = 200;         // ... and longer ones
  int max_items_per_image = 200;        // more items on one image are flagged
  int threads = 0;                      // 0: all cores
  uint64_t seed = 0;                    // the gallery sample's seed
  bool progress = true;                 // progress on stderr for the long stages

  // Throws InputError naming the field of a bad value.
  void Check() const;
};

// Reads and audits the dataset at `path` (a spatialgen folder, a RoboPoint JSON or a
// RoboSpatial JSON/JSONL). Throws InputError when it cannot be read at all or the options or
// the scenes config are bad; every problem of the data itself is in the report.
AuditReport RunAudit(const std::filesystem::path& path, const AuditOptions& options);

}  // namespace spatialgen
