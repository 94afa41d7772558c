#pragma once
// Throughput of the tools that read a dataset back: reading, auditing (with and without the
// scene re-check), the blind-prior back end and scoring.
#include <filesystem>
#include <string>
#include <vector>

namespace spatialgen::bench {

// Generates the scenes' dataset once, then times each tool on it.
void PrintDatasetToolThroughput(const std::filesystem::path& config, const std::vector<std::string>& scene_ids);

}  // namespace spatialgen::bench
