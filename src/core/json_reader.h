#pragma once
// Strict JSON reading: files may hold comments; every key of an object must be consumed by
// the reader, so a misspelled key is an error that names the file and the key path
// ("configs/x.json: generation.relation_margn: unknown key") instead of a silent default.
// A key given twice in one object is an error too (nlohmann would keep the last one), and
// values convert only without loss: an integer option refuses 1.5, -1 for an unsigned one,
// 1e20 beyond its range and true; a number refuses true.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <limits>
#include <memory>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/error.h"

namespace spatialgen {

using Json = nlohmann::json;

namespace json_detail {
template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};
}  // namespace json_detail

// Parses a JSON file that may contain // and /* */ comments. Throws InputError naming the
// file (and the parser's position) when it is missing or malformed, and naming the key path
// when an object gives a key twice.
Json ReadJsonFile(const std::filesystem::path& path);
// The same for text already read; `file` names it in errors.
Json ParseJsonText(const std::string& text, const std::string& file);

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

  InputError WrongType(const std::string& key, const std::string& expected, const Json& value) const {
    return Error(key, "wrong type: expected " + expected + ", got " + std::string(value.type_name()));
  }

  // `value` as a T, without loss; `key` is its place for messages ("tasks[2]").
  template <typename T>
  T Convert(const Json& value, const std::string& key) const {
    if constexpr (std::is_same_v<T, bool>) {
      if (!value.is_boolean()) throw WrongType(key, "true or false", value);
      return value.get<bool>();
    } else if constexpr (std::is_integral_v<T>) {
      return ConvertInteger<T>(value, key);
    } else if constexpr (std::is_floating_point_v<T>) {
      if (!value.is_number()) throw WrongType(key, "a number", value);
      return value.get<T>();
    } else if constexpr (json_detail::IsVector<T>::value) {
      if (!value.is_array()) throw WrongType(key, "an array", value);
      T out;
      for (size_t i = 0; i < value.size(); ++i) {
        out.push_back(Convert<typename T::value_type>(value[i], key + "[" + std::to_string(i) + "]"));
      }
      return out;
    } else {
      try {
        return value.get<T>();
      } catch (const nlohmann::json::exception&) {
        throw Error(key, "wrong type: got " + std::string(value.type_name()));
      }
    }
  }

  template <typename T>
  T ConvertInteger(const Json& value, const std::string& key) const {
    constexpr T low = std::numeric_limits<T>::min(), high = std::numeric_limits<T>::max();
    if (!value.is_number()) throw WrongType(key, "an integer", value);
    if (value.is_number_unsigned()) {
      if (std::cmp_less_equal(value.get<uint64_t>(), high)) return T(value.get<uint64_t>());
    } else if (value.is_number_integer()) {
      const int64_t number = value.get<int64_t>();
      if (std::cmp_greater_equal(number, low) && std::cmp_less_equal(number, high)) return T(number);
    } else if (value.is_number_float()) {
      // 3.0 is 3; beyond 2^53 a double no longer says which integer it is.
      const double number = value.get<double>();
      if (number == std::floor(number) && std::abs(number) <= 9007199254740992.0 && number >= double(low) &&
          number <= double(high)) {
        return T(number);
      }
    }
    throw Error(key, fmt::format("must be an integer in [{}, {}], got {}", low, high, value.dump()));
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
