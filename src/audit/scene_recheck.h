#pragma once
// The geometry re-check of a spatialgen folder against its scenes: each scene is loaded (or
// regenerated) from the run config, rendered and ray-cast afresh, and every item is re-derived
// from that, not from the generator's item code:
//  - the objects an item names are referable (and nameable where the task names them);
//  - yes/no configuration answers equal the relation re-evaluated in the item's frame, and the
//    object-reference target satisfies its relation to the anchor;
//  - grounding boxes equal the visible box of the object in the fresh render;
//  - object-reference points show the target in the fresh render;
//  - free-space points project to their 2D points, lie on a free cell of the anchor's support
//    surface, are visible from the camera and lie on the relation's side.
// Compatibility answers come from a search over placements; re-running that search would run
// the generator's own code, so only their objects are re-checked.
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "dataset/dataset.h"
#include "pipeline/run_config.h"
#include "pipeline/scene_list.h"
#include "qa_gen/templates.h"

namespace spatialgen {

// The "recheck_*" checks, fed the dataset a piece at a time (a scene's items of one QA file) in
// dataset order; the failures are reported in scene order.
class SceneRecheck {
 public:
  // Loads options.scenes_config; the seed comes from the folder's manifest.json when it has one
  // (a --seed given to generate), else from the config. Throws InputError for a bad config.
  SceneRecheck(const std::filesystem::path& dataset_root, const AuditOptions& options);
  ~SceneRecheck();
  // Re-checks the items of the pieces (their scenes in parallel).
  void Add(const std::vector<const std::vector<DatasetItem>*>& pieces);
  void Finish(AuditReport& report) const;

 private:
  struct Scenes;  // what each scene's items gave so far, by scene id
  std::unique_ptr<RunConfig> config_;
  std::unique_ptr<TemplateLibrary> templates_;
  std::map<std::string, SceneSlot> slots_;
  std::unique_ptr<Scenes> scenes_;
};

// The view id of a spatialgen image path: "images/s/v0_mark3.png" -> "v0".
std::string ViewIdOfImage(const std::string& image);

}  // namespace spatialgen
