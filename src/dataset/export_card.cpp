#include "dataset/export_card.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <tuple>

#include "core/atomic_file.h"
#include "core/rng.h"
#include "dataset/export_folder.h"

namespace spatialgen {
namespace {

using OrderedJson = nlohmann::ordered_json;

// What the dataset's manifest.json says about how it was made; null fields when it is absent.
struct DatasetOrigin {
  OrderedJson spatialgen_version;
  OrderedJson seed;
  OrderedJson config_hash;  // "fnv1a64:<16 hex digits>" of the resolved config, serialized compactly
};

DatasetOrigin ReadOrigin(const std::filesystem::path& root) {
  DatasetOrigin origin;
  std::ifstream in(root / "manifest.json");
  if (!in) return origin;
  const nlohmann::json manifest = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!manifest.is_object()) return origin;
  if (manifest.contains("spatialgen_version")) origin.spatialgen_version = manifest["spatialgen_version"];
  if (manifest.contains("seed")) origin.seed = manifest["seed"];
  if (manifest.contains("config")) {
    origin.config_hash = fmt::format("fnv1a64:{:016x}", StableHash(manifest["config"].dump()));
  }
  return origin;
}

using CountKey = std::tuple<std::string, std::string, std::string>;  // task, frame, relation

std::map<CountKey, int> CountItems(const std::vector<const DatasetItem*>& items) {
  std::map<CountKey, int> counts;
  for (const DatasetItem* item : items) ++counts[{item->task, item->frame, item->relation}];
  return counts;
}

std::string Shown(const OrderedJson& value) { return value.is_null() ? "unknown" : value.is_string() ? value.get<std::string>() : value.dump(); }

}  // namespace

void WriteExportCard(const ExportJob& job, const ExportResult& result) {
  const ExportFormatInfo& format = FormatInfo(job.options.format);
  const DatasetOrigin origin = ReadOrigin(job.dataset.root);
  const std::string license = job.options.license.empty() ? "unspecified" : job.options.license;
  const std::map<CountKey, int> counts = CountItems(result.items);

  OrderedJson card;
  card["spatialgen_export"] = 1;
  card["format"] = format.name;
  card["consumer"] = format.consumer;
  card["dataset"] = std::filesystem::absolute(job.dataset.root).lexically_normal().string();
  card["spatialgen_version"] = origin.spatialgen_version;
  card["seed"] = origin.seed;
  card["config_hash"] = origin.config_hash;
  card["license"] = license;
  card["items"] = result.items.size();
  card["left_out"] = OrderedJson::object();
  for (const auto& [reason, count] : result.left_out) card["left_out"][reason] = count;
  card["images"] = result.images.size();
  card["predictions"] = result.predictions ? OrderedJson(job.options.predictions_name) : OrderedJson(nullptr);
  card["files"] = OrderedJson::object();
  for (const auto& [path, what] : result.files) card["files"][path] = what;
  card["commands"] = result.commands;
  card["counts"] = OrderedJson::array();
  for (const auto& [key, count] : counts) {
    const auto& [task, frame, relation] = key;
    card["counts"].push_back(OrderedJson{{"task", task}, {"frame", frame}, {"relation", relation}, {"items", count}});
  }
  WriteFileAtomic(job.staging / kExportMarker, card.dump(2) + "\n");

  std::string readme = fmt::format("# spatialgen export: {}\n\nFor {}.\n\n", format.name, format.consumer);
  readme += fmt::format("- dataset: `{}` (spatialgen {}, seed {}, config {})\n", card["dataset"].get<std::string>(),
                        Shown(origin.spatialgen_version), Shown(origin.seed), Shown(origin.config_hash));
  readme += fmt::format("- licence: {}\n", license);
  readme += fmt::format("- items: {} exported, {} images\n", result.items.size(), result.images.size());
  for (const auto& [reason, count] : result.left_out) readme += fmt::format("- left out: {} ({})\n", count, reason);
  readme += fmt::format("- predictions: {}\n", result.predictions ? job.options.predictions_name : "none");
  readme += "\n## Files\n\n| path | what |\n|---|---|\n";
  for (const auto& [path, what] : result.files) readme += fmt::format("| `{}` | {} |\n", path, what);
  readme += fmt::format("| `{}`, `README.md` | this card |\n", kExportMarker);
  readme += "\n## Commands\n\n```sh\n";
  for (const std::string& command : result.commands) readme += command + "\n";
  readme += "```\n\n## Items per task x frame x relation\n\n| task | frame | relation | items |\n|---|---|---|---|\n";
  for (const auto& [key, count] : counts) {
    const auto& [task, frame, relation] = key;
    readme += fmt::format("| {} | {} | {} | {} |\n", task, frame.empty() ? "-" : frame, relation.empty() ? "-" : relation, count);
  }
  WriteFileAtomic(job.staging / "README.md", readme);
}

}  // namespace spatialgen
