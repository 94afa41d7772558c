#include "dataset/export_robospatial_eval.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <set>
#include <utility>
#include <variant>

#include "core/atomic_file.h"
#include "dataset/region_ring.h"

namespace spatialgen {
namespace {

using OrderedJson = nlohmann::ordered_json;

// One entry of annotations.json, with what its predicted answer needs.
struct EvalEntry {
  const DatasetItem* item;
  std::string category;
  std::string answer;
  cv::Size mask_size;  // point items: the grid their predicted points are scored on
};

// The entry of a context item, or the reason it is left out.
std::variant<EvalEntry, std::string> ContextEntry(const DatasetItem& item, int threshold) {
  if (item.answer_kind != AnswerKind::kPoints || item.mask_path.empty()) {
    return std::string("context item without a point answer and region mask");
  }
  const cv::Mat mask = ReadRegionMask(item);
  const RegionRing ring = RingFromMask(mask, threshold);
  if (ring.vertices.empty()) return std::string("context item with an empty region mask");
  for (const Eigen::Vector2d& point : item.points) {
    if (!RingContains(ring.vertices, point)) return std::string("context answer point outside its region mask");
  }
  return EvalEntry{&item, "context", FormatRing(ring.vertices), mask.size()};
}

}  // namespace

void WriteRoboSpatialEval(const ExportJob& job, ExportResult& result) {
  std::vector<EvalEntry> entries;
  std::set<std::pair<std::string, std::string>> keys;  // (question, img): the consumer's match key
  for (const DatasetItem& item : job.dataset.items) {
    const RoboSpatialNames* names = RoboSpatialNamesOf(item.task);
    if (names == nullptr) {
      LeaveOut(result, fmt::format("{} (no RoboSpatial-Eval category)", item.task));
      continue;
    }
    if (!keys.emplace(item.question, ExportImageName(item)).second) {
      LeaveOut(result, "same question and image as an earlier item (answers are matched on both)");
      continue;
    }
    if (names->category == "context") {
      auto entry = ContextEntry(item, job.options.mask_threshold);
      if (auto* reason = std::get_if<std::string>(&entry)) {
        LeaveOut(result, *reason);
      } else {
        entries.push_back(std::get<EvalEntry>(entry));
      }
    } else if (item.answer_kind == AnswerKind::kYesNo) {
      entries.push_back({&item, std::string(names->category), YesNoText(item.answer_yes), {}});
    } else {
      LeaveOut(result, fmt::format("{} item without a yes/no answer", item.task));
    }
  }
  for (const EvalEntry& entry : entries) result.items.push_back(entry.item);
  RequireAnswers(job, result.items);

  OrderedJson annotations = OrderedJson::array();
  OrderedJson results = OrderedJson::array();
  for (const EvalEntry& entry : entries) {
    const DatasetItem& item = *entry.item;
    PlaceImage(job, item, "data", result);
    const std::string img = "images/" + ExportImageName(item);
    annotations.push_back(
        OrderedJson{{"category", entry.category}, {"question", item.question}, {"answer", entry.answer}, {"img", img}});
    if (job.answers == nullptr) continue;
    const ScoredAnswer& answer = AnswerOf(job, item);
    std::string text;  // "" when the answer did not parse: the consumer counts it wrong
    if (answer.yes) text = YesNoText(*answer.yes);
    if (answer.points) text = PointsAtPixelCentres(*answer.points, entry.mask_size.width, entry.mask_size.height);
    results.push_back(OrderedJson{{"question", item.question}, {"img", img}, {"answer", text}});
  }
  WriteFileAtomic(job.staging / "data" / "annotations.json", annotations.dump(2) + "\n");
  const std::filesystem::path data_dir = job.target / "data";
  const std::filesystem::path output_dir = job.target / "eval_results";
  WriteFileAtomic(job.staging / "config.yaml",
                  fmt::format("# RoboSpatial-Eval configuration for this export: python main.py ... --config {}\n"
                              "datasets:\n  robospatial_home:\n    data_dir: {}\n"
                              "output:\n  output_dir: {}\n",
                              (job.target / "config.yaml").string(), OrderedJson(data_dir.string()).dump(),
                              OrderedJson(output_dir.string()).dump()));
  result.files = {{"data/annotations.json", "the benchmark: a JSON list of {category, question, answer, img}; context answers are the region as one polygon ring"},
                  {"data/images/", "the entries' images, as in the dataset"},
                  {"config.yaml", "RoboSpatial-Eval's configuration: data_dir is data/, output_dir eval_results/"}};
  const std::string config = (job.target / "config.yaml").string();
  result.commands = {fmt::format("python main.py robopoint wentao-yuan/robopoint-v1-vicuna-v1.5-13b --config {}", config)};
  if (job.answers != nullptr) {
    WriteFileAtomic(job.staging / "results.json", results.dump(2) + "\n");
    result.files.emplace_back("results.json", "the predictions: a JSON list of {question, img, answer}, points at the centres of the pixels they are scored in");
    result.commands.push_back(fmt::format("python main.py --results {} --config {}", (job.target / "results.json").string(), config));
    result.predictions = true;
  }
}

}  // namespace spatialgen
