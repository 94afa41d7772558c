#include "infer/vlm/vlm_test_data.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>

namespace spatialgen::vlm::testing {

namespace fs = std::filesystem;

fs::path DataDir() { return fs::path(SPATIALGEN_SOURCE_DIR) / "tests" / "data" / "vlm"; }
fs::path TinyLlavaDir() { return DataDir() / "tiny-llava"; }
fs::path TinyClipDir() { return DataDir() / "tiny-clip"; }

const nlohmann::json& Reference() {
  static const nlohmann::json reference = nlohmann::json::parse(std::ifstream(DataDir() / "reference.json"));
  return reference;
}

const SafetensorsFile& ReferenceTensors() {
  static const SafetensorsFile file(DataDir() / "reference.safetensors");
  return file;
}

std::vector<float> ReferenceTensor(const std::string& name) {
  const TensorView* view = ReferenceTensors().Find(name);
  if (view == nullptr) throw std::runtime_error("reference.safetensors lacks " + name);
  return ToFloats(*view);
}

ModelOptions TinyOptions() {
  ModelOptions options;
  options.model_dir = TinyLlavaDir();
  options.vision_tower = TinyClipDir();
  options.batch = 3;
  options.max_new_tokens = 8;
  return options;
}

LlavaModel& TinyModel() {
  static LlavaModel model(TinyOptions());
  return model;
}

RgbImage FormulaImage(int width, int height, int seed) {
  RgbImage image{width, height, std::vector<uint8_t>(size_t(width) * height * 3)};
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      for (int c = 0; c < 3; ++c) {
        const int64_t value = int64_t(x) * (3 + c) + int64_t(y) * (5 + 2 * c) + ((int64_t(x) * y) >> (3 + c)) +
                              seed * 37 + c * 70;
        image.pixels[(size_t(y) * width + x) * 3 + c] = uint8_t(value & 255);
      }
    }
  }
  return image;
}

double RelativeError(const std::vector<float>& actual, const std::vector<float>& expected) {
  if (actual.size() != expected.size()) return INFINITY;
  double worst = 0, scale = 0;
  for (size_t i = 0; i < actual.size(); ++i) {
    worst = std::max(worst, std::fabs(double(actual[i]) - expected[i]));
    scale = std::max(scale, std::fabs(double(expected[i])));
  }
  return scale > 0 ? worst / scale : worst;
}

fs::path FreshDir(const std::string& name) {
  // Per process: other checkouts on the machine may run the same tests at the same time.
  const fs::path dir = fs::temp_directory_path() / ("spatialgen_vlm_" + std::to_string(getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void CopyFolder(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  for (const auto& entry : fs::directory_iterator(from)) fs::copy_file(entry.path(), to / entry.path().filename());
}

}  // namespace spatialgen::vlm::testing
