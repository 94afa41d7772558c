#include "audit/content_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

namespace spatialgen {
namespace {

Histogram MakeHistogram(std::string name, const std::vector<int64_t>& values, int64_t bin_width) {
  Histogram histogram;
  histogram.name = std::move(name);
  histogram.bin_width = bin_width;
  histogram.samples = static_cast<int64_t>(values.size());
  if (values.empty()) return histogram;
  const auto [min, max] = std::minmax_element(values.begin(), values.end());
  histogram.first = (*min / bin_width) * bin_width;
  histogram.bins.assign(static_cast<size_t>((*max - histogram.first) / bin_width + 1), 0);
  double sum = 0;
  for (int64_t value : values) {
    ++histogram.bins[static_cast<size_t>((value - histogram.first) / bin_width)];
    sum += static_cast<double>(value);
  }
  histogram.mean = sum / static_cast<double>(values.size());
  return histogram;
}

std::vector<NamedCount> SortedCounts(const std::map<std::string, int64_t>& counts) {
  std::vector<NamedCount> sorted;
  for (const auto& [name, count] : counts) sorted.push_back({name, count});
  std::stable_sort(sorted.begin(), sorted.end(), [](const NamedCount& a, const NamedCount& b) { return a.count > b.count; });
  return sorted;
}

int64_t WordCount(const std::string& text) {
  std::istringstream words(text);
  int64_t count = 0;
  for (std::string word; words >> word;) ++count;
  return count;
}

void AddBalance(const Dataset& dataset, const AuditOptions& options, AuditReport& report) {
  std::map<std::tuple<std::string, std::string, std::string>, BalanceRow> groups;
  for (const DatasetItem& item : dataset.items) {
    if (item.answer_kind != AnswerKind::kYesNo) continue;
    BalanceRow& row = groups[{item.task, item.frame, item.relation}];
    row.task = item.task;
    row.frame = item.frame;
    row.relation = item.relation;
    (item.answer_yes ? row.yes : row.no) += 1;
  }
  AuditCheck balance{"yes_no_balance", "content", CheckSeverity::kWarning,
                     fmt::format("yes and no are balanced within {:.0f} % per task x frame x relation "
                                 "(groups of {} items or more)",
                                 options.balance_tolerance * 100, options.min_group_items)};
  for (const auto& [key, row] : groups) {
    report.balance.push_back(row);
    const int64_t total = row.yes + row.no;
    if (total < options.min_group_items) continue;
    ++balance.checked;
    const double yes_share = static_cast<double>(row.yes) / static_cast<double>(total);
    if (std::abs(yes_share - 0.5) > options.balance_tolerance) {
      balance.Fail("", fmt::format("{}: {} yes, {} no", GroupLabel(row.task, row.frame, row.relation), row.yes, row.no));
    }
  }
  report.checks.push_back(std::move(balance));
}

}  // namespace

void AddContentChecks(const Dataset& dataset, const AuditOptions& options, AuditReport& report) {
  report.items = static_cast<int64_t>(dataset.items.size());
  std::map<std::string, int64_t> tasks, objects, relations, items_per_image;
  std::set<std::string> asked;
  AuditCheck duplicates{"duplicate_question", "content", CheckSeverity::kWarning,
                        "no question is asked twice about the same image"};
  AuditCheck length{"question_length", "content", CheckSeverity::kWarning,
                    fmt::format("questions have {} to {} words", options.min_question_words, options.max_question_words)};
  std::vector<int64_t> question_words, points_per_item;
  for (const DatasetItem& item : dataset.items) {
    ++tasks[item.task.empty() ? "(no task)" : item.task];
    for (const std::string& label : item.object_labels) ++objects[label];
    if (!item.relation.empty()) ++relations[item.relation];
    ++items_per_image[item.image];
    if (!asked.insert(item.image + '\n' + item.question).second) {
      duplicates.Fail(item.id, fmt::format("\"{}\" on {} again", item.question.substr(0, 80), item.image));
    }
    const int64_t words = WordCount(item.question);
    question_words.push_back(words);
    if (words < options.min_question_words || words > options.max_question_words) {
      length.Fail(item.id, fmt::format("{} words", words));
    }
    if (item.answer_kind == AnswerKind::kPoints) points_per_item.push_back(static_cast<int64_t>(item.points.size()));
  }
  duplicates.checked = length.checked = report.items;

  AuditCheck crowded{"items_per_image", "content", CheckSeverity::kWarning,
                     fmt::format("at most {} items per image", options.max_items_per_image)};
  std::vector<int64_t> image_counts;
  for (const auto& [image, count] : items_per_image) {
    image_counts.push_back(count);
    if (count > options.max_items_per_image) crowded.Fail("", fmt::format("{}: {} items", image, count));
  }
  crowded.checked = static_cast<int64_t>(items_per_image.size());

  report.checks.push_back(std::move(duplicates));
  AddBalance(dataset, options, report);
  report.checks.push_back(std::move(length));
  report.checks.push_back(std::move(crowded));
  report.items_per_task = SortedCounts(tasks);
  report.objects = SortedCounts(objects);
  report.relations = SortedCounts(relations);
  report.histograms.push_back(MakeHistogram("question length (words)", question_words, 5));
  report.histograms.push_back(MakeHistogram("points per point answer", points_per_item, 1));
  report.histograms.push_back(MakeHistogram("items per image", image_counts, 5));
}

}  // namespace spatialgen
