#pragma once
// Point answers (SPEC sections 5 and 6): region masks over the image, points sampled in them
// with a minimum pixel spacing, and the "[(x1, y1), ...]" answer text.
#include <Eigen/Core>

#include <cstdint>
#include <string>
#include <vector>

#include "core/json_reader.h"
#include "core/rng.h"

namespace spatialgen {

struct PointOptions {
  int min_points = 3;           // fewer usable points than this: no item
  int max_points = 8;           // points per answer are drawn from [min_points_sampled, max_points]
  int min_points_sampled = 4;   // ... (SPEC: 4 to 8)
  double min_spacing_px = 10;   // sampled points are at least this far apart, pixels
  int object_erosion_px = 2;    // object-reference points keep this far inside the target's mask
  void Check() const;
};
void ReadOptions(JsonReader& reader, PointOptions& options);

// A binary mask over an image, row-major, one byte a pixel (non-zero = inside).
struct RegionMask {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;

  RegionMask() = default;
  RegionMask(int w, int h) : width(w), height(h), pixels(size_t(w) * h, 0) {}
  bool At(int i, int j) const { return pixels[size_t(j) * width + i] != 0; }
  void Set(int i, int j) { pixels[size_t(j) * width + i] = 1; }
  int64_t Count() const;
};

// Where answer points may be drawn from: pixel centres, with their 3D points when known
// (free space keeps them in the ground truth).
struct PointPool {
  std::vector<Eigen::Vector2d> pixels;           // pixel centres (i + 0.5, j + 0.5)
  std::vector<Eigen::Vector3d> points_in_world;  // empty, or one per pixel
};

// The centres of the pixels of `mask` whose whole (2r+1)-square neighbourhood lies inside it
// (erosion by r with a square structuring element; pixels beyond the border count as
// outside), row by row; radius 0: all its pixels. Works in the mask's bounding box only.
PointPool ErodedPool(const RegionMask& mask, int radius);

// Picks up to `count` of `pixels`, each at least `min_spacing` from the others, in a seeded
// random order. Returns their indices.
std::vector<size_t> SampleSpaced(const std::vector<Eigen::Vector2d>& pixels, int count, double min_spacing, Rng& rng);

// Pixel centres -> coordinates normalized by the image size.
std::vector<Eigen::Vector2d> Normalized(const std::vector<Eigen::Vector2d>& pixels, int width, int height);

// "[(0.461, 0.527), (0.498, 0.521)]": 3 decimals, RoboPoint's answer layout.
std::string FormatPoints(const std::vector<Eigen::Vector2d>& points_normalized);

}  // namespace spatialgen
