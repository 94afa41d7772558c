#include "audit/audit_report.h"

namespace spatialgen {
namespace {

using nlohmann::ordered_json;

ordered_json ToJson(const std::vector<NamedCount>& counts) {
  ordered_json list = ordered_json::array();
  for (const NamedCount& count : counts) list.push_back({{"name", count.name}, {"count", count.count}});
  return list;
}

ordered_json ToJson(const AuditCheck& check) {
  return {{"name", check.name},          {"category", check.category},
          {"severity", SeverityName(check.severity)}, {"description", check.description},
          {"checked", check.checked},    {"failed", check.failed},
          {"examples", check.examples}, {"example_ids", check.example_ids}};
}

ordered_json ToJson(const Histogram& histogram) {
  return {{"name", histogram.name},       {"first", histogram.first},     {"bin_width", histogram.bin_width},
          {"bins", histogram.bins},       {"samples", histogram.samples}, {"mean", histogram.mean}};
}

ordered_json ToJson(const GalleryEntry& entry) {
  ordered_json json = {{"id", entry.id},
                       {"task", entry.task},
                       {"frame", entry.frame},
                       {"relation", entry.relation},
                       {"image", entry.image_path.string()},
                       {"mask", entry.mask_path.string()},
                       {"question", entry.question},
                       {"answer", entry.answer},
                       {"answer_kind", entry.answer_kind},
                       {"problems", entry.problems}};
  if (entry.answer_kind == "points") json["points"] = entry.points;
  if (entry.answer_kind == "box") json["box"] = entry.box;
  return json;
}

}  // namespace

std::string_view SeverityName(CheckSeverity severity) {
  return severity == CheckSeverity::kError ? "error" : "warning";
}

std::string GroupLabel(const std::string& task, const std::string& frame, const std::string& relation) {
  std::string label = task.empty() ? "(no task)" : task;
  if (!frame.empty()) label += "/" + frame;
  if (!relation.empty()) label += "/" + relation;
  return label;
}

void AuditCheck::Fail(const std::string& item_id, const std::string& message) {
  ++failed;
  if (examples.size() >= kMaxExamples) return;
  examples.push_back(item_id.empty() ? message : item_id + ": " + message);
  example_ids.push_back(item_id);
}

int64_t AuditReport::Errors() const {
  int64_t total = 0;
  for (const AuditCheck& check : checks) total += check.severity == CheckSeverity::kError ? check.failed : 0;
  return total;
}

int64_t AuditReport::Warnings() const {
  int64_t total = 0;
  for (const AuditCheck& check : checks) total += check.severity == CheckSeverity::kWarning ? check.failed : 0;
  return total;
}

int AuditReport::ExitCode(bool strict) const {
  if (Errors() > 0) return 2;
  if (strict && Warnings() > 0) return 1;
  return 0;
}

nlohmann::ordered_json ToJson(const AuditReport& report) {
  ordered_json json;
  json["dataset"] = report.dataset;
  json["layout"] = report.layout;
  json["items"] = report.items;
  json["images"] = report.images;
  json["errors"] = report.Errors();
  json["warnings"] = report.Warnings();
  json["items_per_task"] = ToJson(report.items_per_task);
  json["image_sizes"] = ToJson(report.image_sizes);
  json["checks"] = ordered_json::array();
  for (const AuditCheck& check : report.checks) json["checks"].push_back(ToJson(check));
  json["balance"] = ordered_json::array();
  for (const BalanceRow& row : report.balance) {
    json["balance"].push_back(
        {{"task", row.task}, {"frame", row.frame}, {"relation", row.relation}, {"yes", row.yes}, {"no", row.no}});
  }
  json["objects"] = ToJson(report.objects);
  json["relations"] = ToJson(report.relations);
  json["histograms"] = ordered_json::array();
  for (const Histogram& histogram : report.histograms) json["histograms"].push_back(ToJson(histogram));
  json["language_prior"] = {{"accuracy", report.prior_accuracy},
                            {"chance", report.prior_chance},
                            {"biased", report.prior_biased},
                            {"groups", ordered_json::array()}};
  for (const PriorRow& row : report.prior) {
    json["language_prior"]["groups"].push_back({{"task", row.task},
                                                {"frame", row.frame},
                                                {"relation", row.relation},
                                                {"items", row.items},
                                                {"blind_accuracy", row.blind_accuracy},
                                                {"interval", {row.low, row.high}},
                                                {"chance", row.chance},
                                                {"flagged", row.flagged}});
  }
  json["geometry_rechecked"] = report.geometry_rechecked;
  json["gallery"] = ordered_json::array();
  for (const GalleryEntry& entry : report.gallery) json["gallery"].push_back(ToJson(entry));
  return json;
}

}  // namespace spatialgen
