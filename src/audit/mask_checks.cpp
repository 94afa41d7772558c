#include "audit/mask_checks.h"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include "core/error.h"
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

MaskOutcome CheckItemMask(const DatasetItem& item, const ImageChecks& images) {
  MaskOutcome outcome;
  outcome.id = item.id;
  std::optional<AnswerRegion> region;
  try {
    region = AnswerRegion::FromMask(item.mask_path);
  } catch (const InputError& e) {
    outcome.missing = e.what();
    return outcome;
  }
  const std::optional<std::pair<int, int>> image = images.SizeOf(item.image_path);
  const AnswerImageSize mask_size = region->size();
  if (image && (image->first != mask_size.width || image->second != mask_size.height)) {
    outcome.size = fmt::format("mask {} is {}x{}, its image {}x{}", item.mask, mask_size.width, mask_size.height,
                               image->first, image->second);
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

MaskChecks::MaskChecks()
    : missing_("missing_mask", "geometry", CheckSeverity::kError, "every point item's region mask exists and opens"),
      size_("mask_size", "geometry", CheckSeverity::kError, "region masks have the size of their image"),
      inside_("points_in_mask", "geometry", CheckSeverity::kError, "every answer point lies inside its region mask") {}

void MaskChecks::Add(const std::vector<DatasetItem>& items, const ImageChecks& images) {
  std::vector<const DatasetItem*> masked;
  for (const DatasetItem& item : items) {
    if (item.answer_kind == AnswerKind::kPoints && !item.mask_path.empty()) masked.push_back(&item);
  }
  std::vector<MaskOutcome> outcomes(masked.size());
  tbb::parallel_for(size_t(0), masked.size(), [&](size_t i) { outcomes[i] = CheckItemMask(*masked[i], images); });
  missing_.checked += static_cast<int64_t>(masked.size());
  size_.checked += static_cast<int64_t>(masked.size());
  inside_.checked += static_cast<int64_t>(masked.size());
  for (const MaskOutcome& outcome : outcomes) {
    if (!outcome.missing.empty()) missing_.Fail(outcome.id, outcome.missing);
    if (!outcome.size.empty()) size_.Fail(outcome.id, outcome.size);
    if (!outcome.outside.empty()) inside_.Fail(outcome.id, outcome.outside);
  }
}

void MaskChecks::Finish(AuditReport& report) {
  report.checks.push_back(std::move(missing_));
  report.checks.push_back(std::move(size_));
  report.checks.push_back(std::move(inside_));
}

}  // namespace spatialgen
