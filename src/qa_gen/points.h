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

// A binary mask over a width x height image, stored in the window of it that can hold set
// pixels (an object's box, the free space near an anchor: a small part of a photo, and a
// view makes dozens): one byte a window pixel, row-major, non-zero = inside.
struct RegionMask {
  int width = 0;   // the image's size
  int height = 0;
  int i0 = 0, j0 = 0, i1 = 0, j1 = 0;  // the window: columns [i0, i1) of rows [j0, j1)
  std::vector<uint8_t> pixels;         // the window's

  RegionMask() = default;
  RegionMask(int w, int h) : RegionMask(w, h, 0, 0, w, h) {}  // the whole image
  RegionMask(int w, int h, int window_i0, int window_j0, int window_i1, int window_j1)
      : width(w), height(h), i0(window_i0), j0(window_j0), i1(window_i1), j1(window_j1),
        pixels(size_t(i1 - i0) * size_t(j1 - j0), 0) {}
  int window_width() const { return i1 - i0; }
  bool At(int i, int j) const {  // any pixel of the image
    return i >= i0 && i < i1 && j >= j0 && j < j1 && pixels[size_t(j - j0) * window_width() + (i - i0)] != 0;
  }
  void Set(int i, int j) { pixels[size_t(j - j0) * window_width() + (i - i0)] = 1; }  // a window pixel
  int64_t Count() const;
  // The mask over the whole image, row-major, in `image` (resized): what its PNG holds.
  void ToImage(std::vector<uint8_t>& image) const;
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
