#pragma once
// Prediction files: one model answer per dataset item, as JSON lines.
//
// spatialgen's own records (written by the predict command):
//   {"id": "...", "text": "[(0.5, 0.4)]", "backend": "openai", "model": "gpt-4o",
//    "attempts": 1, "seconds": 0.82, "error": ""}
// with "text": null and a non-empty "error" when every attempt failed.
// RoboPoint's model_vqa.py answer files are read too: {"question_id": ..., "text": ..., ...}
// (other keys ignored; question_id may be a string or an integer).
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace spatialgen {

struct PredictionRecord {
  std::string id;                   // the dataset item id
  std::optional<std::string> text;  // the answer; unset when the back end failed
  std::string error;                // why it failed ("" when it did not)
  std::string backend;              // back end name ("openai", "oracle"); "" when unknown
  std::string model;                // model name as the back end reports it; "" when unknown
  int attempts = 0;                 // requests made for this item
  double seconds = 0;               // wall time spent on this item, all attempts
};

// Reads a predictions JSONL file (blank lines skipped). Later lines for the same id replace
// earlier ones (a resumed run appends its retries); the result keeps the order in which each
// id first appeared. Throws InputError naming "file:line" and the field on a malformed line
// (not JSON, not an object, no id, a text that is neither a string nor null, a wrong type).
std::vector<PredictionRecord> ReadPredictions(const std::filesystem::path& path);

// A predictions file looked up by id without holding its records, for datasets of millions of
// items: 24 bytes per distinct id (a hash of it and the offsets of its first and last lines).
// The file is checked line by line when opened (the errors ReadPredictions throws); Find reads
// the line of the id's last record (a later line for an id replaces an earlier one); one thread
// at a time.
class PredictionIndex {
 public:
  explicit PredictionIndex(std::filesystem::path path);
  size_t size() const { return entries_.size(); }  // distinct ids (ids sharing a hash count once)
  std::optional<PredictionRecord> Find(const std::string& id) const;
  // Every distinct id, in the order of its first line.
  void ForEachId(const std::function<void(const std::string&)>& visit) const;

 private:
  struct Entry {
    uint64_t hash;
    int64_t first;  // byte offset of the id's first line
    int64_t last;   // ... and of its last
  };
  const Entry* EntryOf(const std::string& id) const;
  PredictionRecord ReadAt(int64_t offset) const;

  std::filesystem::path path_;
  std::vector<Entry> entries_;  // sorted by hash
  mutable std::ifstream in_;    // the file, opened by the first lookup
};

// One JSON line for the record (spatialgen's own layout), without the newline.
std::string PredictionLine(const PredictionRecord& record);

}  // namespace spatialgen
