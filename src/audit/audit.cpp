#include "audit/audit.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "audit/content_checks.h"
#include "audit/gallery_sample.h"
#include "audit/mask_checks.h"
#include "audit/prior_check.h"
#include "audit/scene_recheck.h"
#include "audit/schema_checks.h"
#include "core/check.h"
#include "core/error.h"
#include "core/json_reader.h"
#include "core/parallel.h"
#include "core/progress.h"
#include "core/rng.h"
#include "dataset/dataset_stream.h"

namespace spatialgen {
namespace {

// Pieces are checked a few at a time (several scenes re-checked in parallel).
constexpr size_t kBatchPieces = 8;
constexpr size_t kBatchItems = 4096;

// The items a spatialgen folder's manifest counts, for the progress bar (0: unknown).
int64_t ItemsToRead(const DatasetStream& stream) {
  const std::filesystem::path manifest = stream.root() / "manifest.json";
  if (stream.layout() != DatasetLayout::kSpatialgen || !std::filesystem::exists(manifest)) return 0;
  try {
    const Json counters = ReadJsonFile(manifest).value("counters", Json::object());
    return counters.value("items.robospatial", int64_t(0)) + counters.value("items.robopoint", int64_t(0));
  } catch (const InputError&) {
    return 0;
  }
}

// The dataset is read a piece at a time, a few times, and never held: every check on the first
// pass (and the blind prior fitted), the blind prior's answers on the second, the scene re-check
// a scene at a time, and the gallery's items on the last ones.
AuditReport Audit(const std::filesystem::path& path, const AuditOptions& options) {
  const DatasetStream stream(path, {.image_root = options.image_root});
  if (!options.scenes_config.empty() && stream.layout() != DatasetLayout::kSpatialgen) {
    throw InputError({options.scenes_config.string(), "", ""},
                     "a scenes config re-checks spatialgen folders only; " + path.string() + " is a " +
                         std::string(LayoutName(stream.layout())) + " file");
  }
  AuditReport report;
  report.dataset = path.string();
  report.layout = LayoutName(stream.layout());

  ReadingChecks reading;
  AnswerKindCheck answer_kinds;
  ImageChecks images(options.decode_images);
  ContentChecks content(options);
  PriorCheck prior(options);
  MaskChecks masks;
  std::optional<SceneRecheck> recheck;
  if (!options.scenes_config.empty()) recheck.emplace(stream.root(), options);
  GallerySample gallery;

  int64_t items = 0;
  Progress bar("audit: items", ItemsToRead(stream), options.progress);
  std::vector<DatasetPiece> batch;
  size_t batch_items = 0;
  const auto check_batch = [&] {
    for (const DatasetPiece& piece : batch) {
      reading.Add(piece.findings);
      answer_kinds.Add(piece.items, piece.first_item);
      images.Add(piece.items);
      content.Add(piece.items);
      prior.Fit(piece.items);
      masks.Add(piece.items, images);
      gallery.Count(piece.items);
      items += static_cast<int64_t>(piece.items.size());
    }
    bar.Advance(static_cast<int64_t>(batch_items));
    batch.clear();
    batch_items = 0;
  };
  const auto add_to_batch = [&](const std::function<void()>& check) {
    return [&, check](DatasetPiece& piece) {
      batch_items += piece.items.size();
      batch.push_back(std::move(piece));
      if (batch.size() >= kBatchPieces || batch_items >= kBatchItems) check();
    };
  };
  stream.Read(add_to_batch(check_batch));
  check_batch();
  bar.Finish();
  stream.Read([&](DatasetPiece& piece) { prior.Estimate(piece.items); });
  if (recheck) {
    // Its own pass: a scene at a time with both QA files' items, so that each scene is loaded
    // and rendered once (the file-order pieces hold a scene's items of one file).
    Progress recheck_bar("audit: scene re-check: items", ItemsToRead(stream), options.progress);
    const auto recheck_batch = [&] {
      std::vector<const std::vector<DatasetItem>*> pieces;
      for (const DatasetPiece& piece : batch) pieces.push_back(&piece.items);
      recheck->Add(pieces);
      recheck_bar.Advance(static_cast<int64_t>(batch_items));
      batch.clear();
      batch_items = 0;
    };
    if (!stream.ReadScenes(add_to_batch(recheck_batch))) stream.Read(add_to_batch(recheck_batch));
    recheck_batch();
    recheck_bar.Finish();
  }

  reading.Finish(items, report);
  answer_kinds.Finish(report);
  images.Finish(report);
  content.Finish(report);
  prior.Finish(report);
  masks.Finish(report);
  if (recheck) recheck->Finish(report);
  gallery.Choose(options, stream, report);
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
