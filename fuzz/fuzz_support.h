#pragma once
// What every fuzz target shares. The rule they check: bad input may be refused with an
// InputError (or the reader's documented error type), never anything else. Any other exception
// escapes, and libFuzzer reports it like a crash, as it does sanitizer reports and hangs.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "core/error.h"

namespace spatialgen::fuzz {

// A scratch folder of this process, in memory when /dev/shm is there.
inline const std::filesystem::path& Scratch() {
  static const std::filesystem::path folder = [] {
    const std::filesystem::path base =
        std::filesystem::is_directory("/dev/shm") ? std::filesystem::path("/dev/shm") : std::filesystem::temp_directory_path();
    const std::filesystem::path path = base / ("spatialgen_fuzz_" + std::to_string(::getpid()));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
    return path;
  }();
  return folder;
}

inline std::string_view Bytes(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

inline void WriteBytes(const std::filesystem::path& path, std::string_view bytes) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), std::streamsize(bytes.size()));
}

inline std::string ReadBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Runs `read`; an InputError is a refusal, which is fine. With SPATIALGEN_FUZZ_VERBOSE set,
// refusals are printed (to see how deep the seeds get).
template <typename Read>
void Refusing(Read&& read) {
  try {
    read();
  } catch (const InputError& e) {
    if (std::getenv("SPATIALGEN_FUZZ_VERBOSE")) std::fprintf(stderr, "refused: %s\n", e.what());
  }
}

// Warnings about the input are expected by the thousand; printing them only slows the run.
inline void Quiet() { spdlog::set_level(spdlog::level::off); }

// Inputs whose first byte picks which of `count` files the rest replaces.
struct Selected {
  int file;
  std::string_view bytes;
};
inline Selected Select(const uint8_t* data, size_t size, int count) {
  if (size == 0) return {0, {}};
  return {int(data[0] % count), Bytes(data + 1, size - 1)};
}

}  // namespace spatialgen::fuzz
