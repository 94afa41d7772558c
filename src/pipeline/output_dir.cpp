#include "pipeline/output_dir.h"

#include <spdlog/spdlog.h>

#include "core/error.h"

namespace spatialgen {

void PrepareOutputDir(const std::filesystem::path& out) {
  namespace fs = std::filesystem;
  if (fs::exists(out) && !fs::is_directory(out)) {
    throw InputError({out.string(), "", "--out"}, "exists and is not a folder");
  }
  if (fs::exists(out) && !fs::is_empty(out)) {
    if (!fs::exists(out / "manifest.json")) {
      throw InputError({out.string(), "", "--out"},
                       "folder is not empty and holds no spatialgen dataset (no manifest.json): "
                       "choose an empty or new folder");
    }
    spdlog::info("replacing the spatialgen dataset in {}", out.string());
    for (const char* part : {"images", "gt", "qa", "manifest.json"}) fs::remove_all(out / part);
  }
  fs::create_directories(out);
}

}  // namespace spatialgen
