#pragma once
// Geometry checks that need no scene: every point answer lies inside its region mask, and the
// mask exists and has its image's size.
#include "audit/audit_report.h"
#include "audit/schema_checks.h"
#include "dataset/dataset.h"

namespace spatialgen {

// Adds "missing_mask", "mask_size" and "points_in_mask" (point items with a mask only).
void AddMaskChecks(const Dataset& dataset, const ImageSizes& image_sizes, bool progress, AuditReport& report);

}  // namespace spatialgen
