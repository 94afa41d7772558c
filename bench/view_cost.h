#pragma once
// A view's whole cost against its own primary-ray render (issue 13), measured in one run:
//   - the Scan2CAD sample (the ScanNet reconstruction of scene0470_00, 81k vertices) with 40
//     synthesized 640x480 views, every task, at 1 and 2 threads (the 2-thread run is the one
//     large scene: it scales only as far as work inside a scene spreads);
//   - RoboSpatial / EmbodiedScan-format photos with 3D boxes (1280x800 JPEG + per-image JSON,
//     written by the bench) with 8, 16, 32 and 64 boxes, at 1 thread, with the demo config's
//     generation section (items of every task: marked copies and masks are written).
// "Whole view" is `generate` end to end (reading the scene, BVH, support surfaces, render,
// visibility, every task, every image and mask written, the QA files) divided by the views;
// "render" is Render() of the same views on the caster built once, at 1 thread. Each figure is
// the fastest of `repeats` runs (the machine is shared), in wall-clock and in process CPU time.
#include <filesystem>
#include <vector>

namespace spatialgen::bench {

// Skips with a message when ../shared/data/real is absent.
void PrintScanNetViewCost(const std::filesystem::path& source_dir, int views, int repeats);

// Writes `images` EmbodiedScan-format inputs with `boxes` boxes (a multiple of 8, at most 64)
// under dir (json/NN/, images/) and a config that reads them; returns the config's path.
std::filesystem::path WritePhotoDataset(const std::filesystem::path& source_dir, const std::filesystem::path& dir,
                                        int boxes, int images);

void PrintPhotoViewCost(const std::filesystem::path& source_dir, const std::vector<int>& box_counts,
                        int images_per_count, int repeats);

}  // namespace spatialgen::bench
