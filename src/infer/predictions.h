#pragma once
// Prediction files: one model answer per dataset item, as JSON lines.
//
// spatialgen's own records (written by the predict command):
//   {"id": "...", "text": "[(0.5, 0.4)]", "backend": "openai", "model": "gpt-4o",
//    "attempts": 1, "seconds": 0.82, "error": ""}
// with "text": null and a non-empty "error" when every attempt failed.
// RoboPoint's model_vqa.py answer files are read too: {"question_id": ..., "text": ..., ...}
// (other keys ignored; question_id may be a string or an integer).
#include <filesystem>
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

// One JSON line for the record (spatialgen's own layout), without the newline.
std::string PredictionLine(const PredictionRecord& record);

}  // namespace spatialgen
