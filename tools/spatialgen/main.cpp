// spatialgen: spatial question-answer data from annotated 3D scenes.
// Exit codes: 0 success, 1 some scenes failed (the rest was written), 2 bad input or usage.
#include <malloc.h>
#include <spdlog/spdlog.h>

#include "core/error.h"
#include "tools/spatialgen/commands.h"

int main(int argc, char** argv) {
  // Images, masks and renders (hundreds of kB each, allocated and freed per view) are mapped and
  // unmapped instead of kept in glibc's arenas: its dynamic threshold would keep freed buffers
  // resident, and the peak memory would creep up with the number of scenes (docs/scale.md).
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024);
  CLI::App app{"spatialgen: turns annotated 3D scenes into spatial QA datasets "
               "(RoboSpatial and RoboPoint styles)"};
  app.require_subcommand(1);
  spatialgen::cli::Action run;
  spatialgen::cli::AddGenerateCommand(app, run);
  spatialgen::cli::AddRenderCommand(app, run);
  spatialgen::cli::AddTemplatesCommand(app, run);
  spatialgen::cli::AddScoreCommand(app, run);
  spatialgen::cli::AddPredictCommand(app, run);
  spatialgen::cli::AddAuditCommand(app, run);
  spatialgen::cli::AddExportCommand(app, run);
  spatialgen::cli::AddServeCommand(app, run);
  spatialgen::cli::AddMergeCommand(app, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  spdlog::set_pattern("[%l] %v");
  try {
    return run();
  } catch (const spatialgen::InputError& e) {
    spdlog::error("{}", e.what());
    return 2;
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 2;
  }
}
