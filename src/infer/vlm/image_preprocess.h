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

// PIL's Image.resize(size, BICUBIC) of an RGB image: a horizontal then a vertical separable
// pass, each skipped when that size is unchanged, 8-bit fixed point in between.
RgbImage ResizeBicubicPil(const RgbImage& image, int width, int height);

// LLaVA's expand2square: a square of side max(w, h) filled with `colour`, the image pasted at
// ((side - w) / 2, (side - h) / 2) (integer division).
RgbImage ExpandToSquare(const RgbImage& image, const uint8_t colour[3]);

// The processor's output for one image: CHW float32 (3 x crop_height x crop_width).
std::vector<float> PreprocessImage(const RgbImage& image, const LlavaConfig& config);

}  // namespace spatialgen::vlm
