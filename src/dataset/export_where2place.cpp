#include "dataset/export_where2place.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <opencv2/imgcodecs.hpp>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/image_header.h"
#include "qa_gen/templates.h"

namespace spatialgen {
namespace {

using OrderedJson = nlohmann::ordered_json;

// Throws InputError naming the file when it is not 640 x 480.
void RequireScorerSize(const std::filesystem::path& path, int width, int height, const DatasetItem& item) {
  if (width == kWhere2PlaceWidth && height == kWhere2PlaceHeight) return;
  throw InputError({path.string(), "", ""},
                   fmt::format("item {}: {} x {} pixels; Where2Place's scorer (summarize_vqa.py) maps points to a "
                               "{} x {} image whatever the image's size, so this export takes datasets rendered at "
                               "that size only",
                               item.id, width, height, kWhere2PlaceWidth, kWhere2PlaceHeight));
}

// The region as the scorer must read it: 0 outside, 255 inside, 8 bits, losslessly (PNG).
std::string Where2PlaceMaskBytes(const DatasetItem& item, int threshold) {
  const cv::Mat mask = ReadRegionMask(item);
  RequireScorerSize(item.mask_path, mask.cols, mask.rows, item);
  const cv::Mat binary = mask >= threshold;  // 255 where >= threshold, else 0
  std::vector<uchar> png;
  if (!cv::imencode(".png", binary, png)) throw std::runtime_error("cannot encode the mask of item " + item.id);
  return std::string(png.begin(), png.end());
}

}  // namespace

void WriteWhere2Place(const ExportJob& job, ExportResult& result) {
  for (const DatasetItem& item : job.dataset.items) {
    if (!item.answer_kind) {
      LeaveOut(result, "no expected answer");
    } else if (item.answer_kind != AnswerKind::kPoints) {
      LeaveOut(result, fmt::format("{} answer (Where2Place scores points)", AnswerKindName(*item.answer_kind)));
    } else if (item.mask_path.empty()) {
      LeaveOut(result, "point answer without a region mask");
    } else {
      result.items.push_back(&item);
    }
  }
  RequireAnswers(job, result.items);
  std::string questions;
  std::string answers;
  for (size_t line = 0; line < result.items.size(); ++line) {
    const DatasetItem& item = *result.items[line];
    const std::optional<ImageHeader> image = ReadImageHeader(item.image_path);
    if (!image) throw InputError({item.image_path.string(), "", ""}, "item " + item.id + ": cannot read the image size");
    RequireScorerSize(item.image_path, image->width, image->height, item);
    WriteFileAtomic(job.staging / "masks" / fmt::format("{:02d}.jpg", line),
                    Where2PlaceMaskBytes(item, job.options.mask_threshold));
    PlaceImage(job, item, "", result);
    questions += OrderedJson{{"question_id", item.id}, {"image", ExportImageName(item)}, {"text", item.question},
                      {"category", item.task}}.dump() + "\n";
    if (job.answers != nullptr) {
      const ScoredAnswer& answer = AnswerOf(job, item);
      const std::string text =
          answer.points ? PointsAtPixelCentres(*answer.points, kWhere2PlaceWidth, kWhere2PlaceHeight) : "";
      answers += OrderedJson{{"question_id", item.id}, {"prompt", item.question}, {"text", text},
                      {"model_id", answer.model}, {"category", item.task}}.dump() + "\n";
    }
  }
  WriteFileAtomic(job.staging / "point_questions.jsonl", questions);
  result.files = {{"point_questions.jsonl", "one question a line: question_id (the spatialgen item id), image, text, category (the task)"},
                  {"images/", "the questions' images, as in the dataset"},
                  {"masks/NN.jpg", "the answer region of question line NN: 8-bit greyscale PNG, 0 outside, 255 inside"}};
  const std::string out = job.target.string();
  result.commands = {
      fmt::format("python robopoint/eval/model_vqa.py --model-path wentao-yuan/robopoint-v1-vicuna-v1.5-13b "
                  "--image-folder {0}/images --question-file {0}/point_questions.jsonl --answer-file output/robopoint.jsonl",
                  out),
      fmt::format("python robopoint/eval/summarize_vqa.py --answer_file output/robopoint.jsonl --data_dir {}", out)};
  if (job.answers != nullptr) {
    WriteFileAtomic(job.staging / "answers.jsonl", answers);
    result.files.emplace_back("answers.jsonl", "the predictions, one a line in question order, points at the centres of the pixels they are scored in");
    result.commands.push_back(fmt::format("python robopoint/eval/summarize_vqa.py --answer_file {0}/answers.jsonl --data_dir {0}", out));
    result.predictions = true;
  }
}

}  // namespace spatialgen
