// spatialgen's own scene file (sources/scene_file.h), in a folder that also holds a mesh
// (m.ply), a photo (rgb.png) and a depth image (depth.png) it may name.
#include "fuzz/fixtures.h"
#include "sources/scene_file.h"

using namespace spatialgen;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::Quiet();
  fuzz::WriteBytes(fuzz::Scratch() / "m.ply", fuzz::kTetrahedronPly);
  fuzz::WriteBytes(fuzz::Scratch() / "m.instances.json", "[0, 0, -1, -1]");
  fuzz::WritePhoto(fuzz::Scratch() / "rgb.png", 32, 24);
  std::filesystem::create_directories(fuzz::Scratch());
  cv::imwrite((fuzz::Scratch() / "depth.png").string(), cv::Mat(24, 32, CV_16UC1, cv::Scalar(1500)));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::filesystem::path scene = fuzz::Scratch() / "scene.json";
  fuzz::WriteBytes(scene, fuzz::Bytes(data, size));
  fuzz::Refusing([&] { LoadSceneFile(scene, CategoryOptions()); });
  return 0;
}
