#pragma once
// The LLaVA training layout that RoboPoint trains on (robopoint/train/train.py,
// LazySupervisedDataset: --data_path the list, images opened at os.path.join(--image_folder,
// image)):
//   llava.json  a JSON list of {id, image, conversations: [{from: "human", value: "<image>\n" and
//               the question}, {from: "gpt", value: the answer as the dataset writes it}]}, one
//               for every item of the dataset (RoboSpatial-style items too); image relative to
//               the export folder (--image_folder the folder) or absolute (--image_folder '', as
//               RoboPoint's scripts pass)
//   images/<scene>/<view>.png
#include "dataset/export_common.h"

namespace spatialgen {

void WriteLlava(const ExportJob& job, ExportResult& result);

}  // namespace spatialgen
