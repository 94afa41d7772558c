#pragma once
// What an audit found, as data: the checks with counts and example item ids, the tables and
// histograms of the content, the language-prior baseline, the geometry re-check and the
// gallery sample. report.json is this structure; report.html draws it.
#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace spatialgen {

enum class CheckSeverity { kError, kWarning };
std::string_view SeverityName(CheckSeverity severity);  // "error", "warning"

// One rule and how the dataset fared on it. A rule with failed == 0 passed.
struct AuditCheck {
  AuditCheck() = default;
  AuditCheck(std::string name, std::string category, CheckSeverity severity, std::string description)
      : name(std::move(name)), category(std::move(category)), severity(severity), description(std::move(description)) {}

  std::string name;                   // "missing_image", "point_out_of_range"
  std::string category;               // "schema", "content", "language_prior", "geometry"
  CheckSeverity severity = CheckSeverity::kError;
  std::string description;            // what the rule asks, one line
  int64_t checked = 0;                // how many things were checked (items, images, points)
  int64_t failed = 0;                 // how many failed
  std::vector<std::string> examples;     // up to kMaxExamples "id: what is wrong"
  std::vector<std::string> example_ids;  // their item ids ("" for a group, image or scene)

  static constexpr size_t kMaxExamples = 5;
  // Counts one failure, keeping its example while there are fewer than kMaxExamples.
  void Fail(const std::string& item_id, const std::string& message);
};

// Yes/no answers of one (task, frame, relation) group.
struct BalanceRow {
  std::string task, frame, relation;  // frame and relation "" when the task has none
  int64_t yes = 0;
  int64_t no = 0;
};

// Counts of a named value (object labels, relations, tasks).
struct NamedCount {
  std::string name;
  int64_t count = 0;
};

// Integer-valued samples binned by unit (or `bin_width`) from `first`.
struct Histogram {
  std::string name;            // "question length (words)"
  int64_t first = 0;           // value of bins[0]
  int64_t bin_width = 1;
  std::vector<int64_t> bins;   // counts
  int64_t samples = 0;
  double mean = 0;
};

// The blind (text-only) baseline on one group, cross-validated.
struct PriorRow {
  std::string task, frame, relation;
  int64_t items = 0;
  double blind_accuracy = 0;  // fraction right, or the mean Where2Place score for points
  double chance = 0;          // what guessing gets: the majority-free rate (0.5 for yes/no)
  double low = 0, high = 1;   // the blind accuracy's 95 % interval: small groups are noisy
  bool flagged = false;       // the language_prior check failed it
};

// An item drawn for the gallery, with what to draw on its image.
struct GalleryEntry {
  std::string id;
  std::string task, frame, relation;
  std::filesystem::path image_path;
  std::filesystem::path mask_path;   // empty when none
  std::string question;
  std::string answer;
  std::string answer_kind;           // "yes_no", "points", "box", "" when unknown
  std::vector<std::array<double, 2>> points;  // normalized answer points
  std::array<double, 4> box{};       // normalized box answer (x1, y1, x2, y2)
  std::vector<std::string> problems; // the checks this item failed
};

struct AuditReport {
  std::string dataset;                 // the path audited
  std::string layout;                  // "spatialgen", "robopoint", "robospatial"
  int64_t items = 0;
  int64_t images = 0;                  // distinct images
  std::vector<NamedCount> items_per_task;
  std::vector<NamedCount> image_sizes; // "640x480" -> images of that size
  std::vector<AuditCheck> checks;      // in category order, then as run
  std::vector<BalanceRow> balance;     // sorted by task, frame, relation
  std::vector<NamedCount> objects;     // object label vocabulary, most frequent first
  std::vector<NamedCount> relations;   // relation vocabulary
  std::vector<Histogram> histograms;   // question length, points per item, items per image
  std::vector<PriorRow> prior;         // per task x frame x relation
  double prior_accuracy = 0;           // blind accuracy over all items (cross-validated)
  double prior_chance = 0.5;           // what ignoring the question scores, over all items
  bool prior_biased = false;           // the blind baseline is far above chance
  bool geometry_rechecked = false;     // a scenes config was given and the re-check ran
  std::vector<GalleryEntry> gallery;

  int64_t Errors() const;    // failed counts of error-severity checks, summed
  int64_t Warnings() const;  // ... of warning-severity checks
  // 0 clean; 1 warnings only and `strict`; 2 any error. Warnings without `strict`: 0.
  int ExitCode(bool strict) const;
};

nlohmann::ordered_json ToJson(const AuditReport& report);

// "configuration/ego/left", leaving out the empty parts; "(no task)" for an unknown task.
std::string GroupLabel(const std::string& task, const std::string& frame, const std::string& relation);

}  // namespace spatialgen
