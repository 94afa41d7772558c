#pragma once
// `spatialgen render`: per view, the RGB, depth (16-bit PNG, mm) and instance-id (16-bit
// PNG, id + 1) images the pipeline sees, and the RGB with the support surfaces' free space
// overlaid (green free, red occupied); per scene, each support surface's top-down free map.
// So a person can look at what the generator sees.
#include <filesystem>
#include <string>
#include <vector>

namespace spatialgen {

struct RenderCommandOptions {
  std::filesystem::path config;     // the run configuration file
  std::filesystem::path out;        // folder for <scene>/<view>_{rgb,depth,instance,free}.png
                                    // and <scene>/surface_<k>_free.png
  int threads = 0;                  // 0: all cores
  std::vector<std::string> scenes;  // only these scene ids (all when empty)
  bool progress = true;
};

// Returns the number of scenes that failed (each is logged with its reason).
int RunRenderCommand(const RenderCommandOptions& options);

}  // namespace spatialgen
