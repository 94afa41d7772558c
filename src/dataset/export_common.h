#pragma once
// What the format writers of export.h share: the job they are given, what they report back, and
// the helpers that place images and write answers the way every format needs them.
#include <Eigen/Core>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <opencv2/core.hpp>

#include "dataset/export.h"

namespace spatialgen {

// One format writer's job.
struct ExportJob {
  const Dataset& dataset;
  const ExportOptions& options;
  const ScoredAnswers* answers;        // null: no predictions to write
  std::filesystem::path staging;      // where the files are written
  std::filesystem::path target;       // where they will be, absolute (for absolute paths in files)
};

// What a format writer wrote.
struct ExportResult {
  std::vector<const DatasetItem*> items;               // exported, in file order
  std::map<std::string, int> left_out;                 // reason -> items
  std::set<std::string> images;                        // image files placed (paths in the export)
  std::vector<std::pair<std::string, std::string>> files;  // path in the export -> what it holds
  std::vector<std::string> commands;                   // the consumer's command lines
  bool predictions = false;                            // the predictions file was written
};

// The path of the item's image under the export's images/ folder ("<scene>/<view>.png"): its
// path in the dataset without the leading "images/". Throws InputError naming the item when the
// path is absolute or leaves the dataset folder.
std::string ExportImageName(const DatasetItem& item);

// Places the item's image at images/<ExportImageName> under `folder` of the export (hard link
// when the file system allows, else a copy), once per image. Throws InputError naming the item
// when the image is missing.
void PlaceImage(const ExportJob& job, const DatasetItem& item, const std::filesystem::path& folder,
                ExportResult& result);

// Throws InputError naming the predictions file when an item of `items` has no answer.
void RequireAnswers(const ExportJob& job, const std::vector<const DatasetItem*>& items);

// The answer of an exported item (RequireAnswers has checked it is there).
const ScoredAnswer& AnswerOf(const ExportJob& job, const DatasetItem& item);

// "Yes" or "No", as RoboSpatial writes them.
std::string YesNoText(bool yes);

// Predicted points as the scorer counts them: each replaced by the centre of the pixel of a
// width x height image it falls in (clamped to the image, as infer/answer_region.h does), as
// "[(x, y), ...]" normalized with kRingDecimals decimals. Any tool that maps a normalized point
// to a pixel by truncation then finds the same pixel.
std::string PointsAtPixelCentres(const std::vector<Eigen::Vector2d>& points, int width, int height);

// Reads a region mask (grey). Throws InputError naming the item and the file.
cv::Mat ReadRegionMask(const DatasetItem& item);

// What RoboSpatial calls one of spatialgen's tasks: RoboSpatial-Eval's category and the qa_type
// of RoboSpatial's generator.
struct RoboSpatialNames {
  std::string_view category;
  std::string_view qa_type;
};
// Null for a task RoboSpatial does not have (grounding, object and free-space reference).
const RoboSpatialNames* RoboSpatialNamesOf(std::string_view task);

// Counts one more item left out for `reason`.
void LeaveOut(ExportResult& result, const std::string& reason);

}  // namespace spatialgen
