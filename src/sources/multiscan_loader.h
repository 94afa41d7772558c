#pragma once
// MultiScan (and ARKitScenes-style) oriented-box annotations: one JSON file per scan with
// `objects[i]` = {label, obb{centroid, axesLengths, normalizedAxes, front, up, min, max}}.
// No mesh and no views: the boxes are the geometry and the pipeline synthesizes views.
//
// Conventions, checked on smartscenes/multiscan's scene_00000_00.annotations.json (28 objects):
// - The world is z up, in metres: every `up` is (0, 0, 1) and the floor and ceiling boxes are
//   thin along z. So positions are taken as they are.
// - `normalizedAxes` holds the three box axes one after another (axis i = numbers 3i..3i+2),
//   and axesLengths[i] is the full length along axis i: with that reading,
//   centroid -/+ sum_i |axis i| * axesLengths[i] / 2 reproduces `min` / `max` exactly.
// - `up` is always axis 1. `front` is +-axis 0 or +-axis 2 (not always +axis 2), so the front
//   axis is matched by direction, never by position.
// Our object frame: +x = the box axis parallel to `front` (with front's sign), +z = the box axis
// parallel to `up`, +y = z x x; `size` is permuted to match. `front` / `up` that are not
// parallel to a box axis (within 1e-3) are errors: the box itself is never re-oriented.
// Without `up`, +z is the box axis nearest world +z; without `front`, +x is the first other box
// axis in file order.
//
// Labels: "wall_cabinet.1" -> category "wall cabinet" (the part before the first '.',
// lower-cased, '_' read as a space); the category is the object's label. Skipped objects
// (not read further): the structural categories wall, floor, ceiling, beam, pillar, column
// (the sample marks them type "arch") and "remove", the annotators' marker for scan parts to
// delete. Doors, windows, gates and the like are kept: they are things questions refer to.
// Flags come from the category lists; has_front also needs a `front` in the file, since
// otherwise +x is an arbitrary box axis.
// Object ids are indices into the file's `objects`, so an id points back to its record.
// Keys this loader does not use (type, parts, articulations, version...) are ignored.
#include <filesystem>

#include "scene/categories.h"
#include "scene/scene.h"

namespace spatialgen {

// Reads one annotation file. Scene id = `scanId`, else the file name up to its first '.'.
// Throws InputError naming the file, the scene and the field ("objects[3].obb.axesLengths").
Scene LoadMultiScanScene(const std::filesystem::path& annotation_file,
                         const CategoryOptions& categories);

}  // namespace spatialgen
