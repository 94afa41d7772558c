#pragma once
// Scan2CAD alignments of ShapeNet CAD models over a ScanNet scan: one box per aligned model,
// in the scan's own frame (ScanNet: metres, z up; its xy axes mean nothing to a robot, so the
// world frame's front is the run's world.front, by default each camera's heading).
//
// With M(t, q, s) = T(t) R(q) S(s) (quaternion w, x, y, z), Scan2CAD places the CAD model's
// unit box [-1, 1]^3 with M_model * T(center) * S(bbox) and the scan with M_scan (the record's
// trs); the box in the scan frame is inverse(M_scan) * M_model * T(center) * S(bbox).
// ShapeNet models are +y up and face -z (checked on the sample: chair back rests lie at +z),
// so the object frame (+x front, +y left, +z up) is CAD (-z, -x, +y). A box whose transform has shear or a reflection is an error.
// Labels come from catid_cad (kShapeNetCategories; unknown ids -> "object"). A mesh triangle
// whose centroid lies in an object's box grown by `triangle_box_margin` belongs to that object
// (the smallest such box); the rest is background (-1). Instance renders then show the scan,
// not boxes laid over it.
#include <filesystem>
#include <map>
#include <string>

#include "scene/categories.h"
#include "scene/scene.h"

namespace spatialgen {

// ShapeNet synset id -> category name (the ShapeNetCore names, shortened to common words).
extern const std::map<std::string, std::string> kShapeNetCategories;

// `annotation_file`: a JSON list of Scan2CAD records; the one whose id_scan matches the mesh's
// scene (the file name before "_vh_clean") is used, or the only one. Throws InputError naming
// the file and the field when something is missing or wrong.
Scene LoadScan2CadScene(const std::filesystem::path& annotation_file,
                        const std::filesystem::path& mesh_file, const CategoryOptions& options,
                        double triangle_box_margin);

}  // namespace spatialgen
