#pragma once
// Turning one JSON record of a QA file into DatasetItems, recording what is wrong with it as
// findings. Used by the dataset reader for every layout.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "dataset/dataset.h"

namespace spatialgen {

// Adds a finding (in reading order; the reader sets its FindingOrder).
void AddFinding(std::vector<DatasetFinding>& findings, std::string check, std::string item_id, std::string where,
                std::string message, bool error = true);

// A RoboSpatial-style record: id, image_path or image, question, answer, qa_type, and
// optionally frame, relation, scene, objects. `fallback_id` names records without an id.
// Returns false (after recording why) when the record is unusable.
bool ReadRoboSpatialRecord(const nlohmann::json& record, const std::string& where, const std::string& fallback_id,
                           const std::filesystem::path& image_root, std::vector<DatasetFinding>& findings, DatasetItem& item);

// A RoboPoint LLaVA conversation record: id, image, conversations (human and gpt turns in
// turn). One item per question-answer pair; the pairs after the first get "#<k>" after the id.
std::vector<DatasetItem> ReadRoboPointRecord(const nlohmann::json& record, const std::string& where,
                                             const std::string& fallback_id,
                                             const std::filesystem::path& image_root, std::vector<DatasetFinding>& findings);

// Sets the expected answer of a foreign item from its answer text (yes/no, point list, box),
// recording a finding when the text is none of these or its coordinates leave [0, 1].
void ReadAnswerFromText(DatasetItem& item, std::vector<DatasetFinding>& findings);

// Records coordinates outside [0, 1] and inverted boxes of the item's expected answer.
void CheckAnswerRange(const DatasetItem& item, std::vector<DatasetFinding>& findings);

}  // namespace spatialgen
