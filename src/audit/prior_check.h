#pragma once
// The language-prior check: how well a blind baseline answers from the question text alone
// (infer/blind_prior.h, cross-validated). A dataset it answers far above chance teaches
// models to ignore the image.
#include "audit/audit.h"
#include "dataset/dataset.h"

namespace spatialgen {

// Adds the "language_prior" check (the groups far above chance), report.prior and the overall
// verdict. Items whose mask is missing are left out (the geometry checks report them).
void AddPriorCheck(const Dataset& dataset, const AuditOptions& options, AuditReport& report);

}  // namespace spatialgen
