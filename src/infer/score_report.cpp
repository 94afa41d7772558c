#include "infer/score_report.h"

#include <fmt/format.h>

namespace spatialgen {
namespace {

std::string Cell(const std::string& value) { return value.empty() ? "-" : value; }

std::string MetricText(const ScoreMetric& metric) {
  return fmt::format("{:.3f} [{:.3f}, {:.3f}]", metric.mean, metric.interval.low, metric.interval.high);
}

}  // namespace

std::string ScoreMarkdown(const ScoreReport& report) {
  std::string text =
      "| task | frame | relation | items | score [95 % CI] | other metrics | missing | failed | unparsable |\n"
      "|---|---|---|---:|---|---|---:|---:|---:|\n";
  for (const ScoreGroup& group : report.groups) {
    const bool bold = group.level != "cell";
    const auto name = [&](const std::string& value) {
      return bold ? "**" + Cell(value) + "**" : Cell(value);
    };
    std::string score = "-";
    std::string others;
    for (const ScoreMetric& metric : group.metrics) {
      if (metric.name == "score") {
        score = MetricText(metric);
        continue;
      }
      if (!others.empty()) others += "; ";
      others += metric.name + " " + MetricText(metric);
    }
    text += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", name(group.task),
                        name(group.frame), name(group.relation), group.items, score,
                        others.empty() ? "-" : others, group.missing, group.failed, group.unparsable);
  }
  text += fmt::format(
      "\nscore: yes/no accuracy, Where2Place fraction of points in the region, box IoU >= {} "
      "(SPEC section 10); 95 % intervals: Wilson (docs/scoring.md). Missing, failed and "
      "unparsable answers score 0.\n",
      report.options.iou_threshold);
  text += fmt::format("{} prediction(s) read", report.predictions);
  if (!report.unknown_ids.empty()) {
    text += fmt::format("; {} name no dataset item (first: {})", report.unknown_ids.size(),
                        report.unknown_ids.front());
  }
  if (!report.unscored.empty()) {
    text += fmt::format("; {} dataset item(s) without an expected answer were skipped (first: {})",
                        report.unscored.size(), report.unscored.front());
  }
  return text + ".\n";
}

nlohmann::json ScoreJson(const ScoreReport& report) {
  nlohmann::json groups = nlohmann::json::array();
  for (const ScoreGroup& group : report.groups) {
    nlohmann::json metrics = nlohmann::json::object();
    for (const ScoreMetric& metric : group.metrics) {
      metrics[metric.name] = {{"mean", metric.mean},
                              {"low", metric.interval.low},
                              {"high", metric.interval.high},
                              {"count", metric.count}};
    }
    groups.push_back({{"level", group.level},
                      {"task", group.task},
                      {"frame", group.frame},
                      {"relation", group.relation},
                      {"items", group.items},
                      {"missing", group.missing},
                      {"failed", group.failed},
                      {"unparsable", group.unparsable},
                      {"metrics", metrics}});
  }
  return {{"groups", groups},
          {"predictions", report.predictions},
          {"unknown_prediction_ids", report.unknown_ids},
          {"unscored_items", report.unscored},
          {"options",
           {{"iou_threshold", report.options.iou_threshold},
            {"mask_threshold", report.options.mask_threshold}}},
          {"interval", "95 % Wilson score interval (for means of [0, 1] scores: Wilson at p = mean)"}};
}

}  // namespace spatialgen
