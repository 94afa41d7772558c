#include "audit/mask_checks.h"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include "core/error.h"
#include "core/progress.h"
#include "infer/answer_region.h"

namespace spatialgen {
namespace {

// What went wrong with one item's mask; empty strings where nothing did.
struct MaskOutcome {
  std::string id;
  std::string missing;
  std::string size;
  std::string outside;
};

MaskOutcome CheckItemMask(const DatasetItem& item, const ImageSizes& image_sizes) {
  MaskOutcome outcome;
  outcome.id = item.id;
  std::optional<AnswerRegion> region;
  try {
    region = AnswerRegion::FromMask(item.mask_path);
  } catch (const InputError& e) {
    outcome.missing = e.what();
    return outcome;
  }
  const auto image = image_sizes.find(item.image_path.string());
  const AnswerImageSize mask_size = region->size();
  if (image != image_sizes.end() &&
      (image->second.first != mask_size.width || image->second.second != mask_size.height)) {
    outcome.size = fmt::format("mask {} is {}x{}, its image {}x{}", item.mask, mask_size.width,
                               mask_size.height, image->second.first, image->second.second);
  }
  for (size_t i = 0; i < item.points.size(); ++i) {
    if (!region->Contains(item.points[i])) {
      outcome.outside = fmt::format("point {} ({:.3f}, {:.3f}) is outside {}", i, item.points[i].x(),
                                    item.points[i].y(), item.mask);
      break;
    }
  }
  return outcome;
}

}  // namespace

void AddMaskChecks(const Dataset& dataset, const ImageSizes& image_sizes, bool progress, AuditReport& report) {
  std::vector<const DatasetItem*> masked;
  for (const DatasetItem& item : dataset.items) {
    if (item.answer_kind == AnswerKind::kPoints && !item.mask_path.empty()) masked.push_back(&item);
  }
  std::vector<MaskOutcome> outcomes(masked.size());
  Progress bar("masks", static_cast<int64_t>(masked.size()), progress);
  tbb::parallel_for(size_t(0), masked.size(), [&](size_t i) {
    outcomes[i] = CheckItemMask(*masked[i], image_sizes);
    bar.Advance();
  });
  bar.Finish();

  AuditCheck missing{"missing_mask", "geometry", CheckSeverity::kError, "every point item's region mask exists and opens"};
  AuditCheck size{"mask_size", "geometry", CheckSeverity::kError, "region masks have the size of their image"};
  AuditCheck inside{"points_in_mask", "geometry", CheckSeverity::kError,
                    "every answer point lies inside its region mask"};
  missing.checked = size.checked = inside.checked = static_cast<int64_t>(masked.size());
  for (const MaskOutcome& outcome : outcomes) {
    if (!outcome.missing.empty()) missing.Fail(outcome.id, outcome.missing);
    if (!outcome.size.empty()) size.Fail(outcome.id, outcome.size);
    if (!outcome.outside.empty()) inside.Fail(outcome.id, outcome.outside);
  }
  report.checks.push_back(std::move(missing));
  report.checks.push_back(std::move(size));
  report.checks.push_back(std::move(inside));
}

}  // namespace spatialgen
