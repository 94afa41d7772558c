#pragma once
// The Where2Place layout that RoboPoint's evaluation reads: robopoint/eval/model_vqa.py answers
// it and robopoint/eval/summarize_vqa.py scores it, with --data_dir the export folder. Every
// point item with a region mask is a question:
//   point_questions.jsonl  one question a line: question_id (the item id), image (under images/),
//                          text (the question), category (the task)
//   images/<scene>/<view>.png
//   masks/NN.jpg           the region of the question on line NN (0-based, two digits at least):
//                          an 8-bit greyscale PNG of 0 and 255 under the name the scorer opens;
//                          the scorer weights each pixel by value / 255, and reads files by content
//   answers.jsonl          with predictions: one answer a line in question order (question_id,
//                          prompt, text, model_id, category); text lists the points as scored
// summarize_vqa.py maps normalized points to the pixels of a 640 x 480 image whatever an image's
// size, so datasets of other image sizes are refused.
#include "dataset/export_common.h"

namespace spatialgen {

inline constexpr int kWhere2PlaceWidth = 640;
inline constexpr int kWhere2PlaceHeight = 480;

void WriteWhere2Place(const ExportJob& job, ExportResult& result);

}  // namespace spatialgen
