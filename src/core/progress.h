#pragma once
// Progress of a long run on stderr: a bar redrawn in place when stderr is a terminal, a log
// line every few seconds otherwise (CI logs, files). Safe to advance from many threads.
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>

namespace spatialgen {

class Progress {
 public:
  // `enabled` false silences it (tests, --quiet).
  Progress(std::string label, int64_t total, bool enabled = true);
  ~Progress();
  void Advance(int64_t amount = 1);
  // Prints the final state once.
  void Finish();
  // Text appended to each line, from the seconds elapsed (a second rate, like tokens/s).
  void SetSuffix(std::function<std::string(double)> suffix) { suffix_ = std::move(suffix); }

 private:
  void Print(int64_t done, bool final);

  std::string label_;
  int64_t total_;
  bool enabled_;
  bool terminal_;
  bool finished_ = false;
  std::atomic<int64_t> done_{0};
  std::mutex print_mutex_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_print_;
  std::function<std::string(double)> suffix_;
};

}  // namespace spatialgen
