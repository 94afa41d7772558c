#include "infer/predictions.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>

#include "core/error.h"

namespace spatialgen {
namespace {

using Json = nlohmann::json;

// The id of a record: "id" (spatialgen) or "question_id" (RoboPoint's model_vqa.py, where it
// may be an integer).
std::string ReadId(const Json& record, const std::string& where) {
  const char* key = record.contains("id") ? "id" : "question_id";
  if (!record.contains(key)) throw InputError({where, "", "id"}, "missing id (or question_id)");
  const Json& value = record.at(key);
  if (value.is_string()) {
    if (value.get<std::string>().empty()) throw InputError({where, "", key}, "empty id");
    return value.get<std::string>();
  }
  if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
  throw InputError({where, "", key},
                   std::string("expected a string or an integer, got ") + value.type_name());
}

template <typename T>
void ReadOptional(const Json& record, const char* key, const std::string& where, T& out) {
  if (!record.contains(key) || record.at(key).is_null()) return;
  try {
    out = record.at(key).get<T>();
  } catch (const nlohmann::json::exception&) {
    throw InputError({where, "", key},
                     std::string("wrong type: got ") + record.at(key).type_name());
  }
}

PredictionRecord ReadRecord(const Json& record, const std::string& where) {
  if (!record.is_object()) throw InputError({where, "", ""}, "expected a JSON object");
  PredictionRecord prediction;
  prediction.id = ReadId(record, where);
  ReadOptional(record, "error", where, prediction.error);
  if (!record.contains("text")) {
    // A failed spatialgen record may leave "text" out; anything else without it is malformed.
    if (prediction.error.empty()) throw InputError({where, "", "text"}, "missing text");
  } else if (record.at("text").is_string()) {
    prediction.text = record.at("text").get<std::string>();
  } else if (!record.at("text").is_null()) {
    throw InputError({where, "", "text"},
                     std::string("expected a string or null, got ") + record.at("text").type_name());
  } else if (prediction.error.empty()) {
    prediction.error = "no answer (text is null)";
  }
  ReadOptional(record, "backend", where, prediction.backend);
  // RoboPoint answer files name the model under "model_id".
  ReadOptional(record, record.contains("model") ? "model" : "model_id", where, prediction.model);
  ReadOptional(record, "attempts", where, prediction.attempts);
  ReadOptional(record, "seconds", where, prediction.seconds);
  return prediction;
}

}  // namespace

std::vector<PredictionRecord> ReadPredictions(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw InputError({path.string(), "", ""}, "cannot open predictions file");
  std::vector<PredictionRecord> records;
  std::map<std::string, size_t> index;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = path.string() + ":" + std::to_string(number);
    Json record;
    try {
      record = Json::parse(line);
    } catch (const nlohmann::json::exception& e) {
      throw InputError({where, "", ""}, std::string("invalid JSON: ") + e.what());
    }
    PredictionRecord prediction = ReadRecord(record, where);
    auto [it, inserted] = index.emplace(prediction.id, records.size());
    if (inserted) {
      records.push_back(std::move(prediction));
    } else {
      records[it->second] = std::move(prediction);
    }
  }
  return records;
}

std::string PredictionLine(const PredictionRecord& record) {
  Json line = Json::object();
  line["id"] = record.id;
  line["text"] = record.text ? Json(*record.text) : Json(nullptr);
  line["backend"] = record.backend;
  line["model"] = record.model;
  line["attempts"] = record.attempts;
  line["seconds"] = record.seconds;
  line["error"] = record.error;
  // Invalid UTF-8 from a model must not make the line unwritable.
  return line.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace spatialgen
