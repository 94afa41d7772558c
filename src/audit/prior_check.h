#pragma once
// The language-prior check: how well a blind baseline answers from the question text alone
// (infer/blind_prior.h, cross-validated). A dataset it answers far above chance teaches
// models to ignore the image. Two passes over the dataset: the prior is fitted on the first,
// the items are answered with it on the second.
#include <memory>
#include <vector>

#include "audit/audit.h"
#include "dataset/dataset.h"
#include "infer/blind_prior.h"

namespace spatialgen {

class PriorCheck {
 public:
  explicit PriorCheck(const AuditOptions& options);
  // First pass.
  void Fit(const std::vector<DatasetItem>& items);
  // Second pass, after every Fit.
  void Estimate(const std::vector<DatasetItem>& items);
  // Adds the "language_prior" check (the groups far above chance), report.prior and the overall
  // verdict.
  void Finish(AuditReport& report) const;

 private:
  const AuditOptions& options_;
  BlindPriorOptions prior_options_;
  CrossFittedBlindPrior prior_;
  std::unique_ptr<BlindPriorEstimator> estimator_;
};

}  // namespace spatialgen
