#include "core/atomic_file.h"

#include <unistd.h>

#include <functional>
#include <iterator>
#include <stdexcept>
#include <thread>

namespace spatialgen {

std::filesystem::path TempPathFor(const std::filesystem::path& path) {
  const size_t thread_hash = std::hash<std::thread::id>{}(std::this_thread::get_id());
  return path.parent_path() / ("." + path.filename().string() + ".tmp." +
                               std::to_string(getpid()) + "." + std::to_string(thread_hash));
}

std::string ReadFileToString(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path.string() + ": cannot open file");
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteFileAtomic(const std::filesystem::path& path, std::string_view bytes) {
  AtomicOutputFile file(path);
  file.stream().write(bytes.data(), std::streamsize(bytes.size()));
  file.Commit();
}

AtomicOutputFile::AtomicOutputFile(std::filesystem::path path)
    : path_(std::move(path)), temp_path_(TempPathFor(path_)) {
  if (path_.has_parent_path()) std::filesystem::create_directories(path_.parent_path());
  stream_.open(temp_path_, std::ios::binary | std::ios::trunc);
  if (!stream_) throw std::runtime_error(path_.string() + ": cannot open for writing");
}

AtomicOutputFile::~AtomicOutputFile() {
  if (committed_) return;
  stream_.close();
  std::error_code ignored;  // best effort: the temp file is ours and may already be gone
  std::filesystem::remove(temp_path_, ignored);
}

void AtomicOutputFile::Commit() {
  stream_.flush();
  if (!stream_) throw std::runtime_error(path_.string() + ": write failed");
  stream_.close();
  std::filesystem::rename(temp_path_, path_);
  committed_ = true;
}

}  // namespace spatialgen
