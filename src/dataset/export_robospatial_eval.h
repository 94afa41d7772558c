#pragma once
// The layout RoboSpatial-Eval reads (main.py reads every *.json list in its data_dir, and
// evaluation.py scores each entry; answers are matched to entries on question and img):
//   data/annotations.json  a JSON list of {category, question, answer, img}: the configuration
//                          items and the compatibility items ("Yes"/"No"), and the context items,
//                          whose answer is their region mask as one polygon ring (region_ring.h)
//   data/images/<scene>/<view>.png
//   config.yaml            the data_dir (data/) and output_dir (eval_results/), absolute
//   results.json           with predictions: a JSON list of {question, img, answer}; point
//                          answers list the points as scored (at pixel centres)
// Nothing else in data/ ends in .json, which main.py would read as questions; results.json stays
// out of it for that reason.
#include "dataset/export_common.h"

namespace spatialgen {

void WriteRoboSpatialEval(const ExportJob& job, ExportResult& result);

}  // namespace spatialgen
