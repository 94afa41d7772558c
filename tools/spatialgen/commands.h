#pragma once
// The subcommands of the spatialgen binary. Each Add*Command registers its options on the
// app and sets `run` to the action that executes it and returns the exit code.
#include <CLI/CLI.hpp>

#include <functional>

namespace spatialgen::cli {

using Action = std::function<int()>;

void AddGenerateCommand(CLI::App& app, Action& run);
void AddRenderCommand(CLI::App& app, Action& run);
void AddTemplatesCommand(CLI::App& app, Action& run);
void AddScoreCommand(CLI::App& app, Action& run);
void AddPredictCommand(CLI::App& app, Action& run);
void AddAuditCommand(CLI::App& app, Action& run);
void AddExportCommand(CLI::App& app, Action& run);
void AddServeCommand(CLI::App& app, Action& run);
void AddMergeCommand(CLI::App& app, Action& run);

// Splits "a,b,c" into its non-empty parts.
std::vector<std::string> SplitList(const std::string& text);

}  // namespace spatialgen::cli
