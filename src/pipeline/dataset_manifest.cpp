#include "pipeline/dataset_manifest.h"

#include <fmt/format.h>

namespace spatialgen {
namespace {

// A field of a record, of the given JSON type; throws InputError naming the file and field.
const Json& Field(const Json& record, const char* key, Json::value_t type, const std::filesystem::path& file) {
  const auto found = record.find(key);
  const bool number = type == Json::value_t::number_unsigned || type == Json::value_t::number_integer;
  if (found == record.end() || (number ? !found->is_number_integer() : found->type() != type)) {
    throw InputError({file.string(), "", key}, "missing or of the wrong type");
  }
  return *found;
}

}  // namespace

Json ShardRecord::ToJson() const {
  return Json{{"index", index}, {"count", count}, {"run_scenes", run_scenes}, {"positions", positions}};
}

ShardRecord ShardRecord::FromJson(const Json& json, const std::filesystem::path& file) {
  if (!json.is_object()) throw InputError({file.string(), "", "shard"}, "should be an object");
  ShardRecord shard;
  try {
    shard.index = json.at("index").get<int>();
    shard.count = json.at("count").get<int>();
    shard.run_scenes = json.at("run_scenes").get<int64_t>();
    shard.positions = json.at("positions").get<std::vector<int64_t>>();
  } catch (const Json::exception& e) {
    throw InputError({file.string(), "", "shard"}, e.what());
  }
  return shard;
}

Json RunIdentity::ToJson() const {
  Json json = Json::object();
  json["spatialgen_version"] = spatialgen_version;
  json["seed"] = seed;
  json["config"] = config;
  json["scenes"] = Json::array();
  for (const std::string& id : scenes) json["scenes"].push_back(Json{{"id", id}});
  if (shard) json["shard"] = shard->ToJson();
  return json;
}

RunIdentity RunIdentity::FromJson(const Json& record, const std::filesystem::path& file) {
  RunIdentity identity;
  identity.spatialgen_version = Field(record, "spatialgen_version", Json::value_t::string, file).get<std::string>();
  identity.seed = Field(record, "seed", Json::value_t::number_unsigned, file).get<uint64_t>();
  identity.config = Field(record, "config", Json::value_t::object, file);
  for (const Json& scene : Field(record, "scenes", Json::value_t::array, file)) {
    if (!scene.is_object() || !scene.contains("id") || !scene.at("id").is_string()) {
      throw InputError({file.string(), "", "scenes"}, "every scene needs a string \"id\"");
    }
    identity.scenes.push_back(scene.at("id").get<std::string>());
  }
  if (record.contains("shard")) identity.shard = ShardRecord::FromJson(record.at("shard"), file);
  return identity;
}

std::string RunIdentity::SettingsDifference(const RunIdentity& other) const {
  if (spatialgen_version != other.spatialgen_version) {
    return fmt::format("spatialgen version ({} there, {} here)", spatialgen_version, other.spatialgen_version);
  }
  if (seed != other.seed) return fmt::format("seed ({} there, {} here)", seed, other.seed);
  if (config != other.config) return "configuration";
  return "";
}

std::string RunIdentity::Difference(const RunIdentity& other) const {
  if (std::string settings = SettingsDifference(other); !settings.empty()) return settings;
  if (scenes != other.scenes) return fmt::format("scene list ({} scenes there, {} here)", scenes.size(), other.scenes.size());
  const auto shard_text = [](const std::optional<ShardRecord>& shard) {
    return shard ? fmt::format("shard {}/{}", shard->index, shard->count) : std::string("no shard");
  };
  if (shard.has_value() != other.shard.has_value() ||
      (shard && shard->ToJson() != other.shard->ToJson())) {
    return fmt::format("shard ({} there, {} here)", shard_text(shard), shard_text(other.shard));
  }
  return "";
}

Json ReadOwnRecord(const std::filesystem::path& file, const char* format) {
  Json record;
  try {
    record = ReadJsonFile(file);
  } catch (const InputError& e) {
    throw InputError({file.string(), "", ""}, std::string("not a spatialgen ") + format + " record: " + e.reason());
  }
  if (!record.is_object() || record.value("format", Json()) != format) {
    throw InputError({file.string(), "", "format"},
                     fmt::format("not written by spatialgen (no \"format\": \"{}\"): spatialgen leaves this folder alone",
                                 format));
  }
  const Json version = record.value("format_version", Json());
  if (!version.is_number_integer() || version.get<int>() < 1 || version.get<int>() > kFormatVersion) {
    throw InputError({file.string(), "", "format_version"},
                     fmt::format("format version {} is not one this spatialgen reads (1 to {})", version.dump(),
                                 kFormatVersion));
  }
  return record;
}

Json MakeManifest(const RunIdentity& identity, const std::string& config_file, Json scenes, const Counters& counters) {
  Json manifest = identity.ToJson();
  manifest["format"] = kManifestFormat;
  manifest["format_version"] = kFormatVersion;
  manifest["config_file"] = config_file;
  manifest["scenes"] = std::move(scenes);
  manifest["counters"] = counters.ToJson();
  manifest["files"] = {{"robospatial", "qa/robospatial.jsonl"},
                       {"robopoint", "qa/robopoint.json"},
                       {"ground_truth", "gt/<scene>.jsonl"},
                       {"scene_records", "gt/<scene>.scene.json"},
                       {"images", "images/<scene>/<view>.png"},
                       {"masks", "masks/<scene>/<view>_<region>.png"}};
  return manifest;
}

ManifestTotals TotalsOf(const Json& manifest) {
  ManifestTotals totals;
  for (const Json& scene : manifest.value("scenes", Json::array())) {
    scene.value("status", "") == "ok" ? ++totals.scenes_ok : ++totals.scenes_failed;
  }
  const Json counters = manifest.value("counters", Json::object());
  for (const auto& [name, value] : counters.items()) {
    if (value.is_number_integer()) totals.counters.Add(name, value.get<int64_t>());
  }
  return totals;
}

}  // namespace spatialgen
