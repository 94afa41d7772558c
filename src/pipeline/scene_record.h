#pragma once
// gt/<scene>.scene.json: the scene as spatialgen used it, so that anyone can verify an answer
// in the ego or world frame and 3D-aware models can use the data (RoboSpatial's outputs carry
// camera_annotations the same way). Per written view: its image, size, K, cam_from_world and
// the world frame's front used for it; per object: its oriented box, label and flags.
#include <filesystem>
#include <string>
#include <vector>

#include "core/json_reader.h"
#include "scene/scene.h"

namespace spatialgen {

// The record of `scene` for the views in `view_ids` (those the dataset has images of).
// Conventions (written into the file as well): metres, world z up; cam_from_world maps world
// points into OpenCV camera coordinates (x right, y down, z forward), 4x4 row-major; K puts
// pixel (i, j) over [i, i+1) x [j, j+1), so its principal point is OpenCV's + 0.5.
Json SceneRecord(const Scene& scene, const std::vector<std::string>& view_ids);

// Writes SceneRecord atomically to out_dir / "gt" / (scene.id + ".scene.json").
void WriteSceneRecord(const Scene& scene, const std::vector<std::string>& view_ids, const std::filesystem::path& out_dir);

}  // namespace spatialgen
