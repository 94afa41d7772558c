#include "audit/schema_checks.h"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <opencv2/imgcodecs.hpp>
#include <algorithm>
#include <set>

#include "core/image_header.h"
#include "core/image_integrity.h"
#include "core/progress.h"

namespace spatialgen {
namespace {

struct ReadingRule {
  const char* name;
  CheckSeverity severity;
  const char* description;
};

// The rules the dataset reader applies (dataset/item_readers.cpp, ground_truth_reader.cpp).
constexpr ReadingRule kReadingRules[] = {
    {"bad_json", CheckSeverity::kError, "every line or file parses as JSON"},
    {"missing_file", CheckSeverity::kError, "the QA files of the layout exist"},
    {"missing_field", CheckSeverity::kError, "required fields are present (id, image, question, answer, qa_type)"},
    {"wrong_type", CheckSeverity::kError, "fields have their types (strings, lists of turns)"},
    {"conversation", CheckSeverity::kError, "conversations alternate human and gpt turns"},
    {"image_token", CheckSeverity::kError, "one <image> token, at the start or end of the first human turn"},
    {"bad_answer", CheckSeverity::kError, "answers are yes/no, a point list [(x, y), ...] or a box [x1, y1, x2, y2]"},
    {"point_out_of_range", CheckSeverity::kError, "answer coordinates lie in [0, 1]"},
    {"point_count", CheckSeverity::kWarning, "point answers hold at least one point"},
    {"duplicate_id", CheckSeverity::kError, "item ids are unique"},
    {"missing_ground_truth", CheckSeverity::kError, "every item has its ground truth in gt/ (spatialgen folders)"},
    {"orphan_ground_truth", CheckSeverity::kWarning, "every ground-truth record belongs to an item"},
    {"ground_truth_mismatch", CheckSeverity::kError, "the ground truth names the item's task, image, frame and relation"},
    {"bad_ground_truth", CheckSeverity::kError, "ground-truth records are well formed"},
    {"answer_mismatch", CheckSeverity::kError, "the answer text says what the ground truth says"},
};

}  // namespace

void AddReadingChecks(const Dataset& dataset, AuditReport& report) {
  std::map<std::string, size_t> index_of;
  auto add = [&](const std::string& name, CheckSeverity severity, const std::string& description) {
    index_of[name] = report.checks.size();
    AuditCheck check;
    check.name = name;
    check.category = "schema";
    check.severity = severity;
    check.description = description;
    check.checked = static_cast<int64_t>(dataset.items.size());
    report.checks.push_back(std::move(check));
  };
  for (const ReadingRule& rule : kReadingRules) add(rule.name, rule.severity, rule.description);
  for (const DatasetFinding& finding : dataset.findings) {
    if (!index_of.count(finding.check)) {
      add(finding.check, finding.error ? CheckSeverity::kError : CheckSeverity::kWarning, finding.check);
    }
    report.checks[index_of.at(finding.check)].Fail(finding.item_id, finding.where + ": " + finding.message);
  }
}

void AddAnswerKindCheck(const Dataset& dataset, AuditReport& report) {
  std::map<std::string, std::map<AnswerKind, int64_t>> kinds_of_task;
  for (const DatasetItem& item : dataset.items) {
    if (!item.task.empty() && item.answer_kind) ++kinds_of_task[item.task][*item.answer_kind];
  }
  std::map<std::string, AnswerKind> expected;
  for (const auto& [task, kinds] : kinds_of_task) {
    expected[task] = std::max_element(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) {
                       return a.second < b.second;
                     })->first;
  }
  AuditCheck check("answer_kind", "schema", CheckSeverity::kError,
                   "every item of a task answers in the task's kind (yes/no, points or box)");
  for (const DatasetItem& item : dataset.items) {
    if (item.task.empty() || !item.answer_kind) continue;
    ++check.checked;
    const AnswerKind task_kind = expected.at(item.task);
    if (*item.answer_kind != task_kind) {
      check.Fail(item.id, fmt::format("a {} answer in task {}, whose items answer {}", AnswerKindName(*item.answer_kind),
                                      item.task, AnswerKindName(task_kind)));
    }
  }
  report.checks.push_back(std::move(check));
}

ImageSizes CheckImages(const Dataset& dataset, bool decode, bool progress, AuditReport& report) {
  std::vector<std::string> paths;
  std::map<std::string, std::string> first_item_of;
  for (const DatasetItem& item : dataset.items) {
    if (item.image_path.empty()) continue;
    if (first_item_of.emplace(item.image_path.string(), item.id).second) paths.push_back(item.image_path.string());
  }
  // 0: opened; 1: missing; 2: exists but is cut short, corrupt or does not decode.
  std::vector<int> status(paths.size(), 0);
  std::vector<std::string> problems(paths.size(), "does not decode as an image");
  std::vector<std::pair<int, int>> sizes(paths.size(), {0, 0});
  Progress bar("images", static_cast<int64_t>(paths.size()), progress);
  tbb::parallel_for(size_t(0), paths.size(), [&](size_t i) {
    if (!std::filesystem::exists(paths[i])) {
      status[i] = 1;
    } else if (decode) {
      // Structure first: decoders take a cut-short JPEG for a grey one (core/image_integrity.h).
      if (std::optional<std::string> problem = ImageFileProblem(paths[i])) {
        status[i] = 2;
        problems[i] = *problem;
      } else if (const cv::Mat image = cv::imread(paths[i], cv::IMREAD_UNCHANGED); image.empty()) {
        status[i] = 2;
      } else {
        sizes[i] = {image.cols, image.rows};
      }
    } else if (const std::optional<ImageHeader> header = ReadImageHeader(paths[i])) {
      sizes[i] = {header->width, header->height};
    } else {
      status[i] = 2;
    }
    bar.Advance();
  });
  bar.Finish();

  AuditCheck missing{"missing_image", "schema", CheckSeverity::kError, "every image an item names exists"};
  AuditCheck unreadable{"unreadable_image", "schema", CheckSeverity::kError,
                        decode ? "every image is whole (its structure, and a PNG's checksums) and decodes"
                               : "every image has a PNG or JPEG header (not decoded)"};
  missing.checked = unreadable.checked = static_cast<int64_t>(paths.size());
  ImageSizes opened;
  std::map<std::string, int64_t> size_counts;
  for (size_t i = 0; i < paths.size(); ++i) {
    const std::string& item = first_item_of.at(paths[i]);
    if (status[i] == 1) missing.Fail(item, fmt::format("{} does not exist", paths[i]));
    if (status[i] == 2) unreadable.Fail(item, fmt::format("{}: {}", paths[i], problems[i]));
    if (status[i] == 0) {
      opened[paths[i]] = sizes[i];
      ++size_counts[fmt::format("{}x{}", sizes[i].first, sizes[i].second)];
    }
  }
  report.images = static_cast<int64_t>(paths.size());
  for (const auto& [size, count] : size_counts) report.image_sizes.push_back({size, count});
  std::sort(report.image_sizes.begin(), report.image_sizes.end(),
            [](const NamedCount& a, const NamedCount& b) { return a.count > b.count; });
  report.checks.push_back(std::move(missing));
  report.checks.push_back(std::move(unreadable));
  return opened;
}

}  // namespace spatialgen
