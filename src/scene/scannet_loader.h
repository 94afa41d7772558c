#pragma once
// ScanNet scene folders: the cleaned mesh, its over-segmentation and the instance aggregation,
// turned into a Scene with per-triangle instance ids and one upright box per instance.
//
// Files read from `scene_dir` (named <scene>):
//   <scene>_vh_clean_2.ply                  mesh with vertex colours
//   <scene>_vh_clean_2.0.010000.segs.json   segIndices: a segment id per vertex
//   <scene>.aggregation.json                segGroups[]: objectId, label, segments
//   <scene>.txt                             "axisAlignment = " 16 numbers, row-major 4x4
//                                           (absent: identity, with a warning)
// Conventions: the alignment is applied to the vertices, so z is up and world_front is +x of
// the aligned scan. A vertex belongs to the group holding its segment (the first such group);
// a triangle to the instance its 3 vertices share, else the one 2 of them share, else -1.
// Structural groups (kStructuralLabels) are not objects; their triangles stay as background
// (-1). Each object's box is upright: yaw from the minimum-area rectangle around its
// vertices seen from above, z from their extent; the yaw is folded into [-45, 45) degrees
// because the rectangle has no preferred side, so has_front is false for every object
// (ScanNet does not say which side of an instance is its front).
#include <filesystem>
#include <string>
#include <vector>

#include "scene/categories.h"
#include "scene/scene.h"

namespace spatialgen {

// Labels (after NormalizeScanNetLabel) that are room structure rather than objects.
extern const std::vector<std::string> kStructuralLabels;

// Lower-cased, '_' read as a space, trimmed, and a few raw ScanNet names mapped to clean
// category names ("trash can" -> "trash bin", "kitchen cabinets" -> "kitchen cabinet", ...).
std::string NormalizeScanNetLabel(const std::string& raw_label);

// Throws InputError naming the file, the scene and the field when a file is missing or wrong.
Scene LoadScanNetScene(const std::filesystem::path& scene_dir, const CategoryOptions& options);

}  // namespace spatialgen
