#include <fmt/format.h>

#include <memory>

#include "pipeline/render_command.h"
#include "tools/spatialgen/commands.h"

namespace spatialgen::cli {

void AddRenderCommand(CLI::App& app, Action& run) {
  auto options = std::make_shared<RenderCommandOptions>();
  auto scenes = std::make_shared<std::string>();
  auto quiet = std::make_shared<bool>(false);
  CLI::App* command = app.add_subcommand(
      "render",
      "Write each view's RGB, depth (16-bit PNG, mm), instance-id (16-bit PNG, id + 1) images and the RGB with "
      "the support surfaces' free space overlaid (green: free up to generation.free_space.free_height, red: "
      "occupied), and per scene each support surface's top-down free map (surface_<k>_free.png, k in the "
      "surfaces' order)");
  command->add_option("--config", options->config, "Run configuration (JSON)")->required();
  command->add_option("--out", options->out, "Folder for <scene>/<view>_{rgb,depth,instance,free}.png and <scene>/surface_<k>_free.png")->required();
  command->add_option("--threads", options->threads, "Worker threads (0: all cores)");
  command->add_option("--scenes", *scenes, "Only these scene ids, comma separated");
  command->add_flag("--quiet", *quiet, "No progress output");
  command->callback([&run, options, scenes, quiet] {
    run = [options, scenes, quiet] {
      options->scenes = SplitList(*scenes);
      options->progress = !*quiet;
      const int failed = RunRenderCommand(*options);
      fmt::print("renders: {}\n", std::filesystem::absolute(options->out).string());
      return failed > 0 ? 1 : 0;
    };
  });
}

}  // namespace spatialgen::cli
