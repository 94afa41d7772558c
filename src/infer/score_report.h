#pragma once
// The score report as a Markdown table (printed, and score.md) and as JSON (score.json).
#include <nlohmann/json.hpp>

#include <string>

#include "infer/scoring.h"

namespace spatialgen {

std::string ScoreMarkdown(const ScoreReport& report);
nlohmann::json ScoreJson(const ScoreReport& report);

}  // namespace spatialgen
