#include "audit/schema_checks.h"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <opencv2/imgcodecs.hpp>
#include <algorithm>

#include "core/image_header.h"
#include "core/rng.h"

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

// 0: opened; 1: missing; 2: exists but does not decode.
struct ImageOutcome {
  int status = 0;
  std::pair<int, int> size{0, 0};
};

ImageOutcome OpenImage(const std::string& path, bool decode) {
  ImageOutcome outcome;
  if (!std::filesystem::exists(path)) {
    outcome.status = 1;
  } else if (decode) {
    const cv::Mat image = cv::imread(path, cv::IMREAD_UNCHANGED);
    if (image.empty()) {
      outcome.status = 2;
    } else {
      outcome.size = {image.cols, image.rows};
    }
  } else if (const std::optional<ImageHeader> header = ReadImageHeader(path)) {
    outcome.size = {header->width, header->height};
  } else {
    outcome.status = 2;
  }
  return outcome;
}

}  // namespace

void ReadingChecks::Add(const std::vector<DatasetFinding>& findings) {
  for (const DatasetFinding& finding : findings) {
    const auto [it, inserted] = found_.try_emplace(finding.check);
    Found& found = it->second;
    if (inserted || finding.order < found.first) {
      found.first = finding.order;
      found.error = finding.error;
    }
    ++found.failed;
    found.examples.push_back({finding.order, finding.item_id, finding.where + ": " + finding.message});
    std::stable_sort(found.examples.begin(), found.examples.end(),
                     [](const Example& a, const Example& b) { return a.order < b.order; });
    if (found.examples.size() > AuditCheck::kMaxExamples) found.examples.pop_back();
  }
}

void ReadingChecks::Finish(int64_t items, AuditReport& report) const {
  const auto add = [&](const std::string& name, CheckSeverity severity, const std::string& description) {
    AuditCheck check(name, "schema", severity, description);
    check.checked = items;
    if (const auto it = found_.find(name); it != found_.end()) {
      for (const Example& example : it->second.examples) check.Fail(example.item_id, example.message);
      check.failed = it->second.failed;
    }
    report.checks.push_back(std::move(check));
  };
  std::vector<std::string> known;
  for (const ReadingRule& rule : kReadingRules) {
    add(rule.name, rule.severity, rule.description);
    known.push_back(rule.name);
  }
  // Checks no rule names, in the order of their first finding.
  std::vector<std::pair<FindingOrder, std::string>> others;
  for (const auto& [name, found] : found_) {
    if (std::find(known.begin(), known.end(), name) == known.end()) others.push_back({found.first, name});
  }
  std::stable_sort(others.begin(), others.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [order, name] : others) {
    add(name, found_.at(name).error ? CheckSeverity::kError : CheckSeverity::kWarning, name);
  }
}

void AnswerKindCheck::Add(const std::vector<DatasetItem>& items, int64_t first_item) {
  for (size_t i = 0; i < items.size(); ++i) {
    const DatasetItem& item = items[i];
    if (item.task.empty() || !item.answer_kind) continue;
    Kind& kind = kinds_of_task_[item.task][*item.answer_kind];
    ++kind.items;
    if (kind.first.size() < AuditCheck::kMaxExamples) kind.first.push_back({first_item + int64_t(i), item.id});
  }
}

void AnswerKindCheck::Finish(AuditReport& report) const {
  AuditCheck check("answer_kind", "schema", CheckSeverity::kError,
                   "every item of a task answers in the task's kind (yes/no, points or box)");
  struct Failure {
    int64_t position;
    std::string id, message;
  };
  std::vector<Failure> failures;
  int64_t failed = 0;
  for (const auto& [task, kinds] : kinds_of_task_) {
    const AnswerKind expected = std::max_element(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) {
                                  return a.second.items < b.second.items;
                                })->first;
    for (const auto& [kind, found] : kinds) {
      check.checked += found.items;
      if (kind == expected) continue;
      failed += found.items;
      for (const auto& [position, id] : found.first) {
        failures.push_back({position, id,
                            fmt::format("a {} answer in task {}, whose items answer {}", AnswerKindName(kind), task,
                                        AnswerKindName(expected))});
      }
    }
  }
  std::sort(failures.begin(), failures.end(), [](const Failure& a, const Failure& b) { return a.position < b.position; });
  for (const Failure& failure : failures) check.Fail(failure.id, failure.message);
  check.failed = failed;
  report.checks.push_back(std::move(check));
}

ImageChecks::ImageChecks(bool decode)
    : decode_(decode),
      missing_("missing_image", "schema", CheckSeverity::kError, "every image an item names exists"),
      unreadable_("unreadable_image", "schema", CheckSeverity::kError,
                  decode ? "every image decodes" : "every image has a PNG or JPEG header (not decoded)") {}

void ImageChecks::Add(const std::vector<DatasetItem>& items) {
  // The images these items name first, in the order they are first named.
  std::vector<std::pair<std::string, std::string>> fresh;  // (path, first item)
  for (const DatasetItem& item : items) {
    if (item.image_path.empty()) continue;
    if (seen_.Insert(StableHash(item.image_path.string()))) fresh.push_back({item.image_path.string(), item.id});
  }
  std::vector<ImageOutcome> outcomes(fresh.size());
  tbb::parallel_for(size_t(0), fresh.size(), [&](size_t i) { outcomes[i] = OpenImage(fresh[i].first, decode_); });
  for (size_t i = 0; i < fresh.size(); ++i) {
    const auto& [path, item] = fresh[i];
    ++missing_.checked;
    ++unreadable_.checked;
    if (outcomes[i].status == 1) missing_.Fail(item, fmt::format("{} does not exist", path));
    if (outcomes[i].status == 2) unreadable_.Fail(item, fmt::format("{} does not decode as an image", path));
    if (outcomes[i].status == 0) {
      opened_[StableHash(path)] = outcomes[i].size;
      ++size_counts_[fmt::format("{}x{}", outcomes[i].size.first, outcomes[i].size.second)];
    }
  }
}

std::optional<std::pair<int, int>> ImageChecks::SizeOf(const std::filesystem::path& image_path) const {
  const auto found = opened_.find(StableHash(image_path.string()));
  if (found == opened_.end()) return std::nullopt;
  return found->second;
}

void ImageChecks::Finish(AuditReport& report) {
  report.images = static_cast<int64_t>(seen_.size());
  for (const auto& [size, count] : size_counts_) report.image_sizes.push_back({size, count});
  std::sort(report.image_sizes.begin(), report.image_sizes.end(),
            [](const NamedCount& a, const NamedCount& b) { return a.count > b.count; });
  report.checks.push_back(std::move(missing_));
  report.checks.push_back(std::move(unreadable_));
}

}  // namespace spatialgen
