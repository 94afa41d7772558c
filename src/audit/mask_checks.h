#pragma once
// Geometry checks that need no scene: every point answer lies inside its region mask, and the
// mask exists and has its image's size. Fed a piece at a time, in dataset order.
#include <vector>

#include "audit/audit_report.h"
#include "audit/schema_checks.h"
#include "dataset/dataset.h"

namespace spatialgen {

// "missing_mask", "mask_size" and "points_in_mask" (point items with a mask only).
class MaskChecks {
 public:
  MaskChecks();
  // Checks the items' masks (in parallel); image sizes come from `images`, which has seen them.
  void Add(const std::vector<DatasetItem>& items, const ImageChecks& images);
  void Finish(AuditReport& report);

 private:
  AuditCheck missing_, size_, inside_;
};

}  // namespace spatialgen
