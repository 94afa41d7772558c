#include "core/json_reader.h"

#include <functional>

#include "core/atomic_file.h"

namespace spatialgen {

namespace {

// Follows the parser's events to find the first key an object gives twice, by its key path.
class DuplicateKeyFinder {
 public:
  bool operator()(int /*depth*/, nlohmann::json::parse_event_t event, Json& parsed) {
    using Event = nlohmann::json::parse_event_t;
    switch (event) {
      case Event::object_start: levels_.push_back({true, {}, "", 0}); break;
      case Event::array_start: levels_.push_back({false, {}, "", 0}); break;
      case Event::key:
        levels_.back().key = parsed.get<std::string>();
        if (!levels_.back().keys.insert(levels_.back().key).second && duplicate_.empty()) duplicate_ = Path();
        break;
      case Event::object_end:
      case Event::array_end:
        levels_.pop_back();
        if (!levels_.empty() && !levels_.back().object) ++levels_.back().index;
        break;
      case Event::value:
        if (!levels_.empty() && !levels_.back().object) ++levels_.back().index;
        break;
    }
    return true;
  }
  // The key path of the first duplicate key; "" when there is none.
  const std::string& duplicate() const { return duplicate_; }

 private:
  struct Level {
    bool object;
    std::set<std::string> keys;  // objects: the keys seen so far
    std::string key;             // objects: the current key
    size_t index;                // arrays: the current element
  };
  std::string Path() const {
    std::string path;
    for (const Level& level : levels_) {
      if (level.object) {
        path += (path.empty() ? "" : ".") + level.key;
      } else {
        path += "[" + std::to_string(level.index) + "]";
      }
    }
    return path;
  }
  std::vector<Level> levels_;
  std::string duplicate_;
};

}  // namespace

Json ParseJsonText(const std::string& text, const std::string& file) {
  DuplicateKeyFinder finder;
  Json json;
  try {
    json = Json::parse(text, std::ref(finder), /*allow_exceptions=*/true, /*ignore_comments=*/true);
  } catch (const nlohmann::json::exception& e) {  // parse errors, and numbers out of range
    throw InputError({file, "", ""}, std::string("invalid JSON: ") + e.what());
  }
  if (!finder.duplicate().empty()) throw InputError({file, "", finder.duplicate()}, "key given twice");
  return json;
}

Json ReadJsonFile(const std::filesystem::path& path) {
  if (!std::filesystem::is_regular_file(path)) throw InputError({path.string(), "", ""}, "no such file");
  return ParseJsonText(ReadFileToString(path), path.string());
}

JsonReader::JsonReader(const Json& object, std::string file, std::string path)
    : JsonReader(object, std::move(file), std::move(path), std::make_shared<Json>(Json::object()),
                 nullptr) {}

JsonReader::JsonReader(const Json& object, std::string file, std::string path,
                       std::shared_ptr<Json> resolved_owner, Json* resolved)
    : object_(object),
      file_(std::move(file)),
      path_(std::move(path)),
      resolved_owner_(std::move(resolved_owner)),
      resolved_(resolved ? resolved : resolved_owner_.get()) {
  if (!object_.is_object()) {
    throw InputError({file_, "", path_.empty() ? "(root)" : path_}, "expected a JSON object");
  }
}

bool JsonReader::Has(const std::string& key) const { return object_.contains(key); }

std::string JsonReader::KeyPath(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

InputError JsonReader::Error(const std::string& key, const std::string& message) const {
  return InputError({file_, "", KeyPath(key)}, message);
}

const Json& JsonReader::RequireValue(const std::string& key) {
  if (!Has(key)) throw Error(key, "missing required key");
  consumed_.insert(key);
  (*resolved_)[key] = object_.at(key);
  return object_.at(key);
}

JsonReader JsonReader::Child(const std::string& key) {
  if (!Has(key)) throw Error(key, "missing required key");
  consumed_.insert(key);
  const Json& value = object_.at(key);
  if (!value.is_object()) throw Error(key, "expected a JSON object");
  // Map nodes of nlohmann::json do not move when siblings are added: the pointer stays valid.
  Json* node = &((*resolved_)[key] = Json::object());
  return JsonReader(value, file_, KeyPath(key), resolved_owner_, node);
}

JsonReader JsonReader::OptionalChild(const std::string& key) {
  if (Has(key)) return Child(key);
  static const Json kEmpty = Json::object();
  Json* node = &((*resolved_)[key] = Json::object());
  return JsonReader(kEmpty, file_, KeyPath(key), resolved_owner_, node);
}

std::vector<JsonReader> JsonReader::Children(const std::string& key) {
  if (!Has(key)) throw Error(key, "missing required key");
  consumed_.insert(key);
  const Json& value = object_.at(key);
  if (!value.is_array()) throw Error(key, "expected a JSON array");
  // Sized before any pointer is taken, so the element nodes do not move.
  Json& nodes = ((*resolved_)[key] = Json::array());
  for (size_t i = 0; i < value.size(); ++i) nodes.push_back(Json::object());
  std::vector<JsonReader> children;
  for (size_t i = 0; i < value.size(); ++i) {
    const std::string element = KeyPath(key) + "[" + std::to_string(i) + "]";
    if (!value[i].is_object()) throw InputError({file_, "", element}, "expected a JSON object");
    children.push_back(JsonReader(value[i], file_, element, resolved_owner_, &nodes[i]));
  }
  return children;
}

void JsonReader::Finish() const {
  for (const auto& item : object_.items()) {
    if (!consumed_.count(item.key())) throw Error(item.key(), "unknown key");
  }
}

}  // namespace spatialgen
