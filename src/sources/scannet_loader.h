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
//   pose/N.txt, color/N.jpg                 posed frames, when pose/ exists: camera-to-world
//   intrinsic/intrinsic_color.txt           4x4 (row-major, the scan's original frame), the
//   depth/N.png (optional)                  photo, K in the top-left 3x3, depth in mm
// Conventions: the alignment is applied to the vertices, so z is up (the world frame's front is
// the run's world.front, by default each camera's heading). A vertex belongs to the group holding its segment (the first such group);
// a triangle to the instance its 3 vertices share, else the one 2 of them share, else -1.
// Structural groups (kStructuralLabels) are not objects; their triangles stay as background
// (-1). Each object's box is upright: yaw from the minimum-area rectangle around its
// vertices seen from above, z from their extent; the yaw is folded into [-45, 45) degrees
// because the rectangle has no preferred side, so has_front is false for every object
// (ScanNet does not say which side of an instance is its front).
// Posed frames: every frame_step-th frame id N with both pose/N.txt and color/N.jpg, in
// numeric order, becomes view "f<N>" with that photo. Poses are in the scan's original frame,
// so world_from_cam = axisAlignment * pose, like the vertices (both must be rigid). K's cx, cy
// get +0.5: OpenCV puts pixel centres at integers, we at +0.5 (scene.h). Frames with
// non-finite poses (ScanNet writes -inf for frames its tracking lost) are skipped with a
// warning; a finite pose that is not rigid is an InputError. Without pose/ the scene has no
// views (the pipeline synthesizes them).
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

inline constexpr int kScanNetFrameStep = 50;  // about 0.6 views a second of the 30 Hz scan

// Throws InputError naming the file, the scene and the field when a file is missing or wrong.
Scene LoadScanNetScene(const std::filesystem::path& scene_dir, const CategoryOptions& options,
                       int frame_step = kScanNetFrameStep);

}  // namespace spatialgen
