#pragma once
// Peak memory (the largest resident set, RSS) of the spatialgen binary's generate, audit and
// score on the demo config at two scene counts: it must not grow with the dataset (within
// 10 %), since a run of thousands of scenes holds one scene per thread at a time and the tools
// that read a dataset back stream it.
#include <filesystem>
#include <vector>

namespace spatialgen::bench {

// Runs each tool as its own process (peak RSS is per process) on the demo with each of
// `scene_counts` procedural scenes, at `threads` threads, and prints the figures.
void PrintPeakMemory(const std::filesystem::path& demo_config, const std::vector<int>& scene_counts, int threads);

}  // namespace spatialgen::bench
