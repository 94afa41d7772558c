#include "raycast/png_encoder.h"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <zlib.h>

#include <array>
#include <cmath>
#include <random>
#include <stdexcept>

namespace spatialgen {
namespace {

// The file decoded by OpenCV (libpng and zlib, which check every CRC and the Adler-32).
cv::Mat Decode(const std::string& file) {
  const std::vector<uint8_t> bytes(file.begin(), file.end());
  return cv::imdecode(bytes, cv::IMREAD_UNCHANGED);
}

// The zlib stream of the IDAT chunks inflated by zlib itself, which checks its Adler-32;
// `expected` is the size of the filtered rows.
bool InflatesCleanly(const std::string& file, size_t expected) {
  std::string stream;
  for (size_t position = 8; position + 12 <= file.size();) {
    const uint32_t length = uint32_t(uint8_t(file[position])) << 24 | uint32_t(uint8_t(file[position + 1])) << 16 |
                            uint32_t(uint8_t(file[position + 2])) << 8 | uint32_t(uint8_t(file[position + 3]));
    if (file.compare(position + 4, 4, "IDAT") == 0) stream.append(file, position + 8, length);
    position += 12 + length;
  }
  std::vector<uint8_t> inflated(expected + 1);
  uLongf size = uLongf(inflated.size());
  const int status = uncompress(inflated.data(), &size, reinterpret_cast<const Bytef*>(stream.data()), uLong(stream.size()));
  return status == Z_OK && size == expected;
}

// The RGB bytes of a decoded 8-bit colour image.
std::vector<uint8_t> RgbOf(const cv::Mat& bgr) {
  std::vector<uint8_t> rgb;
  for (int j = 0; j < bgr.rows; ++j) {
    for (int i = 0; i < bgr.cols; ++i) {
      const cv::Vec3b& pixel = bgr.at<cv::Vec3b>(j, i);
      rgb.insert(rgb.end(), {pixel[2], pixel[1], pixel[0]});
    }
  }
  return rgb;
}

// Images of the kinds spatialgen writes: noise (a photo), flat areas with edges (a render),
// long runs of one byte, and a mix; `seed` varies them.
std::vector<uint8_t> TestRgb(int width, int height, int kind, unsigned seed) {
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> byte(0, 255), small(-6, 6);
  std::vector<uint8_t> rgb(size_t(3) * width * height);
  for (int j = 0; j < height; ++j) {
    for (int i = 0; i < width; ++i) {
      for (int c = 0; c < 3; ++c) {
        uint8_t& value = rgb[3 * (size_t(j) * width + i) + c];
        switch (kind) {
          case 0: value = uint8_t(byte(random)); break;
          case 1: value = uint8_t((i / 7 + j / 5) % 2 ? 40 + 30 * c : 200 - 20 * c); break;
          case 2: value = 128; break;
          default: value = uint8_t(std::clamp(60 + i + j / 3 + small(random), 0, 255)); break;
        }
      }
    }
  }
  return rgb;
}

TEST(PngEncoderTest, RgbImagesDecodeToTheirPixels) {
  for (const auto& [width, height] : std::vector<std::pair<int, int>>{{1, 1}, {2, 1}, {1, 3}, {17, 9}, {640, 480}, {301, 250}}) {
    for (int kind = 0; kind < 4; ++kind) {
      const std::vector<uint8_t> rgb = TestRgb(width, height, kind, unsigned(width * 31 + kind));
      const PngEncoder encoder(rgb, width, height, PngPixels::kRgb);
      const cv::Mat decoded = Decode(encoder.File());
      ASSERT_EQ(decoded.type(), CV_8UC3) << width << "x" << height << " kind " << kind;
      ASSERT_EQ(decoded.cols, width);
      ASSERT_EQ(decoded.rows, height);
      EXPECT_EQ(RgbOf(decoded), rgb) << width << "x" << height << " kind " << kind;
      EXPECT_TRUE(InflatesCleanly(encoder.File(), size_t(height) * (1 + 3 * size_t(width))));
    }
  }
}

TEST(PngEncoderTest, FlatImagesCompressAndNoiseDoesNotGrowMuch) {
  const int width = 640, height = 480;
  const size_t raw = size_t(3) * width * height;
  EXPECT_LT(PngEncoder(TestRgb(width, height, 2, 0), width, height, PngPixels::kRgb).File().size(), raw / 100);
  EXPECT_LT(PngEncoder(TestRgb(width, height, 1, 0), width, height, PngPixels::kRgb).File().size(), raw / 10);
  // Random bytes cannot be compressed: at most the Huffman headers and chunk framing on top.
  EXPECT_LT(PngEncoder(TestRgb(width, height, 0, 0), width, height, PngPixels::kRgb).File().size(),
            raw + raw / 50);
}

TEST(PngEncoderTest, MasksAreOneBitAndDecodeToZeroOr255) {
  for (const auto& [width, height] : std::vector<std::pair<int, int>>{{1, 1}, {8, 2}, {9, 5}, {640, 480}, {1283, 37}}) {
    std::mt19937 random(unsigned(width + height));
    std::vector<uint8_t> mask(size_t(width) * height, 0);
    for (int j = 0; j < height; ++j) {
      for (int i = 0; i < width; ++i) {
        // A disc, some noise and a value other than 1 that still counts as set.
        const bool disc = (i - width / 2) * (i - width / 2) + (j - height / 2) * (j - height / 2) < width * height / 8;
        mask[size_t(j) * width + i] = disc ? 1 : random() % 97 == 0 ? 7 : 0;
      }
    }
    const std::string file = PngEncoder(mask, width, height, PngPixels::kMask).File();
    EXPECT_EQ(uint8_t(file[24]), 1) << "bit depth";
    EXPECT_EQ(uint8_t(file[25]), 0) << "grayscale";
    EXPECT_TRUE(InflatesCleanly(file, size_t(height) * (1 + size_t(width + 7) / 8)));
    const cv::Mat decoded = Decode(file);
    ASSERT_EQ(decoded.type(), CV_8UC1);
    ASSERT_EQ(decoded.cols, width);
    ASSERT_EQ(decoded.rows, height);
    for (int j = 0; j < height; ++j) {
      for (int i = 0; i < width; ++i) {
        ASSERT_EQ(decoded.at<uint8_t>(j, i), mask[size_t(j) * width + i] ? 255 : 0) << i << ", " << j;
      }
    }
  }
}

TEST(PngEncoderTest, ACopyReusesTheStripsItDoesNotChange) {
  const int width = 320, height = 400;
  const std::vector<uint8_t> base = TestRgb(width, height, 3, 5);
  const PngEncoder encoder(base, width, height, PngPixels::kRgb);
  ASSERT_GE(encoder.strip_count(), 4);
  std::vector<uint8_t> marked = base;
  for (int i = 10; i < 50; ++i) {  // one changed row in the middle
    for (int c = 0; c < 3; ++c) marked[3 * (size_t(200) * width + i) + c] = c == 0 ? 255 : 0;
  }
  const std::string copy = encoder.FileOf(marked);
  EXPECT_EQ(RgbOf(Decode(copy)), marked);
  EXPECT_TRUE(InflatesCleanly(copy, size_t(height) * (1 + 3 * size_t(width))));
  EXPECT_EQ(encoder.FileOf(base), encoder.File());
  // The unchanged strips' bytes are shared with the base image, and the changed strip keeps
  // the base's code: the copy's size differs by little more than the 120 changed bytes'.
  const std::string file = encoder.File();
  size_t shared = 0;
  while (shared < file.size() && file[shared] == copy[shared]) ++shared;
  EXPECT_GT(shared, file.size() / 3);
  EXPECT_LT(std::abs(double(copy.size()) - double(file.size())), 200.0);
}

TEST(PngEncoderTest, CopiesWithBoxesDecodeToTheirPixels) {
  // Every kind of image, with box outlines of several widths and places: across strips and
  // segments, on the first and last rows and columns, inside runs of one byte.
  const int width = 301, height = 250;
  for (int kind = 0; kind < 4; ++kind) {
    const std::vector<uint8_t> base = TestRgb(width, height, kind, unsigned(kind + 11));
    const PngEncoder encoder(base, width, height, PngPixels::kRgb);
    for (const auto& [i0, j0, i1, j1, line] : std::vector<std::array<int, 5>>{
             {0, 0, width, height, 1}, {5, 30, 120, 200, 3}, {100, 100, 101, 101, 1}, {250, 3, 300, 249, 8}}) {
      std::vector<uint8_t> marked = base;
      for (int j = j0; j < j1; ++j) {
        for (int i = i0; i < i1; ++i) {
          const bool outline = i < i0 + line || i >= i1 - line || j < j0 + line || j >= j1 - line;
          if (!outline) continue;
          for (int c = 0; c < 3; ++c) marked[3 * (size_t(j) * width + i) + c] = c == 0 ? 255 : 0;
        }
      }
      const std::string copy = encoder.FileOf(marked);
      ASSERT_TRUE(InflatesCleanly(copy, size_t(height) * (1 + 3 * size_t(width)))) << "kind " << kind << " box " << i0;
      EXPECT_EQ(RgbOf(Decode(copy)), marked) << "kind " << kind << " box " << i0;
    }
  }
}

TEST(PngEncoderTest, WrongSizesThrow) {
  const std::vector<uint8_t> rgb(12);
  EXPECT_THROW(PngEncoder(rgb, 2, 3, PngPixels::kRgb), std::invalid_argument);
  EXPECT_THROW(PngEncoder(rgb, 0, 4, PngPixels::kMask), std::invalid_argument);
  const PngEncoder encoder(rgb, 2, 2, PngPixels::kRgb);
  EXPECT_THROW(encoder.FileOf(std::vector<uint8_t>(11)), std::invalid_argument);
}

}  // namespace
}  // namespace spatialgen
