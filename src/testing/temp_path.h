#pragma once
// Temporary paths for tests. ctest runs a binary's tests as separate processes, in parallel:
// a fixed name would be shared by two tests at once, so every path carries the process id.
#include <unistd.h>

#include <filesystem>
#include <string>

namespace spatialgen::testing {

// temp_directory_path() / name, the process id put before its extension
// ("spatialgen_x.json" -> "spatialgen_x_1234.json").
inline std::filesystem::path TempPath(const std::string& name) {
  const std::filesystem::path file(name);
  return std::filesystem::temp_directory_path() /
         (file.stem().string() + "_" + std::to_string(::getpid()) + file.extension().string());
}

}  // namespace spatialgen::testing
