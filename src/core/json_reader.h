#pragma once
// Strict JSON reading: files may hold comments; every key of an object must be consumed by
// the reader, so a misspelled key is an error that names the file and the key path
// ("configs/x.json: generation.relation_margn: unknown key") instead of a silent default.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"

namespace spatialgen {

using Json = nlohmann::json;

// Parses a JSON file that may contain // and /* */ comments. Throws InputError naming the
// file (and the parser's position) when it is missing or malformed.
Json ReadJsonFile(const std::filesystem::path& path);

// Reads one JSON object strictly. Read() leaves the output untouched when the key is absent,
// so Options structs keep their defaults; Finish() throws on keys nobody read.
// The reader also records the value each key ends up with (read or default) in resolved():
// that is the configuration actually used, which the pipeline writes beside its outputs.
class JsonReader {
 public:
  // `path` is the key path of `object` inside the file ("" for the root).
  JsonReader(const Json& object, std::string file, std::string path = "");

  bool Has(const std::string& key) const;

  template <typename T>
  void Read(const std::string& key, T& out) {
    if (Has(key)) {
      consumed_.insert(key);
      out = Convert<T>(object_.at(key), key);
    }
    (*resolved_)[key] = out;
  }
  template <typename T>
  T Require(const std::string& key) {
    if (!Has(key)) throw Error(key, "missing required key");
    consumed_.insert(key);
    T value = Convert<T>(object_.at(key), key);
    (*resolved_)[key] = value;
    return value;
  }
  // The raw value (marked as read); throws when absent.
  const Json& RequireValue(const std::string& key);

  // A reader for a nested object (marked as read). Throws when the value is not an object.
  JsonReader Child(const std::string& key);
  // The same, over an empty object when the key is absent (so defaults are still resolved).
  JsonReader OptionalChild(const std::string& key);
  // Readers for each element of a nested array of objects.
  std::vector<JsonReader> Children(const std::string& key);

  // Throws InputError for the first key that was never read.
  void Finish() const;

  // An error located at `key` inside this object.
  InputError Error(const std::string& key, const std::string& message) const;
  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }
  std::string KeyPath(const std::string& key) const;
  // The values read so far (defaults included) under this object.
  const Json& resolved() const { return *resolved_; }

 private:
  JsonReader(const Json& object, std::string file, std::string path,
             std::shared_ptr<Json> resolved_owner, Json* resolved);

  template <typename T>
  T Convert(const Json& value, const std::string& key) const {
    try {
      return value.get<T>();
    } catch (const nlohmann::json::exception&) {
      throw Error(key, "wrong type: got " + std::string(value.type_name()));
    }
  }

  const Json& object_;
  std::string file_;
  std::string path_;
  std::set<std::string> consumed_;
  std::shared_ptr<Json> resolved_owner_;  // the whole resolved tree, shared with children
  Json* resolved_;                        // this object's node in that tree
};

// Reads the nested object `key` of `parent` (absent: all defaults) into an Options struct
// with its ReadOptions overload, and rejects keys it does not know.
template <typename Options>
void ReadSection(JsonReader& parent, const std::string& key, Options& options) {
  JsonReader section = parent.OptionalChild(key);
  ReadOptions(section, options);
  section.Finish();
}

}  // namespace spatialgen
