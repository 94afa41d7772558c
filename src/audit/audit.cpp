#include "audit/audit.h"

#include <algorithm>
#include <map>
#include <set>

#include "audit/content_checks.h"
#include "audit/mask_checks.h"
#include "audit/prior_check.h"
#include "audit/scene_recheck.h"
#include "audit/schema_checks.h"
#include "core/check.h"
#include "core/parallel.h"
#include "core/rng.h"

namespace spatialgen {
namespace {

GalleryEntry GalleryEntryOf(const DatasetItem& item, const std::map<std::string, std::vector<std::string>>& problems) {
  GalleryEntry entry;
  entry.id = item.id;
  entry.task = item.task;
  entry.frame = item.frame;
  entry.relation = item.relation;
  entry.image_path = item.image_path;
  entry.mask_path = item.mask_path;
  entry.question = item.question;
  entry.answer = item.answer;
  if (item.answer_kind) entry.answer_kind = AnswerKindName(*item.answer_kind);
  for (const Eigen::Vector2d& point : item.points) entry.points.push_back({point.x(), point.y()});
  if (item.answer_kind == AnswerKind::kBox) {
    entry.box = {item.box.min().x(), item.box.min().y(), item.box.max().x(), item.box.max().y()};
  }
  if (const auto found = problems.find(item.id); found != problems.end()) entry.problems = found->second;
  return entry;
}

// Up to half the gallery shows items that failed a check (the first examples of each check);
// the rest is a seeded sample taken round-robin over the tasks, so that every task shows.
void SampleGallery(const Dataset& dataset, const AuditOptions& options, AuditReport& report) {
  std::map<std::string, std::vector<std::string>> problems;
  std::vector<std::string> chosen;
  std::set<std::string> taken;
  for (const AuditCheck& check : report.checks) {
    for (const std::string& id : check.example_ids) {
      if (id.empty() || dataset.Find(id) == nullptr) continue;
      problems[id].push_back(check.name);
      if (static_cast<int>(chosen.size()) < options.gallery_size / 2 && taken.insert(id).second) chosen.push_back(id);
    }
  }
  std::map<std::string, std::vector<const DatasetItem*>> by_task;
  for (const DatasetItem& item : dataset.items) by_task[item.task].push_back(&item);
  Rng rng = Rng::ForScene(options.seed, "audit_gallery");
  for (auto& [task, items] : by_task) {
    for (size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[rng.Index(i)]);
  }
  for (size_t round = 0; static_cast<int>(chosen.size()) < options.gallery_size; ++round) {
    bool any = false;
    for (const auto& [task, items] : by_task) {
      if (round >= items.size() || static_cast<int>(chosen.size()) >= options.gallery_size) continue;
      any = true;
      if (taken.insert(items[round]->id).second) chosen.push_back(items[round]->id);
    }
    if (!any) break;
  }
  for (const std::string& id : chosen) report.gallery.push_back(GalleryEntryOf(*dataset.Find(id), problems));
}

AuditReport Audit(const std::filesystem::path& path, const AuditOptions& options) {
  const Dataset dataset = ReadDataset(path, {.image_root = options.image_root});
  AuditReport report;
  report.dataset = path.string();
  report.layout = LayoutName(dataset.layout);
  AddReadingChecks(dataset, report);
  AddAnswerKindCheck(dataset, report);
  const ImageSizes image_sizes = CheckImages(dataset, options.decode_images, options.progress, report);
  AddContentChecks(dataset, options, report);
  AddPriorCheck(dataset, options, report);
  AddMaskChecks(dataset, image_sizes, options.progress, report);
  if (!options.scenes_config.empty()) {
    if (dataset.layout != DatasetLayout::kSpatialgen) {
      throw InputError({options.scenes_config.string(), "", ""},
                       "a scenes config re-checks spatialgen folders only; " + path.string() + " is a " +
                           std::string(LayoutName(dataset.layout)) + " file");
    }
    AddSceneRecheck(dataset, options, report);
  }
  SampleGallery(dataset, options, report);
  return report;
}

}  // namespace

void AuditOptions::Check() const {
  CheckOption(gallery_size >= 0, "sample", fmt::format("must be >= 0, got {}", gallery_size));
  SG_CHECK_OPTION(balance_tolerance >= 0 && balance_tolerance < 0.5, balance_tolerance, "must be in [0, 0.5)");
  SG_CHECK_OPTION_GE(min_group_items, 1);
  SG_CHECK_OPTION(prior_margin >= 0 && prior_margin < 1, prior_margin, "must be in [0, 1)");
  SG_CHECK_OPTION(prior_overall_margin >= 0 && prior_overall_margin < 1, prior_overall_margin, "must be in [0, 1)");
  SG_CHECK_OPTION_GE(min_question_words, 0);
  SG_CHECK_OPTION(max_question_words >= min_question_words, max_question_words, "must be >= min_question_words");
  SG_CHECK_OPTION_GE(max_items_per_image, 1);
  SG_CHECK_OPTION(threads >= 0, threads, "must be >= 0 (0: all cores)");
}

AuditReport RunAudit(const std::filesystem::path& path, const AuditOptions& options) {
  options.Check();
  return RunWithThreads(options.threads, [&] { return Audit(path, options); });
}

}  // namespace spatialgen
