#pragma once
// The folder an export is written to, atomically as a whole: the files are built in a hidden
// staging folder beside the target and renamed into place only once complete, so a failed or
// interrupted export leaves the target as it was. The target must be new, an empty folder, or an
// earlier export (it holds kExportMarker), which is replaced; anything else is refused, so a
// typo in --out never mixes an export into someone's files.
#include <filesystem>

namespace spatialgen {

// The file every export holds at its top (the machine-readable card), by which a later export
// recognizes a folder it may replace.
inline constexpr const char* kExportMarker = "export.json";

class ExportFolder {
 public:
  // Checks `target` and creates the staging folder. Throws InputError naming the target when
  // it cannot be used.
  explicit ExportFolder(std::filesystem::path target);
  // Removes the staging folder unless committed.
  ~ExportFolder();
  ExportFolder(const ExportFolder&) = delete;
  ExportFolder& operator=(const ExportFolder&) = delete;

  // Where the files are written until Commit().
  const std::filesystem::path& staging() const { return staging_; }
  // The target as an absolute path: where the files will be (for paths written into them).
  const std::filesystem::path& target() const { return target_; }

  // Moves an earlier export aside, renames the staging folder to the target, removes the
  // earlier export.
  void Commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path staging_;
  bool committed_ = false;
};

}  // namespace spatialgen
