#pragma once
// The device layer under DeviceEngine: memory and the few dozen operations a LLaVA-1.5 forward
// pass is made of, on rows of activations. CudaDevice (cuda/cuda_device.cu) runs them with
// cuBLAS and its own kernels; HostDevice (host_device.*) runs the same operations with plain
// loops over the shared maths, so the engine's planning (batches, passes, KV cache slots and
// offsets, the splice of image rows) is tested on machines without a GPU.
//
// Element types: activations between operations are float32; the operands of matrix products
// (weights, normalized or activated rows, the KV cache) are in the compute type the device was
// made with (float32, bfloat16 or float16). Products accumulate in float32.
#include <cstddef>
#include <cstdint>
#include <string>

#include "infer/vlm/image_preprocess.h"
#include "infer/vlm/kv_cache.h"
#include "infer/vlm/model_config.h"

namespace spatialgen::vlm {

enum class ComputeType { kFloat32, kBfloat16, kFloat16 };

// "float32", "bfloat16", "float16".
std::string ComputeTypeName(ComputeType type);
// Bytes of one element.
inline int ComputeTypeBytes(ComputeType type) { return type == ComputeType::kFloat32 ? 4 : 2; }

enum class Elem { kF32, kI32, kCompute };

// A range of device memory: `count` elements of `elem`, `elem_bytes` each.
struct DeviceSpan {
  char* base = nullptr;
  size_t count = 0;
  Elem elem = Elem::kF32;
  int elem_bytes = 4;

  DeviceSpan Slice(size_t first, size_t n) const { return {base + first * elem_bytes, n, elem, elem_bytes}; }
  bool empty() const { return count == 0; }
};

// Queries [first_row, first_row + rows) of one sequence whose first query sits at `position`
// in cache slot `slot`; they attend to the slot's keys [0, keys) (causal: query i to
// [0, position + i + 1)). At most kAttentionTileRows rows.
struct AttentionTile {
  int32_t first_row;
  int32_t rows;
  int32_t slot;
  int32_t position;
  int32_t keys;
};
constexpr int kAttentionTileRows = 16;

enum class Activation { kQuickGelu, kGeluErf };

class VlmDevice {
 public:
  virtual ~VlmDevice() = default;
  virtual std::string name() const = 0;
  ComputeType compute() const { return compute_; }

  // Memory. Allocate throws std::runtime_error naming the call and the size when it fails.
  virtual DeviceSpan Allocate(size_t count, Elem elem) = 0;
  virtual void Free(DeviceSpan& span) = 0;
  // Bytes the device could still allocate.
  virtual size_t FreeBytes() const = 0;
  // Host float32 / int32 values into a span (converted to its element type).
  virtual void Upload(const DeviceSpan& to, const float* values, size_t count) = 0;
  virtual void UploadInts(const DeviceSpan& to, const int32_t* values, size_t count) = 0;
  // A float32 or compute span's values as float32; an int32 span's values (waits for the work before).
  virtual void Download(const DeviceSpan& from, float* values, size_t count) = 0;
  virtual void DownloadInts(const DeviceSpan& from, int32_t* values, size_t count) = 0;
  // Uniform values in [-scale, scale] from (seed, index): random weights for benchmarks.
  virtual void FillRandom(const DeviceSpan& to, uint64_t seed, float scale) = 0;

  // y[r, c] (+)= sum_k x[r, k] * w[c, k] (+ bias[c]) for r < rows, c < n; x: compute, w: compute
  // (n x k), bias: float32 or empty, y: float32 with row stride ldy.
  virtual void Gemm(const DeviceSpan& x, int rows, int k, const DeviceSpan& w, int n, const DeviceSpan& bias,
                    const DeviceSpan& y, int ldy, bool accumulate) = 0;
  // RMSNorm of rows of x (float32, n wide) into out (compute). `row_index` (int32, may be
  // empty) picks the input row of each output row.
  virtual void RmsNorm(const DeviceSpan& x, int rows, int n, const DeviceSpan& row_index, const DeviceSpan& weight,
                       float eps, const DeviceSpan& out) = 0;
  // LayerNorm of rows of x (float32) into out (float32 or compute).
  virtual void LayerNorm(const DeviceSpan& x, int rows, int n, const DeviceSpan& weight, const DeviceSpan& bias,
                         float eps, const DeviceSpan& out) = 0;
  // out = activation(in), float32 to compute.
  virtual void Activate(Activation activation, const DeviceSpan& in, size_t count, const DeviceSpan& out) = 0;
  // out[r, i] = silu(gate_up[r, i]) * gate_up[r, width + i]: float32 rows of 2 x width to compute.
  virtual void SwiGlu(const DeviceSpan& gate_up, int rows, int width, const DeviceSpan& out) = 0;
  // Rows of in (float32, n wide) picked by row_index (int32) into out (compute).
  virtual void CastRows(const DeviceSpan& in, int n, const DeviceSpan& row_index, int rows, const DeviceSpan& out) = 0;

  // qkv: float32 rows of [heads | kv_heads | kv_heads] x head_dim. Writes q (rotated when
  // theta > 0) into q_out (compute, rows x heads*head_dim) and k (rotated), v into the cache
  // (compute, `layout`) at (layer, row_slot[r], head, row_position[r]).
  virtual void QkvToCache(const DeviceSpan& qkv, int rows, int heads, const DeviceSpan& row_slot,
                          const DeviceSpan& row_position, float theta, const KvCacheLayout& layout, int layer,
                          const DeviceSpan& k_cache, const DeviceSpan& v_cache, const DeviceSpan& q_out) = 0;
  // Scaled dot-product attention of q (compute rows x heads*head_dim) over the cache, per
  // tile (int32, AttentionTile records); query head h reads kv head h / (heads / kv_heads).
  virtual void Attention(const DeviceSpan& q, int heads, const DeviceSpan& tiles, int tile_count, bool causal,
                         const KvCacheLayout& layout, int layer, const DeviceSpan& k_cache, const DeviceSpan& v_cache,
                         const DeviceSpan& out) = 0;

  // Decoder input rows: source[r] >= 0 is a token id (a row of `table`, compute, vocab x n);
  // source[r] < 0 is row -source[r] - 1 of `images` (float32, n wide). Out: float32.
  virtual void Embed(const DeviceSpan& source, int rows, const DeviceSpan& table, const DeviceSpan& images, int n,
                     const DeviceSpan& out) = 0;
  // Index of each row's largest value (first on ties) into out (int32).
  virtual void ArgMax(const DeviceSpan& logits, int rows, int n, const DeviceSpan& out) = 0;

  // LLaVA's preprocessing of one image into pixels (float32, 3 x crop x crop).
  virtual void Preprocess(const RgbImage& image, const LlavaConfig& config, const DeviceSpan& pixels) = 0;
  // Patches of images (float32, each 3 x side x side) as compute rows of 3 * patch * patch
  // (c, y, x order), images * (side / patch)^2 rows.
  virtual void Patchify(const DeviceSpan& pixels, int images, int side, int patch, const DeviceSpan& out) = 0;
  // out[image, 0] = class + position[0]; out[image, t] = patches[image, t - 1] + position[t];
  // float32 rows `width` wide, `tokens` per image.
  virtual void VisionEmbed(const DeviceSpan& patches, int images, int tokens, int width, const DeviceSpan& class_embedding,
                           const DeviceSpan& position, const DeviceSpan& out) = 0;

  // Waits for the queued work.
  virtual void Synchronize() = 0;

 protected:
  explicit VlmDevice(ComputeType compute) : compute_(compute) {}
  ComputeType compute_;
};

}  // namespace spatialgen::vlm
