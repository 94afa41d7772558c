#include "infer/predictions.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>

#include "core/error.h"
#include "core/rng.h"

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

PredictionRecord ParseLine(const std::string& line, const std::string& where) {
  Json record;
  try {
    record = Json::parse(line);
  } catch (const nlohmann::json::exception& e) {
    throw InputError({where, "", ""}, std::string("invalid JSON: ") + e.what());
  }
  return ReadRecord(record, where);
}

// Calls `record(prediction, offset)` for each record of the file, in order, with the byte offset
// of its line. Throws InputError naming "file:line" on a malformed one.
template <typename OnRecord>
void ForEachRecord(const std::filesystem::path& path, OnRecord on_record) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError({path.string(), "", ""}, "cannot open predictions file");
  std::string line;
  int64_t offset = 0;
  for (int number = 1; std::getline(in, line); ++number) {
    const int64_t line_offset = offset;
    offset += static_cast<int64_t>(line.size()) + 1;  // getline drops the '\n'
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    on_record(ParseLine(line, path.string() + ":" + std::to_string(number)), line_offset);
  }
}

}  // namespace

std::vector<PredictionRecord> ReadPredictions(const std::filesystem::path& path) {
  std::vector<PredictionRecord> records;
  std::map<std::string, size_t> index;
  ForEachRecord(path, [&](PredictionRecord prediction, int64_t) {
    auto [it, inserted] = index.emplace(prediction.id, records.size());
    if (inserted) {
      records.push_back(std::move(prediction));
    } else {
      records[it->second] = std::move(prediction);
    }
  });
  return records;
}

PredictionIndex::PredictionIndex(std::filesystem::path path) : path_(std::move(path)) {
  ForEachRecord(path_, [&](const PredictionRecord& prediction, int64_t offset) {
    entries_.push_back({StableHash(prediction.id), offset, offset});
  });
  // One entry per id hash: the first line's offset and the last line's (stable: file order).
  std::stable_sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) { return a.hash < b.hash; });
  size_t kept = 0;
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (kept > 0 && entries_[kept - 1].hash == entries_[i].hash) {
      entries_[kept - 1].last = entries_[i].last;
    } else {
      entries_[kept++] = entries_[i];
    }
  }
  entries_.resize(kept);
  entries_.shrink_to_fit();
}

const PredictionIndex::Entry* PredictionIndex::EntryOf(const std::string& id) const {
  const uint64_t hash = StableHash(id);
  const auto found = std::lower_bound(entries_.begin(), entries_.end(), hash,
                                      [](const Entry& entry, uint64_t value) { return entry.hash < value; });
  return found != entries_.end() && found->hash == hash ? &*found : nullptr;
}

PredictionRecord PredictionIndex::ReadAt(int64_t offset) const {
  if (!in_.is_open()) in_.open(path_, std::ios::binary);
  in_.clear();
  in_.seekg(offset);
  std::string line;
  std::getline(in_, line);
  return ParseLine(line, path_.string());
}

std::optional<PredictionRecord> PredictionIndex::Find(const std::string& id) const {
  const Entry* entry = EntryOf(id);
  if (entry == nullptr) return std::nullopt;
  PredictionRecord record = ReadAt(entry->last);
  if (record.id == id) return record;
  // Two ids with one 64-bit hash: find the id's last record the slow way.
  std::optional<PredictionRecord> found;
  ForEachRecord(path_, [&](PredictionRecord prediction, int64_t) {
    if (prediction.id == id) found = std::move(prediction);
  });
  return found;
}

void PredictionIndex::ForEachId(const std::function<void(const std::string&)>& visit) const {
  ForEachRecord(path_, [&](const PredictionRecord& prediction, int64_t offset) {
    const Entry* entry = EntryOf(prediction.id);
    if (entry != nullptr && entry->first == offset) visit(prediction.id);
  });
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
