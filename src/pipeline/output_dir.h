#pragma once
// The output folder of a run: created when absent; an earlier spatialgen dataset there (it
// has a manifest.json) is replaced; any other non-empty folder is refused, so a typo in
// --out never mixes a dataset into someone's files.
#include <filesystem>

namespace spatialgen {

// Throws InputError naming the folder when it cannot be used.
void PrepareOutputDir(const std::filesystem::path& out);

}  // namespace spatialgen
