#pragma once
// The QA list RoboSpatial's generator writes (scripts/qa_generator.py --output-mode json), so that
// pipelines built on RoboSpatial's data take spatialgen's:
//   robospatial_qa.json  a JSON list (indented by 4, as json.dump writes it there) of
//                        {image_path, question, answer, qa_type}: the question starts with
//                        "<image>", the answer is "Yes"/"No" or the points normalized with 3
//                        decimals "[(0.383, 0.873), ...]", qa_type is pairwise_positional
//                        (configuration), pairwise_compatibility (compatibility, on top too) or
//                        unary_spatial_context (context); image_path absolute (as the generator
//                        writes it) or relative to the export folder
//   images/<scene>/<view>.png
#include "dataset/export_common.h"

namespace spatialgen {

void WriteRoboSpatialQa(const ExportJob& job, ExportResult& result);

}  // namespace spatialgen
