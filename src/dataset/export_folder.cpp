#include "dataset/export_folder.h"

#include <unistd.h>

#include <string>

#include "core/error.h"

namespace spatialgen {
namespace {

namespace fs = std::filesystem;

// A hidden sibling of `target` named for this process.
fs::path Sibling(const fs::path& target, const std::string& role) {
  return target.parent_path() / ("." + target.filename().string() + "." + role + "." + std::to_string(getpid()));
}

}  // namespace

ExportFolder::ExportFolder(fs::path target) : target_(fs::absolute(std::move(target)).lexically_normal()) {
  if (target_.filename().empty()) target_ = target_.parent_path();  // "out/" names "out"
  const ErrorLocation where{target_.string(), "", "--out"};
  if (fs::exists(target_) && !fs::is_directory(target_)) throw InputError(where, "exists and is not a folder");
  if (fs::exists(target_) && !fs::is_empty(target_) && !fs::exists(target_ / kExportMarker)) {
    throw InputError(where, std::string("folder is not empty and holds no earlier export (no ") + kExportMarker +
                                "): choose a new or empty folder");
  }
  staging_ = Sibling(target_, "staging");
  fs::remove_all(staging_);
  fs::create_directories(staging_);
}

ExportFolder::~ExportFolder() {
  if (committed_) return;
  std::error_code ignored;  // best effort: the staging folder is ours alone
  fs::remove_all(staging_, ignored);
}

void ExportFolder::Commit() {
  const fs::path earlier = Sibling(target_, "replaced");
  const bool replacing = fs::exists(target_) && !fs::is_empty(target_);
  if (replacing) {
    fs::remove_all(earlier);
    fs::rename(target_, earlier);
  } else if (fs::exists(target_)) {
    fs::remove(target_);  // an empty folder
  }
  fs::rename(staging_, target_);
  committed_ = true;
  if (replacing) fs::remove_all(earlier);
}

}  // namespace spatialgen
