#pragma once
// PLY meshes (ascii, binary little- and big-endian), read and validated by spatialgen itself:
// a scan is outside data, and Open3D's reader indexes vertices with face entries it has not
// checked (an out-of-range index in a polygon face crashed the whole run).
//
// Read: the `vertex` element's x, y, z (any numeric type) and, when all three are there,
// red, green, blue (uchar: divided by 255; float or double: taken as they are, in [0, 1]);
// the `face` element's list `vertex_indices` (or `vertex_index`). A face of n > 3 vertices
// becomes the fan (0, i, i + 1): exact for the convex polygons scanners write. Every other
// element and property is parsed (so a binary body stays in step) and dropped.
// Refused, with the file and the element / face / line named: a malformed header, counts
// the body cannot hold, a cut-short body, a face with fewer than 3 vertices or an index
// outside [0, vertex count), non-integer indices, and a file without faces.
#include <string>
#include <string_view>

#include "scene/scene.h"

namespace spatialgen {

// Parses the bytes of a PLY file; `file` names it in errors. Throws InputError.
Mesh ParsePly(std::string_view bytes, const std::string& file);

}  // namespace spatialgen
