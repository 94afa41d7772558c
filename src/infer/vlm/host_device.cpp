#include "infer/vlm/host_device.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

#include "infer/vlm/vlm_maths.h"

namespace spatialgen::vlm {
namespace {

float* F(const DeviceSpan& span) { return reinterpret_cast<float*>(span.base); }
int32_t* I(const DeviceSpan& span) { return reinterpret_cast<int32_t*>(span.base); }

// Keys per block of the attention walk (the CUDA kernel's warp width).
constexpr int kKeyBlock = 32;

}  // namespace

HostDevice::HostDevice(ComputeType compute, size_t memory_bytes) : VlmDevice(compute), memory_bytes_(memory_bytes) {}

HostDevice::~HostDevice() = default;

DeviceSpan HostDevice::Allocate(size_t count, Elem elem) {
  const size_t bytes = std::max<size_t>(count, 1) * 4;
  if (used_bytes_ + bytes > memory_bytes_) {
    throw std::runtime_error("HostDevice::Allocate: " + std::to_string(bytes) + " bytes do not fit");
  }
  char* base = static_cast<char*>(std::calloc(bytes, 1));
  if (!base) throw std::runtime_error("HostDevice::Allocate: calloc failed");
  used_bytes_ += bytes;
  ++live_;
  return {base, count, elem, 4};
}

void HostDevice::Free(DeviceSpan& span) {
  if (!span.base) return;
  std::free(span.base);
  used_bytes_ -= std::max<size_t>(span.count, 1) * 4;
  --live_;
  span = {};
}

size_t HostDevice::FreeBytes() const { return memory_bytes_ - used_bytes_; }

float HostDevice::Store(const DeviceSpan& span, float value) const {
  if (span.elem != Elem::kCompute) return value;
  switch (compute_) {
    case ComputeType::kBfloat16: return RoundToBf16(value);
    case ComputeType::kFloat16: return RoundToFp16(value);
    case ComputeType::kFloat32: break;
  }
  return value;
}

void HostDevice::Upload(const DeviceSpan& to, const float* values, size_t count) {
  for (size_t i = 0; i < count; ++i) F(to)[i] = Store(to, values[i]);
}

void HostDevice::UploadInts(const DeviceSpan& to, const int32_t* values, size_t count) {
  std::memcpy(to.base, values, count * 4);
}

void HostDevice::Download(const DeviceSpan& from, float* values, size_t count) {
  std::memcpy(values, from.base, count * 4);
}

void HostDevice::DownloadInts(const DeviceSpan& from, int32_t* values, size_t count) {
  std::memcpy(values, from.base, count * 4);
}

void HostDevice::FillRandom(const DeviceSpan& to, uint64_t seed, float scale) {
  for (size_t i = 0; i < to.count; ++i) F(to)[i] = Store(to, scale * HashUniform(seed, i));
}

void HostDevice::Gemm(const DeviceSpan& x, int rows, int k, const DeviceSpan& w, int n, const DeviceSpan& bias,
                      const DeviceSpan& y, int ldy, bool accumulate) {
  for (int r = 0; r < rows; ++r) {
    const float* a = F(x) + size_t(r) * k;
    for (int c = 0; c < n; ++c) {
      const float* b = F(w) + size_t(c) * k;
      float sum = 0;
      for (int i = 0; i < k; ++i) sum += a[i] * b[i];
      if (!bias.empty()) sum += F(bias)[c];
      float& out = F(y)[size_t(r) * ldy + c];
      out = accumulate ? out + sum : sum;
    }
  }
}

void HostDevice::RmsNorm(const DeviceSpan& x, int rows, int n, const DeviceSpan& row_index, const DeviceSpan& weight,
                         float eps, const DeviceSpan& out) {
  std::vector<float> row(n);
  for (int r = 0; r < rows; ++r) {
    const int source = row_index.empty() ? r : I(row_index)[r];
    RmsNormRow(F(x) + size_t(source) * n, F(weight), n, eps, row.data());
    for (int i = 0; i < n; ++i) F(out)[size_t(r) * n + i] = Store(out, row[i]);
  }
}

void HostDevice::LayerNorm(const DeviceSpan& x, int rows, int n, const DeviceSpan& weight, const DeviceSpan& bias,
                           float eps, const DeviceSpan& out) {
  std::vector<float> row(n);
  for (int r = 0; r < rows; ++r) {
    LayerNormRow(F(x) + size_t(r) * n, F(weight), F(bias), n, eps, row.data());
    for (int i = 0; i < n; ++i) F(out)[size_t(r) * n + i] = Store(out, row[i]);
  }
}

void HostDevice::Activate(Activation activation, const DeviceSpan& in, size_t count, const DeviceSpan& out) {
  for (size_t i = 0; i < count; ++i) {
    const float v = F(in)[i];
    F(out)[i] = Store(out, activation == Activation::kQuickGelu ? QuickGelu(v) : GeluErf(v));
  }
}

void HostDevice::SwiGlu(const DeviceSpan& gate_up, int rows, int width, const DeviceSpan& out) {
  for (int r = 0; r < rows; ++r) {
    const float* row = F(gate_up) + size_t(r) * 2 * width;
    for (int i = 0; i < width; ++i) F(out)[size_t(r) * width + i] = Store(out, vlm::SwiGlu(row[i], row[width + i]));
  }
}

void HostDevice::CastRows(const DeviceSpan& in, int n, const DeviceSpan& row_index, int rows, const DeviceSpan& out) {
  for (int r = 0; r < rows; ++r) {
    const float* row = F(in) + size_t(I(row_index)[r]) * n;
    for (int i = 0; i < n; ++i) F(out)[size_t(r) * n + i] = Store(out, row[i]);
  }
}

void HostDevice::QkvToCache(const DeviceSpan& qkv, int rows, int heads, const DeviceSpan& row_slot,
                            const DeviceSpan& row_position, float theta, const KvCacheLayout& layout, int layer,
                            const DeviceSpan& k_cache, const DeviceSpan& v_cache, const DeviceSpan& q_out) {
  const int hd = layout.head_dim, kv = layout.kv_heads, width = (heads + 2 * kv) * hd;
  std::vector<float> head(hd);
  for (int r = 0; r < rows; ++r) {
    const float* row = F(qkv) + size_t(r) * width;
    const int slot = I(row_slot)[r], position = I(row_position)[r];
    for (int h = 0; h < heads + kv; ++h) {
      std::copy_n(row + size_t(h) * hd, hd, head.data());
      if (theta > 0) RotateHalfInPlace(head.data(), hd, position, theta);
      float* to = h < heads ? F(q_out) + size_t(r) * heads * hd + size_t(h) * hd
                            : F(k_cache) + layout.Offset(layer, slot, h - heads, position);
      for (int i = 0; i < hd; ++i) to[i] = Store(q_out, head[i]);
    }
    for (int h = 0; h < kv; ++h) {
      const float* value = row + size_t(heads + kv + h) * hd;
      float* to = F(v_cache) + layout.Offset(layer, slot, h, position);
      for (int i = 0; i < hd; ++i) to[i] = Store(v_cache, value[i]);
    }
  }
}

void HostDevice::Attention(const DeviceSpan& q, int heads, const DeviceSpan& tiles, int tile_count, bool causal,
                           const KvCacheLayout& layout, int layer, const DeviceSpan& k_cache,
                           const DeviceSpan& v_cache, const DeviceSpan& out) {
  const int hd = layout.head_dim, group = heads / layout.kv_heads;
  const float scale = 1.0f / std::sqrt(float(hd));
  std::vector<float> accumulator(hd);
  float scores[kKeyBlock];
  for (int t = 0; t < tile_count; ++t) {
    AttentionTile tile;
    std::memcpy(&tile, I(tiles) + 5 * t, sizeof tile);
    for (int h = 0; h < heads; ++h) {
      const float* keys = F(k_cache) + layout.Offset(layer, tile.slot, h / group, 0);
      const float* values = F(v_cache) + layout.Offset(layer, tile.slot, h / group, 0);
      for (int i = 0; i < tile.rows; ++i) {
        const int row = tile.first_row + i;
        const float* query = F(q) + (size_t(row) * heads + h) * hd;
        const int visible = causal ? tile.position + i + 1 : tile.keys;
        OnlineSoftmax softmax;
        std::fill(accumulator.begin(), accumulator.end(), 0.0f);
        for (int first = 0; first < visible; first += kKeyBlock) {
          const int count = std::min(kKeyBlock, visible - first);
          float block_peak = -INFINITY;
          for (int j = 0; j < count; ++j) {
            float dot = 0;
            for (int d = 0; d < hd; ++d) dot += query[d] * keys[size_t(first + j) * hd + d];
            scores[j] = dot * scale;
            block_peak = std::max(block_peak, scores[j]);
          }
          const float factor = softmax.Rescale(block_peak);
          for (float& a : accumulator) a *= factor;
          for (int j = 0; j < count; ++j) {
            const float weight = std::exp(scores[j] - softmax.peak);
            softmax.sum += weight;
            for (int d = 0; d < hd; ++d) accumulator[d] += weight * values[size_t(first + j) * hd + d];
          }
        }
        float* to = F(out) + (size_t(row) * heads + h) * hd;
        for (int d = 0; d < hd; ++d) to[d] = Store(out, accumulator[d] / softmax.sum);
      }
    }
  }
}

void HostDevice::Embed(const DeviceSpan& source, int rows, const DeviceSpan& table, const DeviceSpan& images, int n,
                       const DeviceSpan& out) {
  for (int r = 0; r < rows; ++r) {
    const int s = I(source)[r];
    const float* from = s >= 0 ? F(table) + size_t(s) * n : F(images) + size_t(-s - 1) * n;
    std::copy_n(from, n, F(out) + size_t(r) * n);
  }
}

void HostDevice::ArgMax(const DeviceSpan& logits, int rows, int n, const DeviceSpan& out) {
  for (int r = 0; r < rows; ++r) I(out)[r] = vlm::ArgMax(F(logits) + size_t(r) * n, n);
}

void HostDevice::Preprocess(const RgbImage& image, const LlavaConfig& config, const DeviceSpan& pixels) {
  const std::vector<float> chw = PreprocessImage(image, config);
  if (chw.size() > pixels.count) throw std::invalid_argument("HostDevice::Preprocess: pixel span too small");
  std::copy(chw.begin(), chw.end(), F(pixels));
}

void HostDevice::Patchify(const DeviceSpan& pixels, int images, int side, int patch, const DeviceSpan& out) {
  const int per_side = side / patch, patches = per_side * per_side, width = 3 * patch * patch;
  for (int row = 0; row < images * patches; ++row) {
    const int image = row / patches, index = row % patches;
    const int top = (index / per_side) * patch, left = (index % per_side) * patch;
    for (int i = 0; i < width; ++i) {
      const int c = i / (patch * patch), y = (i / patch) % patch, x = i % patch;
      const float value = F(pixels)[((size_t(image) * 3 + c) * side + top + y) * side + left + x];
      F(out)[size_t(row) * width + i] = Store(out, value);
    }
  }
}

void HostDevice::VisionEmbed(const DeviceSpan& patches, int images, int tokens, int width,
                             const DeviceSpan& class_embedding, const DeviceSpan& position, const DeviceSpan& out) {
  for (int row = 0; row < images * tokens; ++row) {
    const int image = row / tokens, token = row % tokens;
    const float* from = token == 0 ? F(class_embedding) : F(patches) + size_t(image * (tokens - 1) + token - 1) * width;
    for (int i = 0; i < width; ++i) F(out)[size_t(row) * width + i] = from[i] + F(position)[size_t(token) * width + i];
  }
}

}  // namespace spatialgen::vlm
