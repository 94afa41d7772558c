#include "infer/vlm/image_preprocess.h"

#include <algorithm>
#include <stdexcept>

#include "infer/vlm/vlm_maths.h"

namespace spatialgen::vlm {
namespace {

RgbImage Horizontal(const RgbImage& image, int width) {
  const PassWindows w = PilPassWindows(image.width, width);
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
  const PassWindows w = PilPassWindows(image.height, height);
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

PassWindows PilPassWindows(int in_size, int out_size) {
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

PreprocessGeometry PlanPreprocess(int width, int height, const LlavaConfig& config) {
  const ImageProcessorConfig& p = config.processor;
  PreprocessGeometry g;
  g.padded_width = width;
  g.padded_height = height;
  if (config.pad_to_square && width != height) {
    g.padded_width = g.padded_height = std::max(width, height);
    g.pad_left = (g.padded_width - width) / 2;
    g.pad_top = (g.padded_height - height) / 2;
  }
  g.resized_width = g.padded_width;
  g.resized_height = g.padded_height;
  if (p.do_resize) {
    // The shortest edge to `shortest_edge`, the other by int(size * long / short).
    const bool wide = g.padded_width > g.padded_height;
    const int short_side = wide ? g.padded_height : g.padded_width;
    const int long_side = wide ? g.padded_width : g.padded_height;
    const int new_long = int(double(p.shortest_edge) * long_side / short_side);
    g.resized_width = wide ? new_long : p.shortest_edge;
    g.resized_height = wide ? p.shortest_edge : new_long;
  }
  g.crop_width = g.resized_width;
  g.crop_height = g.resized_height;
  if (p.do_center_crop) {
    g.crop_height = p.crop_height;
    g.crop_width = p.crop_width;
    g.crop_top = (g.resized_height - g.crop_height) / 2;
    g.crop_left = (g.resized_width - g.crop_width) / 2;
  }
  if (g.crop_top < 0 || g.crop_left < 0) {
    // CLIPImageProcessor pads with zeros when the crop is larger; a resize to the shortest
    // edge never leaves it so, and without resizing the image must be large enough.
    throw std::invalid_argument("image smaller than the crop and do_resize is off");
  }
  return g;
}

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
  const PreprocessGeometry g = PlanPreprocess(input.width, input.height, config);
  RgbImage image = input;
  if (g.padded_width != input.width || g.padded_height != input.height) {
    const uint8_t colour[3] = {PadColour(p.mean[0]), PadColour(p.mean[1]), PadColour(p.mean[2])};
    image = ExpandToSquare(image, colour);
  }
  if (g.resized_width != image.width || g.resized_height != image.height) {
    image = ResizeBicubicPil(image, g.resized_width, g.resized_height);
  }
  std::vector<float> chw(size_t(3) * g.crop_height * g.crop_width);
  for (int c = 0; c < 3; ++c) {
    const float mean = float(p.mean[c]), std = float(p.std[c]);
    for (int y = 0; y < g.crop_height; ++y) {
      for (int x = 0; x < g.crop_width; ++x) {
        const uint8_t value = image.at(x + g.crop_left, y + g.crop_top, c);
        chw[(size_t(c) * g.crop_height + y) * g.crop_width + x] =
            p.do_normalize ? NormalizePixel(value, mean, std) : float(double(value) * (1.0 / 255.0));
      }
    }
  }
  return chw;
}

}  // namespace spatialgen::vlm
