// The shared maths against hand-derived values.
#include "infer/vlm/vlm_maths.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace spatialgen::vlm {
namespace {

TEST(VlmMathsTest, Bf16ConvertsExactlyAndRoundsToNearestEven) {
  EXPECT_EQ(Bf16ToFloat(0x3f80), 1.0f);
  EXPECT_EQ(Bf16ToFloat(0xc040), -3.0f);
  EXPECT_EQ(FloatToBf16(1.0f), 0x3f80);
  EXPECT_EQ(FloatToBf16(1.0f + 1.0f / 256), 0x3f80);      // halfway: to the even 0x3f80
  EXPECT_EQ(FloatToBf16(1.0f + 3.0f / 256), 0x3f82);      // halfway: to the even 0x3f82
  EXPECT_EQ(FloatToBf16(1.0f + 1.0f / 256 + 1.0f / 65536), 0x3f81);  // past halfway: up
  EXPECT_TRUE(std::isnan(Bf16ToFloat(FloatToBf16(NAN))));
}

TEST(VlmMathsTest, Fp16ConvertsNormalsSubnormalsAndInfinity) {
  EXPECT_EQ(Fp16ToFloat(0x3c00), 1.0f);
  EXPECT_EQ(Fp16ToFloat(0xc000), -2.0f);
  EXPECT_EQ(Fp16ToFloat(0x7bff), 65504.0f);
  EXPECT_EQ(Fp16ToFloat(0x0001), std::ldexp(1.0f, -24));
  EXPECT_EQ(Fp16ToFloat(0x0200), std::ldexp(1.0f, -15));
  EXPECT_EQ(Fp16ToFloat(0x7c00), INFINITY);
  EXPECT_EQ(Fp16ToFloat(0x8000), -0.0f);
}

TEST(VlmMathsTest, Activations) {
  EXPECT_FLOAT_EQ(QuickGelu(0), 0);
  EXPECT_FLOAT_EQ(QuickGelu(1), 1 / (1 + std::exp(-1.702f)));
  EXPECT_FLOAT_EQ(GeluErf(1), 0.8413447460685429f);
  EXPECT_FLOAT_EQ(GeluErf(-1), -0.15865525393145707f);
  EXPECT_FLOAT_EQ(Silu(1), 0.7310585786300049f);
  EXPECT_FLOAT_EQ(SwiGlu(1, 2), 2 * 0.7310585786300049f);
}

TEST(VlmMathsTest, RmsNormAndLayerNorm) {
  const float x[2] = {3, 4}, w[2] = {1, 2};
  float out[2];
  RmsNormRow(x, w, 2, 0, out);  // mean square 12.5
  EXPECT_FLOAT_EQ(out[0], 3 / std::sqrt(12.5f));
  EXPECT_FLOAT_EQ(out[1], 8 / std::sqrt(12.5f));
  const float y[2] = {1, 3}, ones[2] = {1, 1}, bias[2] = {0, 10};
  LayerNormRow(y, ones, bias, 2, 0, out);  // mean 2, variance 1
  EXPECT_FLOAT_EQ(out[0], -1);
  EXPECT_FLOAT_EQ(out[1], 11);
}

TEST(VlmMathsTest, RotaryPairsElementIWithIPlusHalf) {
  // head_dim 4, theta 10000: frequencies 1 and 1/100.
  EXPECT_FLOAT_EQ(RotaryInverseFrequency(0, 4, 10000), 1);
  EXPECT_FLOAT_EQ(RotaryInverseFrequency(1, 4, 10000), 0.01f);
  float a[4] = {1, 0, 0, 0};
  RotateHalfInPlace(a, 4, 1, 10000);
  EXPECT_FLOAT_EQ(a[0], std::cos(1.0f));
  EXPECT_FLOAT_EQ(a[2], std::sin(1.0f));
  EXPECT_EQ(a[1], 0);
  EXPECT_EQ(a[3], 0);
  float b[4] = {0, 1, 0, 1};
  RotateHalfInPlace(b, 4, 1, 10000);
  EXPECT_FLOAT_EQ(b[1], std::cos(0.01f) - std::sin(0.01f));
  EXPECT_FLOAT_EQ(b[3], std::cos(0.01f) + std::sin(0.01f));
  float c[4] = {0.5f, -2, 3, 7};
  RotateHalfInPlace(c, 4, 0, 10000);  // position 0: unchanged
  EXPECT_EQ(c[0], 0.5f);
  EXPECT_EQ(c[3], 7);
}

TEST(VlmMathsTest, SoftmaxMasksPastValidAndArgMaxTakesFirst) {
  float row[3] = {0, std::log(3.0f), 5};
  SoftmaxRowInPlace(row, 2, 3);
  EXPECT_FLOAT_EQ(row[0], 0.25f);
  EXPECT_FLOAT_EQ(row[1], 0.75f);
  EXPECT_EQ(row[2], 0);
  const float values[4] = {1, 3, 3, 2};
  EXPECT_EQ(ArgMax(values, 4), 1);
}

TEST(VlmMathsTest, PilBicubicKernelAndWindows) {
  EXPECT_DOUBLE_EQ(PilBicubic(0), 1);
  EXPECT_DOUBLE_EQ(PilBicubic(1), 0);
  EXPECT_DOUBLE_EQ(PilBicubic(0.5), 0.5625);
  EXPECT_DOUBLE_EQ(PilBicubic(-1.5), -0.0625);
  EXPECT_DOUBLE_EQ(PilBicubic(2), 0);
  // Same size: each output reads its own input with weight 1.
  std::vector<int32_t> taps(PilMaxTaps(1.0));
  int first = -1;
  const int count = PilWindow(4, 4, 2, &first, taps.data());  // centre 2.5: inputs 1, 2, 3
  EXPECT_EQ(first, 1);
  ASSERT_EQ(count, 3);
  EXPECT_EQ(taps[1], 1 << kPilPrecisionBits);
  EXPECT_EQ(taps[0], 0);
  EXPECT_EQ(taps[2], 0);
  // Halving: the kernel widens to support 4, taps sum to one within rounding.
  std::vector<int32_t> wide(PilMaxTaps(2.0));
  const int wide_count = PilWindow(8, 4, 1, &first, wide.data());
  EXPECT_EQ(first, 0);   // centre 3, window [3 - 4 + 0.5, 3 + 4 + 0.5) clamped
  EXPECT_EQ(wide_count, 7);
  int64_t sum = 0;
  for (int i = 0; i < wide_count; ++i) sum += wide[i];
  EXPECT_NEAR(double(sum), double(1 << kPilPrecisionBits), 4);
  EXPECT_EQ(PilClip8((300 << kPilPrecisionBits)), 255);
  EXPECT_EQ(PilClip8(-(1 << kPilPrecisionBits)), 0);
  EXPECT_EQ(PilClip8((17 << kPilPrecisionBits) + 5), 17);
  EXPECT_EQ(PadColour(0.48145466), 122);
  EXPECT_EQ(PadColour(0.4578275), 116);
  EXPECT_EQ(PadColour(0.40821073), 104);
}

TEST(VlmMathsTest, Fp16RoundsToNearestEvenAndRoundTrips) {
  EXPECT_EQ(FloatToFp16(1.0f), 0x3c00);
  EXPECT_EQ(FloatToFp16(-2.0f), 0xc000);
  EXPECT_EQ(FloatToFp16(65504.0f), 0x7bff);
  EXPECT_EQ(FloatToFp16(65519.0f), 0x7bff);  // under halfway to 65536: stays finite
  EXPECT_EQ(FloatToFp16(65520.0f), 0x7c00);  // halfway, odd mantissa: up to infinity
  EXPECT_EQ(FloatToFp16(1.0f + 1.0f / 2048), 0x3c00);  // halfway: to the even 0x3c00
  EXPECT_EQ(FloatToFp16(1.0f + 3.0f / 2048), 0x3c02);  // halfway: to the even 0x3c02
  EXPECT_EQ(FloatToFp16(std::ldexp(1.0f, -24)), 0x0001);
  EXPECT_EQ(FloatToFp16(std::ldexp(1.0f, -25)), 0x0000);        // halfway to the smallest: even
  EXPECT_EQ(FloatToFp16(std::ldexp(1.5f, -25)), 0x0001);
  EXPECT_EQ(FloatToFp16(std::ldexp(3.0f, -25)), 0x0002);        // 1.5 units: to the even 2
  EXPECT_EQ(FloatToFp16(std::ldexp(1023.5f, -24)), 0x0400);     // carries into the normals
  EXPECT_EQ(FloatToFp16(-0.0f), 0x8000);
  EXPECT_EQ(FloatToFp16(INFINITY), 0x7c00);
  EXPECT_TRUE(std::isnan(Fp16ToFloat(FloatToFp16(NAN))));
  for (uint32_t half = 0; half < 0x7c00; ++half) EXPECT_EQ(FloatToFp16(Fp16ToFloat(uint16_t(half))), half);
  EXPECT_EQ(RoundToBf16(1.0f + 1.0f / 65536), 1.0f);
  EXPECT_EQ(RoundToFp16(1.0f + 1.0f / 4096), 1.0f);
}

TEST(VlmMathsTest, HashUniformIsDeterministicAndSpread) {
  double sum = 0;
  float low = 1, high = -1;
  for (uint64_t i = 0; i < 100000; ++i) {
    const float v = HashUniform(7, i);
    low = std::min(low, v);
    high = std::max(high, v);
    sum += v;
  }
  EXPECT_GE(low, -1.0f);
  EXPECT_LT(high, 1.0f);
  EXPECT_LT(low, -0.999f);
  EXPECT_GT(high, 0.999f);
  EXPECT_NEAR(sum / 100000, 0.0, 0.01);
  EXPECT_EQ(HashUniform(7, 3), HashUniform(7, 3));
  EXPECT_NE(HashUniform(7, 3), HashUniform(8, 3));
}

TEST(VlmMathsTest, OnlineSoftmaxByBlocksEqualsTheWholeRow) {
  const std::vector<float> scores = {0.5f, -1.0f, 3.0f, 2.0f, -4.0f, 3.5f, 0.0f};
  const std::vector<float> values = {1, 2, 3, 4, 5, 6, 7};
  std::vector<float> whole = scores;
  SoftmaxRowInPlace(whole.data(), int(whole.size()), int(whole.size()));
  double expected = 0;
  for (size_t i = 0; i < values.size(); ++i) expected += whole[i] * values[i];
  for (size_t block : {1u, 2u, 3u, 7u}) {
    OnlineSoftmax softmax;
    float accumulator = 0;
    for (size_t first = 0; first < scores.size(); first += block) {
      const size_t end = std::min(scores.size(), first + block);
      float peak = -INFINITY;
      for (size_t i = first; i < end; ++i) peak = std::max(peak, scores[i]);
      accumulator *= softmax.Rescale(peak);
      for (size_t i = first; i < end; ++i) {
        const float weight = std::exp(scores[i] - softmax.peak);
        softmax.sum += weight;
        accumulator += weight * values[i];
      }
    }
    EXPECT_NEAR(accumulator / softmax.sum, expected, 1e-5) << block;
  }
}

}  // namespace
}  // namespace spatialgen::vlm
