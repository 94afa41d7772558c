#include "sources/sunrgbd_loader.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <sstream>

#include "core/error.h"
#include "core/rigid.h"
#include "core/text.h"
#include "sources/json_values.h"

namespace spatialgen {
namespace {

namespace fs = std::filesystem;

// Calibration files carry 5 to 6 significant digits, so Rtilt is orthonormal only to ~1e-5.
constexpr double kRtiltTolerance = 1e-3;
constexpr int kLabelNumbers = 12;  // x y w h cx cy cz sx sy sz hx hy

// A file being read for one scene; makes errors that name both.
struct SourceFile {
  fs::path path;
  std::string scene;

  InputError Error(const std::string& field, const std::string& message) const {
    return InputError({path.string(), scene, field}, message);
  }
};

std::vector<std::string> ReadLines(const SourceFile& file) {
  std::ifstream stream(file.path);
  if (!stream) throw file.Error("", "cannot open the file");
  std::vector<std::string> lines;
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

bool IsBlank(const std::string& line) {
  return std::all_of(line.begin(), line.end(), [](unsigned char c) { return std::isspace(c); });
}

std::string LineField(int index) { return "line " + std::to_string(index + 1); }

// Parses every token as a finite number; `what` names the line's content in errors.
std::vector<double> ParseNumbers(const SourceFile& file, int line_index,
                                 const std::vector<std::string>& tokens, int expected,
                                 const std::string& what) {
  if (int(tokens.size()) != expected) {
    throw file.Error(LineField(line_index), "expected " + what + " (" + std::to_string(expected) +
                                                " numbers), got " + std::to_string(tokens.size()));
  }
  std::vector<double> numbers;
  for (const std::string& token : tokens) {
    char* end = nullptr;
    const double number = std::strtod(token.c_str(), &end);
    if (end != token.c_str() + token.size() || !std::isfinite(number)) {
      throw file.Error(LineField(line_index), what + ": '" + token + "' is not a finite number");
    }
    numbers.push_back(number);
  }
  return numbers;
}

std::vector<std::string> SplitWords(const std::string& line) {
  std::istringstream stream(line);
  std::vector<std::string> words;
  for (std::string word; stream >> word;) words.push_back(word);
  return words;
}

// Rtilt as written (column-major, see the header), checked and snapped to an exact rotation so
// that cam_from_world stays rigid.
Eigen::Matrix3d ParseRtilt(const SourceFile& file, const std::vector<std::string>& lines) {
  const std::vector<double> values =
      ParseNumbers(file, 0, SplitWords(lines[0]), 9, "Rtilt (3x3)");
  const Eigen::Matrix3d rtilt = Eigen::Map<const Eigen::Matrix3d>(values.data());
  if (auto problem = RotationProblem(rtilt, kRtiltTolerance)) throw file.Error(LineField(0), "Rtilt is " + *problem);
  return NearestRotation(rtilt);
}

// Pinhole intrinsics from K (column-major), shifted by -0.5 from MATLAB's 1-based pixel centres
// to ours (see the header).
Intrinsics ParseIntrinsics(const SourceFile& file, const std::vector<std::string>& lines) {
  const std::vector<double> values = ParseNumbers(file, 1, SplitWords(lines[1]), 9, "K (3x3)");
  const Eigen::Matrix3d k = Eigen::Map<const Eigen::Matrix3d>(values.data());
  const bool pinhole = k(0, 0) > 0 && k(1, 1) > 0 && k(0, 1) == 0 && k(1, 0) == 0 &&
                       k(2, 0) == 0 && k(2, 1) == 0 && k(2, 2) == 1;
  if (!pinhole) {
    throw file.Error(LineField(1), "K must read 'fx 0 0 0 fy 0 cx cy 1' with fx, fy > 0");
  }
  return {k(0, 0), k(1, 1), k(0, 2) - 0.5, k(1, 2) - 0.5};
}

Object ParseBox(const SourceFile& file, int line_index, const std::string& line) {
  std::vector<std::string> words = SplitWords(line);
  const std::string label = words.front();
  words.erase(words.begin());
  const std::vector<double> n =
      ParseNumbers(file, line_index, words, kLabelNumbers,
                   "class x y w h cx cy cz sx sy sz hx hy after the class");
  const Eigen::Vector3d half_size(n[8], n[7], n[9]);  // along heading, across it, up
  if ((half_size.array() <= 0).any()) {
    throw file.Error(LineField(line_index),
                     "box half sizes sx sy sz must be positive, got " + FormatValues(half_size));
  }
  const Eigen::Vector2d heading(n[10], n[11]);
  if (heading.norm() < 1e-9) throw file.Error(LineField(line_index), "heading (hx, hy) is zero");

  Object object;
  object.label = CategoryKey(label);
  object.center_in_world = Eigen::Vector3d(n[4], n[5], n[6]);
  object.size = 2 * half_size;
  object.world_from_object =
      Eigen::AngleAxisd(std::atan2(heading.y(), heading.x()), Eigen::Vector3d::UnitZ())
          .toRotationMatrix();
  return object;
}

std::vector<Object> ReadBoxes(const SourceFile& file) {
  const std::vector<std::string> lines = ReadLines(file);
  std::vector<Object> objects;
  for (int i = 0; i < int(lines.size()); ++i) {
    if (IsBlank(lines[i])) continue;
    objects.push_back(ParseBox(file, i, lines[i]));
    objects.back().id = int(objects.size()) - 1;
  }
  return objects;
}

void ReadImageSize(const SourceFile& file, View& view) {
  if (!fs::exists(file.path)) throw file.Error("", "the frame's image is missing");
  // Decoded in full rather than sized from its header (core/image_header.h): a photo that
  // cannot be decoded fails its scene here, not when its items are drawn.
  const cv::Mat image = cv::imread(file.path.string(), cv::IMREAD_UNCHANGED);
  if (image.empty()) throw file.Error("", "cannot decode the image");
  view.width = image.cols;
  view.height = image.rows;
}

View ReadView(const fs::path& root, const std::string& frame_id, const std::string& scene_id) {
  const SourceFile calib{root / "calib" / (frame_id + ".txt"), scene_id};
  const std::vector<std::string> lines = ReadLines(calib);
  if (lines.size() < 2) {
    throw calib.Error(LineField(int(lines.size())), "expected 2 lines (Rtilt, K), got " +
                                                        std::to_string(lines.size()));
  }
  // Rows of F map (x right, y forward, z up) to OpenCV (x right, y down, z forward).
  Eigen::Matrix3d flip;
  flip << 1, 0, 0, 0, 0, -1, 0, 1, 0;

  View view;
  view.id = frame_id;
  view.intrinsics = ParseIntrinsics(calib, lines);
  view.cam_from_world.linear() = flip * ParseRtilt(calib, lines).transpose();
  const SourceFile image{root / "image" / (frame_id + ".jpg"), scene_id};
  ReadImageSize(image, view);
  view.rgb_path = image.path.string();
  return view;
}

}  // namespace

Scene LoadSunRgbdFrame(const fs::path& root, const std::string& frame_id,
                       const CategoryOptions& categories) {
  Scene scene;
  scene.id = "sunrgbd_" + frame_id;
  const SourceFile label{root / "label" / (frame_id + ".txt"), scene.id};
  scene.source = label.path.string();
  scene.objects = ReadBoxes(label);
  scene.views.push_back(ReadView(root, frame_id, scene.id));
  ApplyCategoryFlags(categories, scene);
  return scene;
}

std::vector<std::string> ListSunRgbdFrames(const fs::path& root) {
  const fs::path label_dir = root / "label";
  if (!fs::is_directory(label_dir)) {
    throw InputError({label_dir.string(), "", ""}, "no SUN RGB-D label folder here");
  }
  std::vector<std::string> ids;
  for (const fs::directory_entry& entry : fs::directory_iterator(label_dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".txt") {
      ids.push_back(entry.path().stem().string());
    }
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace spatialgen
