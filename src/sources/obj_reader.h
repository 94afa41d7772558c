#pragma once
// Wavefront OBJ meshes, read and validated by spatialgen itself (like PLY, see ply_reader.h).
//
// Read: `v x y z` (a fourth number, w, is ignored; six numbers are x y z r g b, colours in
// [0, 1], kept when every vertex has them) and `f` with 3 or more entries `i`, `i/t`, `i//n` or
// `i/t/n` (1-based, or negative: counted back from the last vertex read). A polygon becomes
// the fan (0, i, i + 1). Every other statement (vt, vn, g, o, s, usemtl, ...) is skipped.
// Refused, with the file and the line named: malformed numbers, a face with fewer than 3
// entries or an index that names no vertex, and a file without faces.
#include <string>
#include <string_view>

#include "scene/scene.h"

namespace spatialgen {

// Parses the text of an OBJ file; `file` names it in errors. Throws InputError.
Mesh ParseObj(std::string_view text, const std::string& file);

}  // namespace spatialgen
