#pragma once
// The output folder of a run (generate or merge), built so that a crash at any moment loses
// nothing: neither the work done so far nor the dataset that was there before.
//
// A run works inside `<out>/.spatialgen-run/`:
//   run.json               the run's identity (format marker, version, seed, config, scenes, shard)
//   scenes/<scene>/        the scene's files laid out as in the dataset (gt/, images/, masks/)
//                          and its lines of the QA files (qa/)
//   done/<scene>.json      the scene's completion record, written atomically after its files
//   dataset/               the QA files assembled at the end, then manifest.json: once that is
//                          there, the new dataset is complete
// and then publishes the dataset: the previous dataset's manifest is set aside, the files it
// names are removed (only those: a scene's gt/<scene>.*, images/<scene>/, masks/<scene>/ and
// the QA files), every scene's files are moved in, and the new manifest.json comes last. Each
// step is a rename or a removal that the next run finishes if this one is killed, so the old
// dataset survives until the new one is complete, and rerunning the same command continues
// where the last one stopped.
//
// Only spatialgen's own folders are touched: a manifest.json or .spatialgen-run without
// spatialgen's format marker, or a non-empty folder without either, is refused.
#include <filesystem>
#include <optional>
#include <set>
#include <string>

#include "core/json_reader.h"
#include "pipeline/dataset_manifest.h"

namespace spatialgen {

inline constexpr const char* kWorkFolder = ".spatialgen-run";

// The folders of a dataset that hold per-scene files, each named after its scene:
// gt/<scene>.<anything>, images/<scene>/, masks/<scene>/.
inline constexpr const char* kSceneFolders[] = {"gt", "images", "masks"};

// The scene among `scenes` that `name` (an entry of one of kSceneFolders) belongs to: the
// scene whose id it is, or else the longest id it starts with followed by '.'. None when it is
// no scene's.
std::optional<std::string> OwningScene(const std::string& name, const std::set<std::string>& scenes);

class RunFolder {
 public:
  // What to do with unfinished work of the same run: continue it, or start over (merge).
  enum class Unfinished { kResume, kRestart };

  // Opens `out` for the run `identity`, creating it when absent. Finishes the publishing of a
  // dataset that an earlier run completed but was killed while moving into place. The same
  // run's finished dataset is complete(); its unfinished work is continued (or, with kRestart,
  // started over). A dataset or unfinished run of another identity is replaced only with
  // `overwrite` (the old dataset stays until Publish); without it, and for anything but
  // spatialgen's own dataset or work, throws InputError naming the folder.
  RunFolder(std::filesystem::path out, RunIdentity identity, bool overwrite, Unfinished unfinished);

  // The folder already holds this run's finished dataset (nothing is left to do).
  bool complete() const { return complete_manifest_.has_value(); }
  const Json& complete_manifest() const { return *complete_manifest_; }

  // Where scene `id` writes its files.
  std::filesystem::path SceneRoot(const std::string& id) const;
  // The scene's completion record, when an earlier run finished it.
  std::optional<Json> SceneRecord(const std::string& id) const;
  // Writes the scene's completion record (atomically); its files must all be in place.
  void RecordScene(const std::string& id, const Json& record) const;
  // Removes whatever the scene wrote (a failed scene leaves nothing).
  void DropScene(const std::string& id) const;

  // Where the QA files are assembled (QaFileWriter's root).
  std::filesystem::path DatasetRoot() const;
  // Writes the manifest, which completes the new dataset, and publishes it (see above).
  void Publish(const Json& manifest) const;

  const std::filesystem::path& out() const { return out_; }

 private:
  std::filesystem::path out_;
  std::filesystem::path work_;
  std::optional<Json> complete_manifest_;
};

}  // namespace spatialgen
