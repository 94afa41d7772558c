#pragma once
// Generation throughput per task: the whole pipeline run with only that task requested, so
// each figure includes the render, visibility and occupancy work every task needs.
#include <filesystem>
#include <string>
#include <vector>

namespace spatialgen::bench {

// Prints one line per task of `config`'s generation.tasks: seconds, items and items/s.
void PrintTaskThroughput(const std::filesystem::path& config, const std::vector<std::string>& scene_ids,
                         int threads);

}  // namespace spatialgen::bench
