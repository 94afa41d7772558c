#include "audit/prior_check.h"

#include <fmt/format.h>

#include "infer/blind_prior.h"

namespace spatialgen {

void AddPriorCheck(const Dataset& dataset, const AuditOptions& options, AuditReport& report) {
  std::vector<const DatasetItem*> readable;
  for (const DatasetItem& item : dataset.items) {
    if (item.mask_path.empty() || std::filesystem::exists(item.mask_path)) readable.push_back(&item);
  }
  const BlindPriorEstimate estimate = EstimateBlindPrior(readable);

  AuditCheck check{"language_prior", "language_prior", CheckSeverity::kWarning,
                   fmt::format("a blind (text-only) baseline does not beat chance by more than {:.0f} points "
                               "in any task x frame x relation group of {} items or more",
                               options.prior_margin * 100, options.min_group_items)};
  for (const BlindPriorCell& cell : estimate.cells) {
    PriorRow& row = report.prior.emplace_back(PriorRow{cell.task, cell.frame, cell.relation, cell.items, cell.accuracy,
                                                       cell.chance, cell.interval.low, cell.interval.high});
    if (cell.items < options.min_group_items) continue;
    ++check.checked;
    if (cell.accuracy > cell.chance + options.prior_margin) {
      row.flagged = true;
      check.Fail("", fmt::format("{}: blind {:.2f} [{:.2f}, {:.2f}] vs chance {:.2f} over {} items",
                                 GroupLabel(cell.task, cell.frame, cell.relation), cell.accuracy, cell.interval.low,
                                 cell.interval.high, cell.chance, cell.items));
    }
  }
  report.prior_accuracy = estimate.overall.accuracy;
  report.prior_chance = estimate.overall.chance;
  report.prior_biased = estimate.overall.items > 0 &&
                        estimate.overall.accuracy > estimate.overall.chance + options.prior_overall_margin;
  report.checks.push_back(std::move(check));
}

}  // namespace spatialgen
