// Issue 15: the spatialgen binary under hostile but realistic input. Bad input is refused
// up front (exit 2, nothing written) or fails its own scene only (exit 1, the rest written and
// the reason in the manifest); it never crashes the run.
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <fstream>

#include "tests/spatialgen_binary.h"
#include "testing/temp_path.h"

namespace {

namespace fs = std::filesystem;

const fs::path kSource(SPATIALGEN_SOURCE_DIR);
const fs::path kData = kSource / "tests" / "data";

using spatialgen::testing::CommandResult;

CommandResult Spatialgen(const std::string& arguments) { return spatialgen::testing::RunSpatialgen(arguments); }

// A fresh folder for one test's inputs and outputs.
fs::path Fresh(const std::string& name) {
  const fs::path path = spatialgen::testing::TempPath("spatialgen_hostile_" + name);
  fs::remove_all(path);
  fs::create_directories(path);
  return path;
}

void Write(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::string ReadText(const fs::path& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// A config over the tiny scene and `scene` (a file in `folder`), with the tiny config's settings.
fs::path TwoSceneConfig(const fs::path& folder, const std::string& scene) {
  fs::copy_file(kData / "tiny_scene.json", folder / "tiny_scene.json");
  const fs::path config = folder / "config.json";
  Write(config, R"({"seed": 3, "templates": ")" + (kSource / "templates").string() +
                    R"(", "scenes": {"source": "files", "files": ["tiny_scene.json", ")" + scene +
                    R"("]}, "visibility": {"min_visible_pixels": 40}})");
  return config;
}

// Case 1: a polygon face with index 2000000000 in a 4-vertex PLY killed the run (SIGSEGV in
// Open3D); now its scene fails and the others are written.
TEST(HostileInputTest, BadPlyFailsItsSceneOnly) {
  const fs::path folder = Fresh("bad_ply");
  Write(folder / "quad.ply",
        "ply\nformat ascii 1.0\nelement vertex 4\nproperty float x\nproperty float y\nproperty float z\n"
        "element face 1\nproperty list uchar int vertex_indices\nend_header\n"
        "0 0 0\n1 0 0\n1 1 0\n0 1 0\n4 0 1 2 2000000000\n");
  Write(folder / "bad_mesh.json", R"({"id": "bad_mesh", "mesh": "quad.ply",
      "objects": [{"id": 1, "label": "cup", "center": [0, 0, 0.1], "size": [0.1, 0.1, 0.2]}]})");
  const fs::path out = folder / "out";
  const CommandResult run = Spatialgen("generate --quiet --config " + TwoSceneConfig(folder, "bad_mesh.json").string() +
                                       " --out " + out.string());
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("mesh: face 0: vertex index 2000000000 is out of range for 4 vertices"), std::string::npos)
      << run.output;
  const std::string manifest = ReadText(out / "manifest.json");
  EXPECT_NE(manifest.find("vertex index 2000000000 is out of range"), std::string::npos);
  EXPECT_TRUE(fs::exists(out / "qa" / "robospatial.jsonl"));
}

// Case 2: `--threads 100000` crashed TBB's shutdown now and then; it is capped, with a word why.
TEST(HostileInputTest, ThreadsBeyondTheHardwareAreCapped) {
  const fs::path out = Fresh("threads") / "out";
  const CommandResult run = Spatialgen("generate --quiet --threads 100000 --config " + (kData / "tiny_config.json").string() +
                                       " --out " + out.string());
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("--threads 100000: using"), std::string::npos) << run.output;
}

// Case 3: a JPEG cut to 1000 bytes decoded as a mostly grey image and its scene passed.
TEST(HostileInputTest, CutShortPhotoFailsItsScene) {
  const fs::path folder = Fresh("cut_photo");
  cv::Mat noise(240, 320, CV_8UC3);
  cv::randu(noise, cv::Scalar::all(0), cv::Scalar::all(255));
  cv::imwrite((folder / "photo.jpg").string(), noise);
  fs::resize_file(folder / "photo.jpg", 1000);
  std::string scene = ReadText(kData / "tiny_scene.json");
  scene.replace(scene.find("\"id\": \"tiny\""), 12, "\"id\": \"photo\"");
  scene.replace(scene.find("\"width\": 320"), 12, "\"rgb\": \"photo.jpg\", \"width\": 320");
  Write(folder / "photo_scene.json", scene);
  const fs::path out = folder / "out";
  const CommandResult run = Spatialgen("generate --quiet --config " + TwoSceneConfig(folder, "photo_scene.json").string() +
                                       " --out " + out.string());
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("views[0].rgb: cut short: no end-of-image marker: " + (folder / "photo.jpg").string()),
            std::string::npos) << run.output;
}

// Case 3 (audit) and case 6 (OpenCV's own warnings among ours): a cut-short image is an error
// naming the file, and nothing but spatialgen's lines is printed.
TEST(HostileInputTest, AuditRefusesCutShortImagesQuietly) {
  const fs::path out = Fresh("audit_cut") / "out";
  ASSERT_EQ(Spatialgen("generate --quiet --config " + (kData / "tiny_config.json").string() + " --out " + out.string()).exit_code, 0);
  const fs::path image = out / "images" / "tiny" / "v0.png";
  fs::resize_file(image, 3000);
  fs::remove(out / "images" / "tiny" / "v0_mark2.png");
  const CommandResult run = Spatialgen("audit --quiet " + out.string());
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("unreadable_image"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("WARN:"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("libpng"), std::string::npos) << run.output;
}

// Case 6: score read a missing or cut-short region mask with OpenCV's warning among its lines.
TEST(HostileInputTest, ScoreNamesABrokenMaskQuietly) {
  const fs::path out = Fresh("score_mask") / "out";
  ASSERT_EQ(Spatialgen("generate --quiet --config " + (kData / "tiny_config.json").string() + " --out " + out.string()).exit_code, 0);
  const std::string robopoint = ReadText(out / "qa" / "robopoint.json");
  const size_t at = robopoint.find("\"id\":\"tiny_v0_free_space_reference_");
  ASSERT_NE(at, std::string::npos);
  const std::string id = robopoint.substr(at + 6, robopoint.find('"', at + 6) - at - 6);
  Write(out / "predictions.jsonl", R"({"id": ")" + id + R"(", "text": "[(0.5, 0.5)]"})" "\n");
  for (const auto& entry : fs::directory_iterator(out / "masks" / "tiny")) fs::resize_file(entry.path(), 100);
  CommandResult run = Spatialgen("score --dataset " + out.string() + " --predictions " + (out / "predictions.jsonl").string());
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("region mask cut short"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("libpng"), std::string::npos) << run.output;
  for (const auto& entry : fs::directory_iterator(out / "masks" / "tiny")) fs::remove(entry.path());
  run = Spatialgen("score --dataset " + out.string() + " --predictions " + (out / "predictions.jsonl").string());
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("the region mask is missing"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("WARN:"), std::string::npos) << run.output;
}

// Case 4: a missing task template and a wrong answer kind are refused up front by both
// `templates check` and `generate` (exit 2, nothing written).
TEST(HostileInputTest, BrokenTemplatesAreRefusedUpFront) {
  const fs::path folder = Fresh("templates");
  fs::copy(kSource / "templates", folder / "templates", fs::copy_options::recursive);
  fs::remove(folder / "templates" / "tasks" / "context.json");
  Write(folder / "templates" / "tasks" / "grounding.json", R"({"task": "grounding", "answer": "yes_no",
      "formats": ["robopoint"], "phrasings": ["Is there a {a}? Final answer should be yes or no."]})");
  const CommandResult check = Spatialgen("templates check " + (folder / "templates").string());
  EXPECT_EQ(check.exit_code, 2) << check.output;
  EXPECT_NE(check.output.find("no template for task \"context\""), std::string::npos) << check.output;
  EXPECT_NE(check.output.find("answer: task grounding answers \"box\", got \"yes_no\""), std::string::npos) << check.output;

  std::string config = ReadText(kData / "tiny_config.json");
  config.replace(config.find("\"../../templates\""), 17, "\"templates\"");
  config.replace(config.find("\"tiny_scene.json\""), 17, "\"" + (kData / "tiny_scene.json").string() + "\"");
  Write(folder / "config.json", config);
  const CommandResult run = Spatialgen("generate --quiet --config " + (folder / "config.json").string() + " --out " +
                                       (folder / "out").string());
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("no template for task \"context\""), std::string::npos) << run.output;
  EXPECT_FALSE(fs::exists(folder / "out"));
}

// Case 5: config values are refused up front (exit 2, nothing written), naming the key.
TEST(HostileInputTest, BadConfigValuesAreRefusedUpFront) {
  const fs::path folder = Fresh("config_values");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"seed": -1})", "config.json: seed: must be an integer in [0, 18446744073709551615], got -1"},
      {R"({"seed": 1, "seed": 2})", "config.json: seed: key given twice"},
      {R"({"scenes": {"procedural": {"views": {"count": 0}}}})", "config.json: scenes.procedural.views.count: must be >= 1"},
      {R"({"generation": {"tasks": []}})", "config.json: generation.tasks: must name at least one task"},
      {R"({"scenes": {"procedural": {"views": {"width": 100000, "height": 100000}}}})",
       "config.json: scenes.procedural.views.width: 100000 x 100000 pixels would need 150 GB"}};
  for (const auto& [text, message] : cases) {
    Write(folder / "config.json", text);
    const CommandResult run = Spatialgen("generate --quiet --config " + (folder / "config.json").string() + " --out " +
                                         (folder / "out").string());
    EXPECT_EQ(run.exit_code, 2) << text << "\n" << run.output;
    EXPECT_NE(run.output.find(message), std::string::npos) << text << "\n" << run.output;
    EXPECT_FALSE(fs::exists(folder / "out")) << text;
  }
}

// Case 5: a run whose every candidate is filtered out says so instead of exiting 0 silently.
TEST(HostileInputTest, RunWithoutItemsWarns) {
  const fs::path folder = Fresh("no_items");
  std::string config = ReadText(kData / "tiny_config.json");
  config.replace(config.find("\"../../templates\""), 17, "\"" + (kSource / "templates").string() + "\"");
  config.replace(config.find("\"tiny_scene.json\""), 17, "\"" + (kData / "tiny_scene.json").string() + "\"");
  const std::string threshold = "\"min_visible_pixels\": 40";
  config.replace(config.find(threshold), threshold.size(), "\"min_visible_pixels\": 1000000");
  Write(folder / "config.json", config);
  const CommandResult run = Spatialgen("generate --quiet --config " + (folder / "config.json").string() + " --out " +
                                       (folder / "out").string());
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("[warning] no items were written"), std::string::npos) << run.output;
}

// Case 6: an empty RoboPoint list said "the first item has neither ...".
TEST(HostileInputTest, EmptyQaFileSaysSo) {
  const fs::path folder = Fresh("empty_qa");
  Write(folder / "robopoint.json", "[]");
  const CommandResult run = Spatialgen("audit --quiet " + (folder / "robopoint.json").string());
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("robopoint.json: an empty list: no QA items"), std::string::npos) << run.output;
}

}  // namespace
