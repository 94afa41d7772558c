#pragma once
// Runs the spatialgen binary as a user would, for the end-to-end tests.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace spatialgen::testing {

struct CommandResult {
  int exit_code;
  std::string output;  // stdout and stderr together
};

inline CommandResult RunSpatialgen(const std::string& arguments) {
  const std::string command = std::string(SPATIALGEN_BINARY) + " " + arguments + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return {-1, "popen failed"};
  std::string output;
  std::array<char, 4096> buffer;
  for (size_t n; (n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) output.append(buffer.data(), n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

}  // namespace spatialgen::testing
