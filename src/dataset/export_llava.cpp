#include "dataset/export_llava.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"

namespace spatialgen {

void WriteLlava(const ExportJob& job, ExportResult& result) {
  using OrderedJson = nlohmann::ordered_json;
  const ImagePaths paths = job.options.image_paths.value_or(FormatInfo(ExportFormat::kLlava).image_paths);
  std::string list = "[\n";  // one item a line, as the dataset's robopoint.json
  for (const DatasetItem& item : job.dataset.items) {
    PlaceImage(job, item, "", result);
    const std::filesystem::path image = std::filesystem::path("images") / ExportImageName(item);
    const OrderedJson conversations = OrderedJson::array({OrderedJson{{"from", "human"}, {"value", "<image>\n" + item.question}},
                                            OrderedJson{{"from", "gpt"}, {"value", item.answer}}});
    const OrderedJson record{{"id", item.id},
                      {"image", paths == ImagePaths::kAbsolute ? (job.target / image).string() : image.generic_string()},
                      {"conversations", conversations}};
    list += (result.items.empty() ? "" : ",\n") + record.dump();
    result.items.push_back(&item);
  }
  WriteFileAtomic(job.staging / "llava.json", list + "\n]\n");
  const bool absolute = paths == ImagePaths::kAbsolute;
  result.files = {{"llava.json", fmt::format("LLaVA conversation items, one a line; image {}",
                                             absolute ? "absolute" : "relative to this folder")},
                  {"images/", "the items' images, as in the dataset"}};
  const std::string out = job.target.string();
  result.commands = {fmt::format("deepspeed robopoint/train/train_mem.py --data_path {}/llava.json --image_folder {} ...",
                                 out, absolute ? "''" : out)};
}

}  // namespace spatialgen
