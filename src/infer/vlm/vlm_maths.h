#pragma once
// The per-element and per-row maths of LLaVA-1.5, written once for both engines: plain inline
// functions here, `__host__ __device__` under nvcc, so a CUDA kernel calls exactly what the CPU
// engine's tests cover. No allocation, no exceptions, no standard containers.
//
// Row reductions are split in two: a kernel may sum a row in parallel and then call the
// finishing function (RmsInverse, LayerNormStats ...), or call the serial row helper.
#include <cmath>
#include <cstdint>
#include <cstring>

#if defined(__CUDACC__)
#define VLM_HD __host__ __device__
#else
#define VLM_HD
#endif

namespace spatialgen::vlm {

// ---------------------------------------------------------------- number formats

// bfloat16: the top 16 bits of an IEEE float32 (exact widening).
VLM_HD inline float Bf16ToFloat(uint16_t bits) {
  const uint32_t wide = uint32_t(bits) << 16;
  float value;
  std::memcpy(&value, &wide, sizeof value);
  return value;
}

// float32 -> bfloat16, rounding to nearest even (NaN kept a quiet NaN).
VLM_HD inline uint16_t FloatToBf16(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  if ((bits & 0x7fffffffu) > 0x7f800000u) return uint16_t((bits >> 16) | 0x40u);
  bits += 0x7fffu + ((bits >> 16) & 1u);
  return uint16_t(bits >> 16);
}

// IEEE half -> float32 (exact), subnormals and infinities included.
VLM_HD inline float Fp16ToFloat(uint16_t half) {
  const uint32_t sign = uint32_t(half & 0x8000u) << 16;
  const uint32_t exponent = (half >> 10) & 0x1fu;
  uint32_t mantissa = half & 0x3ffu;
  uint32_t bits;
  if (exponent == 0x1fu) {
    bits = sign | 0x7f800000u | (mantissa << 13);
  } else if (exponent != 0) {
    bits = sign | ((exponent + 112u) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    bits = sign;
  } else {  // subnormal: normalize
    int shift = 0;
    while ((mantissa & 0x400u) == 0) {
      mantissa <<= 1;
      ++shift;
    }
    bits = sign | (uint32_t(113 - shift) << 23) | ((mantissa & 0x3ffu) << 13);
  }
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

// float32 -> IEEE half, rounding to nearest even; overflow to infinity, subnormals kept.
VLM_HD inline uint16_t FloatToFp16(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  const uint16_t sign = uint16_t((bits >> 16) & 0x8000u);
  const uint32_t magnitude = bits & 0x7fffffffu;
  if (magnitude > 0x7f800000u) return uint16_t(sign | 0x7e00u);  // NaN
  if (magnitude >= 0x47800000u) return uint16_t(sign | 0x7c00u);  // >= 65536: infinity
  uint32_t half, remainder, halfway;
  if (magnitude < 0x38800000u) {  // below 2^-14: a subnormal half, in units of 2^-24
    const int shift = 126 - int(magnitude >> 23);
    if (shift > 24) return sign;
    const uint32_t mantissa = (magnitude & 0x7fffffu) | 0x800000u;
    half = mantissa >> shift;
    remainder = mantissa & ((1u << shift) - 1);
    halfway = 1u << (shift - 1);
  } else {  // rebias the exponent (127 -> 15) and drop 13 mantissa bits
    const uint32_t rebased = magnitude - 0x38000000u;
    half = rebased >> 13;
    remainder = rebased & 0x1fffu;
    halfway = 0x1000u;
  }
  if (remainder > halfway || (remainder == halfway && (half & 1u))) ++half;  // may carry: still right
  return uint16_t(sign | half);
}

// A value rounded to bfloat16 or half and back: what storing it in that type keeps.
VLM_HD inline float RoundToBf16(float value) { return Bf16ToFloat(FloatToBf16(value)); }
VLM_HD inline float RoundToFp16(float value) { return Fp16ToFloat(FloatToFp16(value)); }

// A uniform value in [-1, 1) from (seed, index) (SplitMix64's finalizer): random weights that
// every device draws alike.
VLM_HD inline float HashUniform(uint64_t seed, uint64_t index) {
  uint64_t z = seed * 0x9e3779b97f4a7c15ull + index + 0x632be59bd9b4e019ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  z ^= z >> 31;
  return float(int64_t(z >> 40) - (1ll << 23)) * (1.0f / float(1 << 23));
}

// ---------------------------------------------------------------- activations

// CLIP's quick_gelu: x * sigmoid(1.702 x).
VLM_HD inline float QuickGelu(float x) { return x / (1.0f + expf(-1.702f * x)); }

// The exact (erf) GELU of torch.nn.GELU(), used by LLaVA's mlp2x_gelu projector.
VLM_HD inline float GeluErf(float x) { return 0.5f * x * (1.0f + erff(x * 0.70710678118654752f)); }

// SiLU (swish): x * sigmoid(x).
VLM_HD inline float Silu(float x) { return x / (1.0f + expf(-x)); }

// Llama's SwiGLU MLP, per element: silu(gate) * up.
VLM_HD inline float SwiGlu(float gate, float up) { return Silu(gate) * up; }

// ---------------------------------------------------------------- norms

// RMSNorm: x * 1/sqrt(mean(x^2) + eps) * weight. RmsInverse turns the row's sum of squares
// into the factor.
VLM_HD inline float RmsInverse(float sum_of_squares, int n, float eps) {
  return 1.0f / sqrtf(sum_of_squares / float(n) + eps);
}

VLM_HD inline void RmsNormRow(const float* x, const float* weight, int n, float eps, float* out) {
  float sum = 0;
  for (int i = 0; i < n; ++i) sum += x[i] * x[i];
  const float inverse = RmsInverse(sum, n, eps);
  for (int i = 0; i < n; ++i) out[i] = weight[i] * (x[i] * inverse);
}

// LayerNorm (biased variance, as torch): mean and 1/sqrt(var + eps) from the row's sum and
// sum of squared deviations.
struct LayerNormStats {
  float mean;
  float inverse_std;
};

VLM_HD inline LayerNormStats LayerNormFinish(float sum, float sum_sq_dev, int n, float eps) {
  return {sum / float(n), 1.0f / sqrtf(sum_sq_dev / float(n) + eps)};
}

VLM_HD inline void LayerNormRow(const float* x, const float* weight, const float* bias, int n,
                                float eps, float* out) {
  float sum = 0;
  for (int i = 0; i < n; ++i) sum += x[i];
  const float mean = sum / float(n);
  float deviation = 0;
  for (int i = 0; i < n; ++i) deviation += (x[i] - mean) * (x[i] - mean);
  const LayerNormStats stats = LayerNormFinish(sum, deviation, n, eps);
  for (int i = 0; i < n; ++i) out[i] = (x[i] - stats.mean) * stats.inverse_std * weight[i] + bias[i];
}

// ---------------------------------------------------------------- rotary embeddings

// Llama's rotary frequency of pair i (0 <= i < head_dim / 2), computed as Hugging Face does:
// in float32, 1 / theta^(2i / head_dim).
VLM_HD inline float RotaryInverseFrequency(int i, int head_dim, float theta) {
  return 1.0f / powf(theta, float(2 * i) / float(head_dim));
}

// Rotates one head vector in place for `position` in the "rotate_half" layout: element i pairs
// with element i + head_dim / 2 (not interleaved pairs). The angle is position * inv_freq in
// float32, as HF's cos/sin tables.
VLM_HD inline void RotateHalfInPlace(float* head, int head_dim, int position, float theta) {
  const int half = head_dim / 2;
  for (int i = 0; i < half; ++i) {
    const float angle = float(position) * RotaryInverseFrequency(i, head_dim, theta);
    const float c = cosf(angle), s = sinf(angle);
    const float x1 = head[i], x2 = head[i + half];
    head[i] = x1 * c - x2 * s;
    head[i + half] = x2 * c + x1 * s;
  }
}

// ---------------------------------------------------------------- attention

// Softmax of a row in place, max-subtracted; entries at index >= valid are masked (set to 0),
// which is how causal attention ends a row.
VLM_HD inline void SoftmaxRowInPlace(float* row, int valid, int n) {
  float peak = row[0];
  for (int i = 1; i < valid; ++i) peak = row[i] > peak ? row[i] : peak;
  float sum = 0;
  for (int i = 0; i < valid; ++i) {
    row[i] = expf(row[i] - peak);
    sum += row[i];
  }
  const float inverse = 1.0f / sum;
  for (int i = 0; i < valid; ++i) row[i] *= inverse;
  for (int i = valid; i < n; ++i) row[i] = 0;
}

// Online softmax over keys seen a block at a time (flash attention's recurrence): the running
// maximum and sum of exp(score - maximum). Rescale takes the next block's maximum and returns
// the factor to multiply the sum and the weighted-value accumulator by; the caller then adds
// exp(score - peak) of the block's scores to `sum` and to its accumulator.
struct OnlineSoftmax {
  float peak = -INFINITY;
  float sum = 0;

  VLM_HD float Rescale(float block_peak) {
    if (block_peak <= peak) return 1.0f;
    const float factor = peak == -INFINITY ? 0.0f : expf(peak - block_peak);
    peak = block_peak;
    sum *= factor;
    return factor;
  }
};

// The index of the largest value (the first one on ties), as torch.argmax.
VLM_HD inline int ArgMax(const float* values, int n) {
  int best = 0;
  for (int i = 1; i < n; ++i) best = values[i] > values[best] ? i : best;
  return best;
}

// ---------------------------------------------------------------- image preprocessing

// PIL's bicubic kernel (a = -0.5), support 2.
VLM_HD inline double PilBicubic(double x) {
  constexpr double a = -0.5;
  if (x < 0) x = -x;
  if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
  return 0;
}

// PIL's fixed-point precision for 8-bit resampling: 32 - 8 - 2 bits.
constexpr int kPilPrecisionBits = 22;

// The most taps one output pixel of PIL's bicubic resampling reads, for a scale factor
// (in size / out size).
VLM_HD inline int PilMaxTaps(double scale) {
  const double filter_scale = scale < 1 ? 1 : scale;
  return int(ceil(2.0 * filter_scale)) * 2 + 1;
}

// PIL's resampling window of output index `out` (Resample.c precompute_coeffs with a box of
// the whole input): the first input index, the tap count, and the fixed-point coefficients
// (`taps` must hold PilMaxTaps). The kernel widens with the downscale factor (antialiasing).
VLM_HD inline int PilWindow(int in_size, int out_size, int out, int* first, int32_t* taps) {
  const double scale = double(in_size) / out_size;
  const double filter_scale = scale < 1 ? 1 : scale;
  const double support = 2.0 * filter_scale;
  const double center = (out + 0.5) * scale;
  const double inverse_scale = 1.0 / filter_scale;  // PIL multiplies by it (rounding matters)
  int low = int(center - support + 0.5);
  if (low < 0) low = 0;
  int high = int(center + support + 0.5);
  if (high > in_size) high = in_size;
  const int count = high - low;
  double total = 0;
  for (int i = 0; i < count; ++i) total += PilBicubic((i + low - center + 0.5) * inverse_scale);
  for (int i = 0; i < count; ++i) {
    double w = PilBicubic((i + low - center + 0.5) * inverse_scale);
    if (total != 0) w /= total;
    taps[i] = int32_t(w < 0 ? -0.5 + w * (1 << kPilPrecisionBits) : 0.5 + w * (1 << kPilPrecisionBits));
  }
  *first = low;
  return count;
}

// A fixed-point sum (started at half a unit) back to 8 bits, clamped, as PIL's clip8.
VLM_HD inline uint8_t PilClip8(int32_t sum) {
  const int32_t value = sum >> kPilPrecisionBits;  // arithmetic shift: floor
  return uint8_t(value < 0 ? 0 : value > 255 ? 255 : value);
}

// One output sample of a PIL resampling pass: the taps over `count` inputs `stride` apart.
VLM_HD inline uint8_t PilResampleTap(const uint8_t* input, int stride, const int32_t* taps, int count) {
  int32_t sum = 1 << (kPilPrecisionBits - 1);
  for (int i = 0; i < count; ++i) sum += int32_t(input[i * stride]) * taps[i];
  return PilClip8(sum);
}

// CLIPImageProcessor's rescale (1/255) then normalize, for one 8-bit sample.
// The rescale is in double then rounded, as transformers' rescale() does.
VLM_HD inline float NormalizePixel(uint8_t value, float mean, float std) {
  return (float(double(value) * (1.0 / 255.0)) - mean) / std;
}

// LLaVA's padding colour for a channel mean: int(255 * mean), truncated.
VLM_HD inline uint8_t PadColour(double mean) { return uint8_t(int(mean * 255)); }

}  // namespace spatialgen::vlm
