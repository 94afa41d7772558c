#include "pipeline/run_folder.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <vector>

#include "core/atomic_file.h"
#include "pipeline/crash_point.h"
#include "qa_gen/writers.h"

namespace spatialgen {
namespace {

namespace fs = std::filesystem;

constexpr const char* kRunRecord = "run.json";
constexpr const char* kReplacedManifest = "replaced-manifest.json";
constexpr const char* kQaFiles[] = {kRoboSpatialFile, kRoboPointFile};

InputError FolderError(const fs::path& out, const std::string& message) {
  return InputError({out.string(), "", "--out"}, message);
}

std::set<std::string> SceneIdsOf(const Json& manifest) {
  std::set<std::string> ids;
  for (const Json& scene : manifest.value("scenes", Json::array())) ids.insert(scene.value("id", ""));
  return ids;
}

// The entries of a folder, sorted by name (none when it does not exist).
std::vector<fs::path> Entries(const fs::path& folder) {
  std::vector<fs::path> entries;
  if (!fs::is_directory(folder)) return entries;
  for (const auto& entry : fs::directory_iterator(folder)) entries.push_back(entry.path());
  std::sort(entries.begin(), entries.end());
  return entries;
}

bool IsHidden(const fs::path& path) { return path.filename().string().starts_with("."); }

struct Move {
  fs::path from;
  fs::path to;
};

// What publishing still has to move into `out`: every scene's gt/, images/ and masks/ entries
// and the QA files. One entry per scene folder and file, never one per image.
std::vector<Move> PendingMoves(const fs::path& out, const fs::path& work) {
  std::vector<Move> moves;
  for (const fs::path& scene : Entries(work / "scenes")) {
    for (const char* folder : kSceneFolders) {
      for (const fs::path& entry : Entries(scene / folder)) {
        if (!IsHidden(entry)) moves.push_back({entry, out / folder / entry.filename()});
      }
    }
  }
  for (const char* file : kQaFiles) {
    if (fs::exists(work / "dataset" / file)) moves.push_back({work / "dataset" / file, out / file});
  }
  return moves;
}

// Refuses, before anything is touched, to publish over a file that neither spatialgen's old
// dataset (whose scenes are `old_scenes`) nor this run wrote.
void CheckDestinationsFree(const std::vector<Move>& moves, const std::optional<std::set<std::string>>& old_scenes,
                           const fs::path& out, const fs::path& work) {
  for (const Move& move : moves) {
    if (!fs::exists(fs::symlink_status(move.to))) continue;
    const bool qa_file = move.to.parent_path().filename() == "qa";
    const bool old = old_scenes && (qa_file || OwningScene(move.to.filename().string(), *old_scenes).has_value());
    if (!old) {
      throw FolderError(out, fmt::format("{} is in the way of the new dataset and was not written by spatialgen: "
                                         "move it away and run the same command again (the new dataset waits in {})",
                                         move.to.string(), work.string()));
    }
  }
}

// Removes the files of the dataset that `manifest_file` describes, and only those, then the
// record itself.
void RemoveReplacedDataset(const fs::path& out, const fs::path& manifest_file) {
  const std::set<std::string> scenes = SceneIdsOf(ReadJsonFile(manifest_file));
  for (const char* file : kQaFiles) fs::remove(out / file);
  for (const char* folder : kSceneFolders) {
    for (const fs::path& entry : Entries(out / folder)) {
      if (OwningScene(entry.filename().string(), scenes)) fs::remove_all(entry);
    }
  }
  fs::remove(manifest_file);
}

// Publishes the complete dataset waiting in `work`. Every step is idempotent, so a run killed
// anywhere in here is finished by the next one.
void FinishPublishing(const fs::path& out, const fs::path& work) {
  const fs::path new_manifest = work / "dataset" / kManifestFile;
  const fs::path old_manifest = out / kManifestFile;
  const fs::path replaced = work / kReplacedManifest;
  std::optional<std::set<std::string>> old_scenes;
  if (fs::exists(old_manifest)) {
    old_scenes = SceneIdsOf(ReadOwnRecord(old_manifest, kManifestFormat));
  } else if (fs::exists(replaced)) {
    old_scenes = SceneIdsOf(ReadJsonFile(replaced));
  }
  const std::vector<Move> moves = PendingMoves(out, work);
  CheckDestinationsFree(moves, old_scenes, out, work);
  // Without its manifest the old dataset is no longer taken for complete; the record set aside
  // still says which files were its own.
  if (fs::exists(old_manifest)) fs::rename(old_manifest, replaced);
  if (fs::exists(replaced)) RemoveReplacedDataset(out, replaced);
  for (const Move& move : moves) {
    fs::create_directories(move.to.parent_path());
    fs::rename(move.from, move.to);
    CrashPoint("publish_move");
  }
  fs::rename(new_manifest, old_manifest);
  fs::remove_all(work);
}

// A work folder that a run created but was killed before its record was in place holds
// nothing but the record's temporary file.
bool HoldsOnlyAnUnwrittenRecord(const fs::path& work) {
  for (const fs::path& entry : Entries(work)) {
    if (!entry.filename().string().starts_with(std::string(".") + kRunRecord + ".tmp")) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> OwningScene(const std::string& name, const std::set<std::string>& scenes) {
  if (scenes.count(name)) return name;
  for (size_t dot = name.rfind('.'); dot != std::string::npos && dot > 0; dot = name.rfind('.', dot - 1)) {
    if (scenes.count(name.substr(0, dot))) return name.substr(0, dot);
  }
  return std::nullopt;
}

RunFolder::RunFolder(fs::path out, RunIdentity identity, bool overwrite, Unfinished unfinished)
    : out_(std::move(out)), work_(out_ / kWorkFolder) {
  if (fs::exists(out_) && !fs::is_directory(out_)) throw FolderError(out_, "exists and is not a folder");
  if (fs::is_directory(work_) && !fs::exists(work_ / kRunRecord) && HoldsOnlyAnUnwrittenRecord(work_)) {
    fs::remove_all(work_);
  }
  std::optional<RunIdentity> unfinished_run;
  if (fs::exists(work_)) {
    unfinished_run = RunIdentity::FromJson(ReadOwnRecord(work_ / kRunRecord, kRunRecordFormat), work_ / kRunRecord);
    if (fs::exists(work_ / "dataset" / kManifestFile)) {
      spdlog::info("{}: moving into place the dataset that an earlier run completed", out_.string());
      FinishPublishing(out_, work_);
      unfinished_run.reset();
    }
  }

  const fs::path manifest_path = out_ / kManifestFile;
  const bool has_dataset = fs::exists(manifest_path);
  if (has_dataset) {
    const Json manifest = ReadOwnRecord(manifest_path, kManifestFormat);
    const std::string difference = RunIdentity::FromJson(manifest, manifest_path).Difference(identity);
    if (difference.empty()) {
      complete_manifest_ = manifest;
      if (unfinished_run && unfinished_run->Difference(identity).empty()) {
        fs::remove_all(work_);  // what the run that published it had left to clean up
      } else if (unfinished_run) {
        spdlog::warn("{}: also holds the unfinished work of another run in {}; left as it is", out_.string(),
                     kWorkFolder);
      }
      return;
    }
    if (!overwrite) {
      throw FolderError(out_, fmt::format("holds a spatialgen dataset made with another {}: choose another "
                                          "folder, or pass --overwrite to replace it (the old dataset stays "
                                          "until the new one is complete)",
                                          difference));
    }
  }
  if (unfinished_run) {
    const std::string difference = unfinished_run->Difference(identity);
    if (difference.empty() && unfinished == Unfinished::kResume) {
      // Scenes without a completion record (in flight when the last run stopped) start over;
      // the QA files and the manifest are assembled again.
      for (const fs::path& scene : Entries(work_ / "scenes")) {
        if (!SceneRecord(scene.filename().string())) fs::remove_all(scene);
      }
      for (const fs::path& entry : Entries(work_ / "done")) {
        if (IsHidden(entry)) fs::remove(entry);
      }
      for (const fs::path& entry : Entries(work_)) {
        if (IsHidden(entry)) fs::remove(entry);
      }
      fs::remove_all(work_ / "dataset");
      return;
    }
    if (!difference.empty() && !overwrite) {
      throw FolderError(out_, fmt::format("holds an unfinished spatialgen run made with another {}: rerun "
                                          "that command to finish it, or pass --overwrite to start this one "
                                          "instead",
                                          difference));
    }
    fs::remove_all(work_);
  } else if (!has_dataset && fs::exists(out_) && !fs::is_empty(out_)) {
    throw FolderError(out_, "is not empty and holds no spatialgen dataset (no manifest.json with spatialgen's "
                            "format marker): choose an empty or new folder");
  }
  Json record = identity.ToJson();
  record["format"] = kRunRecordFormat;
  record["format_version"] = kFormatVersion;
  WriteFileAtomic(work_ / kRunRecord, record.dump(1) + "\n");
}

fs::path RunFolder::SceneRoot(const std::string& id) const { return work_ / "scenes" / id; }

std::optional<Json> RunFolder::SceneRecord(const std::string& id) const {
  const fs::path record = work_ / "done" / (id + ".json");
  if (!fs::exists(record)) return std::nullopt;
  return ReadJsonFile(record);
}

void RunFolder::RecordScene(const std::string& id, const Json& record) const {
  WriteFileAtomic(work_ / "done" / (id + ".json"), record.dump() + "\n");
  CrashPoint("scene_done");
}

void RunFolder::DropScene(const std::string& id) const {
  std::error_code ignored;  // nothing may have been written yet
  fs::remove_all(SceneRoot(id), ignored);
}

fs::path RunFolder::DatasetRoot() const { return work_ / "dataset"; }

void RunFolder::Publish(const Json& manifest) const {
  AtomicOutputFile file(DatasetRoot() / kManifestFile);
  file.stream() << manifest.dump(2) << "\n";
  file.stream().flush();
  CrashPoint("manifest_write");
  file.Commit();
  FinishPublishing(out_, work_);
}

}  // namespace spatialgen
