#include <fmt/format.h>

#include <memory>

#include "pipeline/run_config.h"
#include "qa_gen/templates.h"
#include "tools/spatialgen/commands.h"

namespace spatialgen::cli {

void AddTemplatesCommand(CLI::App& app, Action& run) {
  CLI::App* templates = app.add_subcommand("templates", "Work with question templates");
  templates->require_subcommand(1);
  auto dir = std::make_shared<std::string>(DefaultTemplatesDir().string());
  CLI::App* check = templates->add_subcommand(
      "check", "Validate template files and print every problem with its file and key path");
  check->add_option("dir", *dir, "Templates folder (default: the shipped templates/)");
  check->callback([&run, dir] {
    run = [dir] {
      const std::vector<std::string> problems = CheckTemplates(*dir);
      for (const std::string& problem : problems) fmt::print("{}\n", problem);
      if (problems.empty()) {
        fmt::print("{}: templates OK\n", *dir);
        return 0;
      }
      fmt::print("{}: {} problem(s)\n", *dir, problems.size());
      return 2;  // bad input, as everywhere (main.cpp)
    };
  });
}

}  // namespace spatialgen::cli
