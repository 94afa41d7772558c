#include "predict/prediction_appender.h"

#include <fcntl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "core/atomic_file.h"

namespace spatialgen {
namespace {

std::runtime_error FileError(const std::filesystem::path& path, const std::string& what) {
  return std::runtime_error(path.string() + ": " + what + ": " + std::strerror(errno));
}

// Makes the file end in a newline, so that the next record starts a line of its own.
void RepairTail(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec) || std::filesystem::file_size(path, ec) == 0) return;
  const std::string contents = ReadFileToString(path);
  if (contents.back() == '\n') return;
  const size_t line_start = contents.rfind('\n') == std::string::npos ? 0 : contents.rfind('\n') + 1;
  const std::string tail = contents.substr(line_start);
  if (nlohmann::json::accept(tail)) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0) throw FileError(path, "cannot open for appending");
    const bool written = ::write(fd, "\n", 1) == 1;
    ::close(fd);
    if (!written) throw FileError(path, "cannot append");
    return;
  }
  spdlog::warn("{}: dropping an incomplete last line (an interrupted run): {}", path.string(),
               tail.substr(0, 80));
  std::filesystem::resize_file(path, line_start, ec);
  if (ec) throw std::runtime_error(path.string() + ": cannot cut the incomplete last line: " + ec.message());
}

}  // namespace

PredictionAppender::PredictionAppender(std::filesystem::path path) : path_(std::move(path)) {
  if (path_.has_parent_path()) std::filesystem::create_directories(path_.parent_path());
  RepairTail(path_);
  fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw FileError(path_, "cannot open for appending");
}

PredictionAppender::~PredictionAppender() {
  if (fd_ >= 0) ::close(fd_);
}

void PredictionAppender::Append(const PredictionRecord& record) {
  const std::string line = PredictionLine(record) + "\n";
  std::lock_guard lock(mutex_);
  WriteAll(line);
}

void PredictionAppender::WriteAll(const std::string& bytes) {
  // One write() normally takes the whole line; the loop covers short writes.
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd_, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw FileError(path_, "cannot append a prediction");
    written += size_t(n);
  }
}

}  // namespace spatialgen
