// PIL's bicubic resampling (bit-exact against PIL's own output) and CLIPImageProcessor with
// LLaVA's padding (within 1e-5 of the reference script's pixels).
#include "infer/vlm/image_preprocess.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "infer/vlm/rgb_image_io.h"
#include "infer/vlm/vlm_test_data.h"

namespace spatialgen::vlm {
namespace {

int MaxDifference(const RgbImage& a, const RgbImage& b) {
  if (a.width != b.width || a.height != b.height) return 256;
  int worst = 0;
  for (size_t i = 0; i < a.pixels.size(); ++i) worst = std::max(worst, std::abs(int(a.pixels[i]) - int(b.pixels[i])));
  return worst;
}

TEST(ImagePreprocessTest, FormulaImageMatchesTheScriptsPng) {
  EXPECT_EQ(MaxDifference(testing::FormulaImage(97, 61, 3), ReadRgbImage(testing::DataDir() / "resize_in.png")), 0);
}

TEST(ImagePreprocessTest, ResizeEqualsPilBicubicAtEveryScale) {
  const RgbImage input = ReadRgbImage(testing::DataDir() / "resize_in.png");
  for (const auto& size : testing::Reference().at("resize_cases")) {
    const int w = size[0], h = size[1];
    const RgbImage pil = ReadRgbImage(testing::DataDir() / fmt::format("resize_{}x{}.png", w, h));
    EXPECT_EQ(MaxDifference(ResizeBicubicPil(input, w, h), pil), 0) << w << "x" << h;
  }
}

TEST(ImagePreprocessTest, PadAndResizeAtTheReleasedSize) {
  const uint8_t mean[3] = {122, 116, 104};
  const RgbImage square = ExpandToSquare(testing::FormulaImage(640, 480, 4), mean);
  ASSERT_EQ(square.width, 640);
  EXPECT_EQ(square.at(0, 0, 0), 122);    // padding above: rows 0..79
  EXPECT_EQ(square.at(5, 79, 2), 104);
  EXPECT_EQ(square.at(5, 80, 0), testing::FormulaImage(640, 480, 4).at(5, 0, 0));
  const RgbImage pil = ReadRgbImage(testing::DataDir() / "pad_resize_640x480_to_336.png");
  EXPECT_EQ(MaxDifference(ResizeBicubicPil(square, 336, 336), pil), 0);
}

TEST(ImagePreprocessTest, PixelsEqualTheReferenceWithin1e5) {
  const LlavaConfig& config = testing::TinyModel().config();
  for (int i = 0; i < 2; ++i) {
    const std::vector<float> pixels = PreprocessImage(ReadRgbImage(testing::DataDir() / fmt::format("image{}.png", i)), config);
    const std::vector<float> expected = testing::ReferenceTensor(fmt::format("pixels{}", i));
    ASSERT_EQ(pixels.size(), expected.size());
    double worst = 0;
    for (size_t k = 0; k < pixels.size(); ++k) worst = std::max(worst, double(std::fabs(pixels[k] - expected[k])));
    EXPECT_LE(worst, 1e-5) << "image" << i;
  }
}

}  // namespace
}  // namespace spatialgen::vlm
