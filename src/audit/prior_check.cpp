#include "audit/prior_check.h"

#include <fmt/format.h>

namespace spatialgen {
namespace {

// Items whose mask is missing are left out (the geometry checks report them).
std::vector<const DatasetItem*> Readable(const std::vector<DatasetItem>& items) {
  std::vector<const DatasetItem*> readable;
  for (const DatasetItem& item : items) {
    if (item.mask_path.empty() || std::filesystem::exists(item.mask_path)) readable.push_back(&item);
  }
  return readable;
}

}  // namespace

PriorCheck::PriorCheck(const AuditOptions& options) : options_(options), prior_(prior_options_.folds) {}

void PriorCheck::Fit(const std::vector<DatasetItem>& items) {
  for (const DatasetItem* item : Readable(items)) prior_.Add(*item);
}

void PriorCheck::Estimate(const std::vector<DatasetItem>& items) {
  if (!estimator_) estimator_ = std::make_unique<BlindPriorEstimator>(prior_, prior_options_);
  estimator_->Add(Readable(items));
}

void PriorCheck::Finish(AuditReport& report) const {
  const BlindPriorEstimate estimate =
      estimator_ ? estimator_->Finish() : BlindPriorEstimator(prior_, prior_options_).Finish();
  AuditCheck check{"language_prior", "language_prior", CheckSeverity::kWarning,
                   fmt::format("a blind (text-only) baseline does not beat chance by more than {:.0f} points "
                               "in any task x frame x relation group of {} items or more",
                               options_.prior_margin * 100, options_.min_group_items)};
  for (const BlindPriorCell& cell : estimate.cells) {
    PriorRow& row = report.prior.emplace_back(PriorRow{cell.task, cell.frame, cell.relation, cell.items, cell.accuracy,
                                                       cell.chance, cell.interval.low, cell.interval.high});
    if (cell.items < options_.min_group_items) continue;
    ++check.checked;
    if (cell.accuracy > cell.chance + options_.prior_margin) {
      row.flagged = true;
      check.Fail("", fmt::format("{}: blind {:.2f} [{:.2f}, {:.2f}] vs chance {:.2f} over {} items",
                                 GroupLabel(cell.task, cell.frame, cell.relation), cell.accuracy, cell.interval.low,
                                 cell.interval.high, cell.chance, cell.items));
    }
  }
  report.prior_accuracy = estimate.overall.accuracy;
  report.prior_chance = estimate.overall.chance;
  report.prior_biased = estimate.overall.items > 0 &&
                        estimate.overall.accuracy > estimate.overall.chance + options_.prior_overall_margin;
  report.checks.push_back(std::move(check));
}

}  // namespace spatialgen
