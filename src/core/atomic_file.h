#pragma once
// Whole-file I/O. Writes are atomic: the bytes go to a temporary file beside the target, which
// is renamed over the target only once complete, so a crash never leaves a half-written output.
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace spatialgen {

// Writes `bytes` to `path` atomically, creating parent folders. Throws std::runtime_error
// naming the path on failure.
void WriteFileAtomic(const std::filesystem::path& path, std::string_view bytes);

// A stream whose contents appear at `path` only when Commit() succeeds; destroyed without
// Commit(), it removes its temporary file.
class AtomicOutputFile {
 public:
  explicit AtomicOutputFile(std::filesystem::path path);
  ~AtomicOutputFile();
  AtomicOutputFile(const AtomicOutputFile&) = delete;
  AtomicOutputFile& operator=(const AtomicOutputFile&) = delete;

  std::ostream& stream() { return stream_; }
  void Commit();

 private:
  std::filesystem::path path_;
  std::filesystem::path temp_path_;
  std::ofstream stream_;
  bool committed_ = false;
};

// The whole contents of a file. Throws std::runtime_error naming the path when it cannot be read.
std::string ReadFileToString(const std::filesystem::path& path);

// The temporary path used for `path` (unique per process and thread).
std::filesystem::path TempPathFor(const std::filesystem::path& path);

}  // namespace spatialgen
