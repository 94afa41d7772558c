#pragma once
// Appends prediction records to a JSONL file as items finish, from many threads: each record
// is one whole line written with a single append under a mutex, so a crash loses at most the
// items still in flight and never leaves a half line between two whole ones.
#include <filesystem>
#include <mutex>
#include <string>

#include "infer/predictions.h"

namespace spatialgen {

class PredictionAppender {
 public:
  // Opens (creating the file and its folder when missing) for appending. An incomplete last
  // line that an interrupted run left behind (no newline, not JSON) is cut off, with a warning;
  // a last line that is whole JSON but lacks its newline gets one. Throws std::runtime_error
  // naming the path when the file cannot be opened or written.
  explicit PredictionAppender(std::filesystem::path path);
  ~PredictionAppender();
  PredictionAppender(const PredictionAppender&) = delete;
  PredictionAppender& operator=(const PredictionAppender&) = delete;

  // Writes PredictionLine(record) and a newline. Thread-safe.
  void Append(const PredictionRecord& record);

 private:
  void WriteAll(const std::string& bytes);

  std::filesystem::path path_;
  int fd_ = -1;
  std::mutex mutex_;
};

}  // namespace spatialgen
