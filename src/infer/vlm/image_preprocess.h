#pragma once
// LLaVA-1.5's image path: expand2square with the mean colour (image_aspect_ratio "pad"), then
// CLIPImageProcessor: resize the shortest edge with PIL's bicubic resampling (reimplemented
// from its definition, bit-exact on 8-bit images), centre crop, rescale by 1/255, normalize.
#include <cstdint>
#include <vector>

#include "infer/vlm/model_config.h"

namespace spatialgen::vlm {

// An 8-bit RGB image, rows top to bottom, RGBRGB... without padding.
struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;  // width * height * 3

  uint8_t at(int x, int y, int c) const { return pixels[(size_t(y) * width + x) * 3 + c]; }
};

// The windows of one PIL resampling pass: per output index its first input, tap count and
// fixed-point taps (out_size x max_taps). The GPU's resampling kernels read these too.
struct PassWindows {
  int max_taps = 0;
  std::vector<int> first;
  std::vector<int> count;
  std::vector<int32_t> taps;
};
PassWindows PilPassWindows(int in_size, int out_size);

// Where LLaVA's preprocessing takes an image of a given size: padded to a square (image at
// pad_left, pad_top), resized, then cropped at (crop_left, crop_top). Throws
// std::invalid_argument when the crop does not fit.
struct PreprocessGeometry {
  int padded_width = 0, padded_height = 0, pad_left = 0, pad_top = 0;
  int resized_width = 0, resized_height = 0;
  int crop_left = 0, crop_top = 0, crop_width = 0, crop_height = 0;
};
PreprocessGeometry PlanPreprocess(int width, int height, const LlavaConfig& config);

// PIL's Image.resize(size, BICUBIC) of an RGB image: a horizontal then a vertical separable
// pass, each skipped when that size is unchanged, 8-bit fixed point in between.
RgbImage ResizeBicubicPil(const RgbImage& image, int width, int height);

// LLaVA's expand2square: a square of side max(w, h) filled with `colour`, the image pasted at
// ((side - w) / 2, (side - h) / 2) (integer division).
RgbImage ExpandToSquare(const RgbImage& image, const uint8_t colour[3]);

// The processor's output for one image: CHW float32 (3 x crop_height x crop_width).
std::vector<float> PreprocessImage(const RgbImage& image, const LlavaConfig& config);

}  // namespace spatialgen::vlm
