#include "infer/vlm/image_preprocess.h"

#include <algorithm>
#include <stdexcept>

#include "infer/vlm/vlm_maths.h"

namespace spatialgen::vlm {
namespace {

// The windows of one resampling pass: per output index its first input, tap count and taps.
struct PassWindows {
  int max_taps = 0;
  std::vector<int> first;
  std::vector<int> count;
  std::vector<int32_t> taps;  // out_size x max_taps
};

PassWindows Windows(int in_size, int out_size) {
  PassWindows windows;
  windows.max_taps = PilMaxTaps(double(in_size) / out_size);
  windows.first.resize(out_size);
  windows.count.resize(out_size);
  windows.taps.assign(size_t(out_size) * windows.max_taps, 0);
  for (int out = 0; out < out_size; ++out) {
    windows.count[out] = PilWindow(in_size, out_size, out, &windows.first[out], &windows.taps[size_t(out) * windows.max_taps]);
  }
  return windows;
}

RgbImage Horizontal(const RgbImage& image, int width) {
  const PassWindows w = Windows(image.width, width);
  RgbImage out{width, image.height, std::vector<uint8_t>(size_t(width) * image.height * 3)};
  for (int y = 0; y < image.height; ++y) {
    for (int x = 0; x < width; ++x) {
      const uint8_t* row = &image.pixels[(size_t(y) * image.width + w.first[x]) * 3];
      for (int c = 0; c < 3; ++c) {
        out.pixels[(size_t(y) * width + x) * 3 + c] =
            PilResampleTap(row + c, 3, &w.taps[size_t(x) * w.max_taps], w.count[x]);
      }
    }
  }
  return out;
}

RgbImage Vertical(const RgbImage& image, int height) {
  const PassWindows w = Windows(image.height, height);
  RgbImage out{image.width, height, std::vector<uint8_t>(size_t(image.width) * height * 3)};
  const int stride = image.width * 3;
  for (int y = 0; y < height; ++y) {
    const uint8_t* column_start = &image.pixels[size_t(w.first[y]) * stride];
    for (int i = 0; i < stride; ++i) {
      out.pixels[size_t(y) * stride + i] =
          PilResampleTap(column_start + i, stride, &w.taps[size_t(y) * w.max_taps], w.count[y]);
    }
  }
  return out;
}

}  // namespace

RgbImage ResizeBicubicPil(const RgbImage& image, int width, int height) {
  if (width <= 0 || height <= 0 || image.width <= 0 || image.height <= 0) {
    throw std::invalid_argument("ResizeBicubicPil: empty image or size");
  }
  RgbImage result = image.width == width ? image : Horizontal(image, width);
  if (result.height != height) result = Vertical(result, height);
  return result;
}

RgbImage ExpandToSquare(const RgbImage& image, const uint8_t colour[3]) {
  if (image.width == image.height) return image;
  const int side = std::max(image.width, image.height);
  RgbImage square{side, side, std::vector<uint8_t>(size_t(side) * side * 3)};
  for (size_t i = 0; i < square.pixels.size(); ++i) square.pixels[i] = colour[i % 3];
  const int left = (side - image.width) / 2, top = (side - image.height) / 2;
  for (int y = 0; y < image.height; ++y) {
    std::copy_n(&image.pixels[size_t(y) * image.width * 3], size_t(image.width) * 3,
                &square.pixels[(size_t(y + top) * side + left) * 3]);
  }
  return square;
}

std::vector<float> PreprocessImage(const RgbImage& input, const LlavaConfig& config) {
  const ImageProcessorConfig& p = config.processor;
  RgbImage image = input;
  if (config.pad_to_square) {
    const uint8_t colour[3] = {PadColour(p.mean[0]), PadColour(p.mean[1]), PadColour(p.mean[2])};
    image = ExpandToSquare(image, colour);
  }
  if (p.do_resize) {
    // The shortest edge to `shortest_edge`, the other by int(size * long / short).
    const bool wide = image.width > image.height;
    const int short_side = wide ? image.height : image.width, long_side = wide ? image.width : image.height;
    const int new_long = int(double(p.shortest_edge) * long_side / short_side);
    const int width = wide ? new_long : p.shortest_edge, height = wide ? p.shortest_edge : new_long;
    if (width != image.width || height != image.height) image = ResizeBicubicPil(image, width, height);
  }
  int top = 0, left = 0, crop_h = image.height, crop_w = image.width;
  if (p.do_center_crop) {
    crop_h = p.crop_height;
    crop_w = p.crop_width;
    top = (image.height - crop_h) / 2;
    left = (image.width - crop_w) / 2;
  }
  if (top < 0 || left < 0) {
    // CLIPImageProcessor pads with zeros when the crop is larger; a resize to the shortest
    // edge never leaves it so, and without resizing the image must be large enough.
    throw std::invalid_argument("image smaller than the crop and do_resize is off");
  }
  std::vector<float> chw(size_t(3) * crop_h * crop_w);
  for (int c = 0; c < 3; ++c) {
    const float mean = float(p.mean[c]), std = float(p.std[c]);
    for (int y = 0; y < crop_h; ++y) {
      for (int x = 0; x < crop_w; ++x) {
        const uint8_t value = image.at(x + left, y + top, c);
        chw[(size_t(c) * crop_h + y) * crop_w + x] =
            p.do_normalize ? NormalizePixel(value, mean, std) : float(double(value) * (1.0 / 255.0));
      }
    }
  }
  return chw;
}

}  // namespace spatialgen::vlm
