#pragma once
// RoboSpatial / EmbodiedScan 9-DoF box annotations, one JSON file per image:
// `scene_name`, `image_name`, `image_size` [w, h], `camera_annotations` {`extrinsic`,
// `intrinsic`, optional `axis_align_matrix`} and `objects[]` {`Name`, `bbox_3d`}.
// The result is one Scene with one View (the photo) and no mesh: the boxes are the geometry.
//
// Conventions:
// - bbox_3d = [[cx, cy, cz, sx, sy, sz, a, b, c]]: centre, full sizes along the box's own
//   x, y, z, and rotation R = Rz(a) * Rx(b) * Ry(c) in radians. The world is z up and the box's
//   +x is its front, +y its left: the same frame as ours, so the box is taken as it is
//   (world_from_object = R, size = (sx, sy, sz)).
// - The boxes live in EmbodiedScan's axis-aligned world, while `extrinsic` maps camera to the
//   scan's original world; so world_from_cam = axis_align_matrix * extrinsic (identity when the
//   matrix is absent) and cam_from_world is its inverse. Both must be rigid.
// - `intrinsic` holds OpenCV's K in its top-left 3x3 (no skew). OpenCV puts pixel centres at
//   integers; ours cover [i, i + 1) with centres at i + 0.5, so cx and cy gain 0.5.
// - The photo is image_root / image_name, or where RoboSpatial's loader finds it,
//   image_root / dataset / scene_name / image_name, or image_root / scene_name / image_name:
//   the first that exists (one must).
// - Object ids are indices into `objects`; `Name` is the label as written (free text), and the
//   category lists give the flags.
// Keys this loader does not use (dataset, visible_instance_ids...) are ignored.
#include <filesystem>

#include "scene/categories.h"
#include "scene/scene.h"

namespace spatialgen {

// Reads one per-image file. Scene and view id = scene_name + "_" + the image's stem, with
// every character outside [A-Za-z0-9_] replaced by '_'. Throws InputError naming the file,
// the scene and the field ("objects[2].bbox_3d").
Scene LoadEmbodiedScanImage(const std::filesystem::path& file,
                            const std::filesystem::path& image_root,
                            const CategoryOptions& categories);

}  // namespace spatialgen
