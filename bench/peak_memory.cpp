#include "peak_memory.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <stdexcept>
#include <string>

#include "bench_clock.h"
#include "core/atomic_file.h"
#include "core/json_reader.h"

namespace spatialgen::bench {
namespace {

namespace fs = std::filesystem;

struct ProcessFigures {
  double peak_mib = 0;
  double seconds = 0;
};

// Runs the spatialgen binary with `arguments` (output discarded) and returns its peak RSS.
ProcessFigures RunMeasured(const std::vector<std::string>& arguments) {
  std::vector<char*> argv = {const_cast<char*>(SPATIALGEN_BINARY)};
  for (const std::string& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  const auto start = Clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error(fmt::format("spatialgen {} failed (status {})", arguments.front(), status));
  }
  return {usage.ru_maxrss / 1024.0, Seconds(start)};  // ru_maxrss is in KiB on Linux
}

// The demo config with `scene_count` scenes, written beside the run (templates made absolute).
fs::path DemoWithScenes(const fs::path& demo_config, int scene_count, const fs::path& folder) {
  Json config = ReadJsonFile(demo_config);
  config["scenes"]["procedural"]["scene_count"] = scene_count;
  config["templates"] = (demo_config.parent_path() / config.value("templates", "../templates")).lexically_normal();
  const fs::path path = folder / "config.json";
  WriteFileAtomic(path, config.dump(2));
  return path;
}

}  // namespace

void PrintPeakMemory(const fs::path& demo_config, const std::vector<int>& scene_counts, int threads) {
  const std::vector<std::string> tools = {"generate", "audit", "score"};
  std::map<std::string, std::vector<ProcessFigures>> figures;
  std::vector<int64_t> items;
  for (int scene_count : scene_counts) {
    const fs::path folder = fs::temp_directory_path() / fmt::format("spatialgen_bench_memory_{}", scene_count);
    fs::remove_all(folder);
    fs::create_directories(folder);
    const fs::path config = DemoWithScenes(demo_config, scene_count, folder);
    const std::string dataset = (folder / "dataset").string();
    const std::string thread_count = std::to_string(threads);
    figures["generate"].push_back(RunMeasured(
        {"generate", "--quiet", "--threads", thread_count, "--config", config.string(), "--out", dataset}));
    figures["audit"].push_back(RunMeasured({"audit", "--quiet", "--threads", thread_count, dataset, "--report",
                                            (folder / "audit").string()}));
    RunMeasured({"predict", "--quiet", "--dataset", dataset, "--backend", "oracle", "--out",
                 (folder / "predictions.jsonl").string()});
    figures["score"].push_back(RunMeasured({"score", "--dataset", dataset, "--predictions",
                                            (folder / "predictions.jsonl").string()}));
    const Json manifest = ReadJsonFile(folder / "dataset" / "manifest.json");
    const Json& counters = manifest.at("counters");
    items.push_back(counters.value("items.robospatial", int64_t(0)) + counters.value("items.robopoint", int64_t(0)));
    fs::remove_all(folder);
  }
  fmt::print("peak memory (RSS), demo config, {} thread(s):\n", threads);
  std::string header = fmt::format("  {:<10}", "");
  for (size_t i = 0; i < scene_counts.size(); ++i) {
    header += fmt::format(" {:>24}", fmt::format("{} scenes, {} items", scene_counts[i], items[i]));
  }
  fmt::print("{}   last / first\n", header);
  for (const std::string& tool : tools) {
    std::string row = fmt::format("  {:<10}", tool);
    for (const ProcessFigures& run : figures[tool]) row += fmt::format(" {:>12.1f} MiB {:>6.1f} s", run.peak_mib, run.seconds);
    const double ratio = figures[tool].back().peak_mib / figures[tool].front().peak_mib;
    fmt::print("{}   {:>+5.1f} %\n", row, 100 * (ratio - 1));
  }
}

}  // namespace spatialgen::bench
