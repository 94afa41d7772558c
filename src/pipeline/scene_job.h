#pragma once
// One scene, start to finish: build the ray caster once, then per view render, decide which
// objects are referable, generate the items and write the view's image. A pure function of
// (config, scene, seed): the bytes it writes do not depend on threads.
#include <filesystem>
#include <string>
#include <vector>

#include "core/counters.h"
#include "pipeline/run_config.h"
#include "pipeline/scene_list.h"
#include "qa_gen/item.h"
#include "qa_gen/templates.h"

namespace spatialgen {

struct SceneResult {
  std::string id;
  bool ok = false;
  std::string error;          // why it failed, naming file, scene and field
  int views = 0;
  int64_t referable_objects = 0;  // summed over views
  std::vector<QaItem> items;
  Counters counters;
};

// Never throws for bad input: failures are recorded in the result.
SceneResult RunSceneJob(const SceneSlot& slot, const RunConfig& config,
                        const TemplateLibrary& templates, const std::filesystem::path& out_dir);

}  // namespace spatialgen
