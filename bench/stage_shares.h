#pragma once
// Where generation time goes: the stages of a scene job (pipeline/scene_job.cpp) timed call
// by call on one thread: ray casting (BVH build, Render + ComputeVisibility), occupancy
// (FindSupportSurfaces + AssignSupportSurfaces), item generation (GenerateViewItems:
// relations, free space, placements, sampling, wording) and image writes (the view's PNG,
// marked copies, region masks).
#include <vector>

#include "pipeline/run_config.h"
#include "scene/scene.h"

namespace spatialgen::bench {

// Prints each stage's seconds and share of the timed total.
void PrintStageShares(const RunConfig& config, const std::vector<Scene>& scenes);

}  // namespace spatialgen::bench
