#include "dataset/export_robospatial_qa.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

#include "core/atomic_file.h"

namespace spatialgen {
namespace {

using OrderedJson = nlohmann::ordered_json;

// The generator skips context answers with fewer points.
constexpr size_t kMinContextPoints = 3;

// Points as the generator writes them: rounded to 3 decimals, clamped to [0, 1].
std::string GeneratorPoints(const std::vector<Eigen::Vector2d>& points) {
  const auto value = [](double v) { return std::clamp(std::round(v * 1000) / 1000, 0.0, 1.0); };
  std::string text = "[";
  for (size_t i = 0; i < points.size(); ++i) {
    if (i > 0) text += ", ";
    text += fmt::format("({:.3f}, {:.3f})", value(points[i].x()), value(points[i].y()));
  }
  return text + "]";
}

}  // namespace

void WriteRoboSpatialQa(const ExportJob& job, ExportResult& result) {
  const ImagePaths paths = job.options.image_paths.value_or(FormatInfo(ExportFormat::kRoboSpatialQa).image_paths);
  OrderedJson list = OrderedJson::array();
  for (const DatasetItem& item : job.dataset.items) {
    const RoboSpatialNames* names = RoboSpatialNamesOf(item.task);
    if (names == nullptr) {
      LeaveOut(result, fmt::format("{} (no RoboSpatial qa_type)", item.task));
      continue;
    }
    std::string answer;
    if (item.answer_kind == AnswerKind::kYesNo) {
      answer = YesNoText(item.answer_yes);
    } else if (item.answer_kind == AnswerKind::kPoints && item.points.size() >= kMinContextPoints) {
      answer = GeneratorPoints(item.points);
    } else {
      LeaveOut(result, fmt::format("{} item without a yes/no answer or {} points", item.task, kMinContextPoints));
      continue;
    }
    PlaceImage(job, item, "", result);
    const std::filesystem::path image = std::filesystem::path("images") / ExportImageName(item);
    const std::string image_path = paths == ImagePaths::kAbsolute ? (job.target / image).string() : image.generic_string();
    list.push_back(
        OrderedJson{{"image_path", image_path}, {"question", "<image>" + item.question}, {"answer", answer}, {"qa_type", names->qa_type}});
    result.items.push_back(&item);
  }
  WriteFileAtomic(job.staging / "robospatial_qa.json", list.dump(4) + "\n");
  result.files = {{"robospatial_qa.json", fmt::format("the QA list in the layout of RoboSpatial's qa_generator.py --output-mode json; image_path {}",
                                                      paths == ImagePaths::kAbsolute ? "absolute" : "relative to this folder")},
                  {"images/", "the items' images, as in the dataset"}};
  result.commands = {fmt::format("python -c \"import json; qa = json.load(open('{}/robospatial_qa.json')); print(len(qa))\"",
                                 job.target.string())};
}

}  // namespace spatialgen
