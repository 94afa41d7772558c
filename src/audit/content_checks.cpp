#include "audit/content_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/rng.h"

namespace spatialgen {
namespace {

// Integer samples, given as value -> how many, binned by `bin_width`.
Histogram MakeHistogram(std::string name, const std::map<int64_t, int64_t>& counts, int64_t bin_width) {
  Histogram histogram;
  histogram.name = std::move(name);
  histogram.bin_width = bin_width;
  for (const auto& [value, count] : counts) histogram.samples += count;
  if (counts.empty()) return histogram;
  const int64_t min = counts.begin()->first, max = counts.rbegin()->first;
  histogram.first = (min / bin_width) * bin_width;
  histogram.bins.assign(static_cast<size_t>((max - histogram.first) / bin_width + 1), 0);
  double sum = 0;  // of integers: exact, whatever the order
  for (const auto& [value, count] : counts) {
    histogram.bins[static_cast<size_t>((value - histogram.first) / bin_width)] += count;
    sum += static_cast<double>(value) * static_cast<double>(count);
  }
  histogram.mean = sum / static_cast<double>(histogram.samples);
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

}  // namespace

ContentChecks::ContentChecks(const AuditOptions& options)
    : options_(options),
      duplicates_("duplicate_question", "content", CheckSeverity::kWarning,
                  "no question is asked twice about the same image"),
      length_("question_length", "content", CheckSeverity::kWarning,
              fmt::format("questions have {} to {} words", options.min_question_words, options.max_question_words)) {}

void ContentChecks::Add(const std::vector<DatasetItem>& items) {
  for (const DatasetItem& item : items) {
    ++items_;
    ++tasks_[item.task.empty() ? "(no task)" : item.task];
    for (const std::string& label : item.object_labels) ++objects_[label];
    if (!item.relation.empty()) ++relations_[item.relation];
    if (++items_per_image_[StableHash(item.image)] > options_.max_items_per_image) crowded_.insert(item.image);
    if (!asked_.Insert(StableHash(item.image + '\n' + item.question))) {
      duplicates_.Fail(item.id, fmt::format("\"{}\" on {} again", item.question.substr(0, 80), item.image));
    }
    const int64_t words = WordCount(item.question);
    ++question_words_[words];
    if (words < options_.min_question_words || words > options_.max_question_words) {
      length_.Fail(item.id, fmt::format("{} words", words));
    }
    if (item.answer_kind == AnswerKind::kPoints) ++points_per_item_[static_cast<int64_t>(item.points.size())];
    if (item.answer_kind == AnswerKind::kYesNo) {
      BalanceRow& row = balance_[{item.task, item.frame, item.relation}];
      row.task = item.task;
      row.frame = item.frame;
      row.relation = item.relation;
      (item.answer_yes ? row.yes : row.no) += 1;
    }
  }
}

void ContentChecks::Finish(AuditReport& report) {
  report.items = items_;
  duplicates_.checked = length_.checked = items_;

  AuditCheck crowded{"items_per_image", "content", CheckSeverity::kWarning,
                     fmt::format("at most {} items per image", options_.max_items_per_image)};
  std::map<int64_t, int64_t> image_counts;
  for (const auto& [image, count] : items_per_image_) ++image_counts[count];
  for (const std::string& image : crowded_) {
    crowded.Fail("", fmt::format("{}: {} items", image, items_per_image_.at(StableHash(image))));
  }
  crowded.checked = static_cast<int64_t>(items_per_image_.size());

  AuditCheck balance{"yes_no_balance", "content", CheckSeverity::kWarning,
                     fmt::format("yes and no are balanced within {:.0f} % per task x frame x relation "
                                 "(groups of {} items or more)",
                                 options_.balance_tolerance * 100, options_.min_group_items)};
  for (const auto& [key, row] : balance_) {
    report.balance.push_back(row);
    const int64_t total = row.yes + row.no;
    if (total < options_.min_group_items) continue;
    ++balance.checked;
    const double yes_share = static_cast<double>(row.yes) / static_cast<double>(total);
    if (std::abs(yes_share - 0.5) > options_.balance_tolerance) {
      balance.Fail("", fmt::format("{}: {} yes, {} no", GroupLabel(row.task, row.frame, row.relation), row.yes, row.no));
    }
  }

  report.checks.push_back(std::move(duplicates_));
  report.checks.push_back(std::move(balance));
  report.checks.push_back(std::move(length_));
  report.checks.push_back(std::move(crowded));
  report.items_per_task = SortedCounts(tasks_);
  report.objects = SortedCounts(objects_);
  report.relations = SortedCounts(relations_);
  report.histograms.push_back(MakeHistogram("question length (words)", question_words_, 5));
  report.histograms.push_back(MakeHistogram("points per point answer", points_per_item_, 1));
  report.histograms.push_back(MakeHistogram("items per image", image_counts, 5));
}

}  // namespace spatialgen
