// The CUDA device layer: kernels for every operation but the matrix products (cuBLAS), each
// calling the shared maths of vlm_maths.h. One translation unit, to keep nvcc's work small.
#include "infer/vlm/cuda/cuda_device.h"

#include <cublas_v2.h>
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "infer/vlm/vlm_maths.h"

namespace spatialgen::vlm {
namespace {

// ------------------------------------------------------------------ errors

void Check(cudaError_t status, const char* call) {
  if (status != cudaSuccess) {
    throw std::runtime_error(std::string(call) + " failed: " + cudaGetErrorName(status) + " (" +
                             cudaGetErrorString(status) + ")");
  }
}

void Check(cublasStatus_t status, const char* call) {
  if (status != CUBLAS_STATUS_SUCCESS) {
    throw std::runtime_error(std::string(call) + " failed: " + cublasGetStatusName(status) + " (" +
                             cublasGetStatusString(status) + ")");
  }
}

#define CUDA_CHECK(call) Check((call), #call)
// After a launch: a bad configuration shows now; a fault in the kernel at the next synchronizing call.
#define LAUNCH_CHECK(kernel) Check(cudaGetLastError(), "launch of " kernel)

// ------------------------------------------------------------------ element types

__device__ inline float ToFloat(float v) { return v; }
__device__ inline float ToFloat(__nv_bfloat16 v) { return __bfloat162float(v); }
__device__ inline float ToFloat(__half v) { return __half2float(v); }

template <typename T>
__device__ inline T FromFloat(float v);
template <>
__device__ inline float FromFloat<float>(float v) { return v; }
template <>
__device__ inline __nv_bfloat16 FromFloat<__nv_bfloat16>(float v) { return __float2bfloat16_rn(v); }
template <>
__device__ inline __half FromFloat<__half>(float v) { return __float2half_rn(v); }

// Calls f with a value of the compute type's C++ type.
template <typename F>
void WithCompute(ComputeType compute, F f) {
  switch (compute) {
    case ComputeType::kFloat32: f(float{}); return;
    case ComputeType::kBfloat16: f(__nv_bfloat16{}); return;
    case ComputeType::kFloat16: f(__half{}); return;
  }
}

template <typename T>
T* As(const DeviceSpan& span) {
  return reinterpret_cast<T*>(span.base);
}

constexpr int kThreads = 256;

unsigned Blocks(size_t count) { return unsigned((count + kThreads - 1) / kThreads); }

// ------------------------------------------------------------------ reductions

__device__ inline float WarpSum(float v) {
  for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_xor_sync(0xffffffffu, v, offset);
  return v;
}

__device__ inline float WarpMax(float v) {
  for (int offset = 16; offset > 0; offset >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, offset));
  return v;
}

// The sum over the block (every thread gets it); blockDim.x a multiple of 32, at most 1024.
__device__ float BlockSum(float v) {
  __shared__ float partial[32];
  v = WarpSum(v);
  const int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
  __syncthreads();  // an earlier call's readers are done with `partial`
  if (lane == 0) partial[warp] = v;
  __syncthreads();
  v = lane < int(blockDim.x / 32) ? partial[lane] : 0.0f;
  return WarpSum(v);
}

// ------------------------------------------------------------------ kernels

template <typename O>
__global__ void ConvertKernel(const float* in, size_t count, O* out) {
  const size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < count) out[i] = FromFloat<O>(in[i]);
}

template <typename T>
__global__ void ToFloatKernel(const T* in, size_t count, float* out) {
  const size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < count) out[i] = ToFloat(in[i]);
}

template <typename O>
__global__ void FillRandomKernel(O* out, size_t count, uint64_t seed, float scale) {
  const size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < count) out[i] = FromFloat<O>(scale * HashUniform(seed, i));
}

__global__ void AddBiasKernel(float* y, int rows, int n, int ldy, const float* bias) {
  const size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= size_t(rows) * n) return;
  const size_t r = i / n, c = i % n;
  y[r * ldy + c] += bias[c];
}

// One block per output row.
template <typename T>
__global__ void RmsNormKernel(const float* x, int n, const int32_t* row_index, const float* weight, float eps, T* out) {
  const int row = row_index ? row_index[blockIdx.x] : int(blockIdx.x);
  const float* in = x + size_t(row) * n;
  float sum = 0;
  for (int i = threadIdx.x; i < n; i += blockDim.x) sum += in[i] * in[i];
  const float inverse = RmsInverse(BlockSum(sum), n, eps);
  T* to = out + size_t(blockIdx.x) * n;
  for (int i = threadIdx.x; i < n; i += blockDim.x) to[i] = FromFloat<T>(weight[i] * (in[i] * inverse));
}

template <typename O>
__global__ void LayerNormKernel(const float* x, int n, const float* weight, const float* bias, float eps, O* out) {
  const float* in = x + size_t(blockIdx.x) * n;
  float sum = 0;
  for (int i = threadIdx.x; i < n; i += blockDim.x) sum += in[i];
  sum = BlockSum(sum);
  const float mean = sum / float(n);
  float deviation = 0;
  for (int i = threadIdx.x; i < n; i += blockDim.x) deviation += (in[i] - mean) * (in[i] - mean);
  const LayerNormStats stats = LayerNormFinish(sum, BlockSum(deviation), n, eps);
  O* to = out + size_t(blockIdx.x) * n;
  for (int i = threadIdx.x; i < n; i += blockDim.x) {
    to[i] = FromFloat<O>((in[i] - stats.mean) * stats.inverse_std * weight[i] + bias[i]);
  }
}

template <typename T>
__global__ void ActivateKernel(bool quick_gelu, const float* in, size_t count, T* out) {
  const size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < count) out[i] = FromFloat<T>(quick_gelu ? QuickGelu(in[i]) : GeluErf(in[i]));
}

template <typename T>
__global__ void SwiGluKernel(const float* gate_up, int rows, int width, T* out) {
  const size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= size_t(rows) * width) return;
  const size_t r = i / width, c = i % width;
  const float* row = gate_up + r * 2 * width;
  out[i] = FromFloat<T>(SwiGlu(row[c], row[width + c]));
}

template <typename T>
__global__ void CastRowsKernel(const float* in, int n, const int32_t* row_index, int rows, T* out) {
  const size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= size_t(rows) * n) return;
  const size_t r = i / n, c = i % n;
  out[i] = FromFloat<T>(in[size_t(row_index[r]) * n + c]);
}

// One thread per element of a qkv row: rotary embedding (rotate-half pairs) for q and k.
template <typename T>
__global__ void QkvToCacheKernel(const float* qkv, int rows, int heads, const int32_t* row_slot,
                                 const int32_t* row_position, float theta, KvCacheLayout layout, int layer,
                                 T* k_cache, T* v_cache, T* q_out) {
  const int hd = layout.head_dim, kv = layout.kv_heads, width = (heads + 2 * kv) * hd;
  const size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= size_t(rows) * width) return;
  const int r = int(i / width), column = int(i % width), head = column / hd, d = column % hd;
  const float* row = qkv + size_t(r) * width;
  const int slot = row_slot[r], position = row_position[r];
  float value = row[column];
  if (head < heads + kv && theta > 0) {
    const int half = hd / 2, pair = d % half;
    const float angle = float(position) * RotaryInverseFrequency(pair, hd, theta);
    const float c = cosf(angle), s = sinf(angle);
    value = d < half ? value * c - row[column + half] * s : value * c + row[column - half] * s;
  }
  if (head < heads) {
    q_out[size_t(r) * heads * hd + column] = FromFloat<T>(value);
  } else if (head < heads + kv) {
    k_cache[layout.Offset(layer, slot, head - heads, position) + d] = FromFloat<T>(value);
  } else {
    v_cache[layout.Offset(layer, slot, head - heads - kv, position) + d] = FromFloat<T>(value);
  }
}

// Attention: one block of 4 warps per (tile, head); each warp owns 4 of the tile's queries.
// Keys and values stream through shared memory 32 at a time (lane j scores key j), with the
// online softmax; each lane accumulates head dims lane, lane + 32, ... (kDims of them).
constexpr int kAttentionWarps = 4;
constexpr int kQueriesPerWarp = kAttentionTileRows / kAttentionWarps;
constexpr int kKeyBlock = 32;

size_t AttentionSharedBytes(int head_dim) {
  return size_t(kKeyBlock * (head_dim + 1) + kKeyBlock * head_dim + kAttentionTileRows * head_dim) * sizeof(float);
}

template <typename T, int kDims>
__global__ void __launch_bounds__(kAttentionWarps * 32)
    AttentionKernel(const T* q, int heads, const AttentionTile* tiles, bool causal, KvCacheLayout layout, int layer,
                    const T* k_cache, const T* v_cache, T* out, float scale) {
  extern __shared__ float shared[];
  const int hd = layout.head_dim;
  float* keys = shared;                         // kKeyBlock x (hd + 1): padded, no bank conflicts
  float* values = keys + kKeyBlock * (hd + 1);  // kKeyBlock x hd
  float* queries = values + kKeyBlock * hd;     // kAttentionTileRows x hd
  const AttentionTile tile = tiles[blockIdx.x];
  const int head = blockIdx.y, kv_head = head / (heads / layout.kv_heads);
  const int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
  for (int i = threadIdx.x; i < tile.rows * hd; i += blockDim.x) {
    const int r = i / hd, d = i % hd;
    queries[i] = ToFloat(q[(size_t(tile.first_row + r) * heads + head) * hd + d]);
  }
  const T* key_base = k_cache + layout.Offset(layer, tile.slot, kv_head, 0);
  const T* value_base = v_cache + layout.Offset(layer, tile.slot, kv_head, 0);
  OnlineSoftmax softmax[kQueriesPerWarp];
  float accumulator[kQueriesPerWarp][kDims];
#pragma unroll
  for (int qi = 0; qi < kQueriesPerWarp; ++qi) {
#pragma unroll
    for (int e = 0; e < kDims; ++e) accumulator[qi][e] = 0.0f;
  }
  for (int first = 0; first < tile.keys; first += kKeyBlock) {
    const int count = min(kKeyBlock, tile.keys - first);
    __syncthreads();  // the last block's readers are done (and the queries are in)
    for (int i = threadIdx.x; i < count * hd; i += blockDim.x) {
      const int j = i / hd, d = i % hd;
      keys[j * (hd + 1) + d] = ToFloat(key_base[size_t(first + j) * hd + d]);
      values[j * hd + d] = ToFloat(value_base[size_t(first + j) * hd + d]);
    }
    __syncthreads();
#pragma unroll
    for (int qi = 0; qi < kQueriesPerWarp; ++qi) {
      const int r = warp * kQueriesPerWarp + qi;
      if (r >= tile.rows) break;  // uniform across the warp
      const int visible = causal ? tile.position + r + 1 : tile.keys;
      float score = -INFINITY;
      if (lane < count && first + lane < visible) {
        const float* query = queries + r * hd;
        const float* key = keys + lane * (hd + 1);
        float dot = 0;
        for (int d = 0; d < hd; ++d) dot += query[d] * key[d];
        score = dot * scale;
      }
      const float block_peak = WarpMax(score);
      if (block_peak == -INFINITY) continue;  // every key of the block masked for this query
      const float factor = softmax[qi].Rescale(block_peak);
      const float weight = score == -INFINITY ? 0.0f : expf(score - softmax[qi].peak);
      softmax[qi].sum += WarpSum(weight);
#pragma unroll
      for (int e = 0; e < kDims; ++e) accumulator[qi][e] *= factor;
      for (int j = 0; j < count; ++j) {
        const float w = __shfl_sync(0xffffffffu, weight, j);
#pragma unroll
        for (int e = 0; e < kDims; ++e) {
          const int d = lane + 32 * e;
          if (d < hd) accumulator[qi][e] += w * values[j * hd + d];
        }
      }
    }
  }
#pragma unroll
  for (int qi = 0; qi < kQueriesPerWarp; ++qi) {
    const int r = warp * kQueriesPerWarp + qi;
    if (r >= tile.rows) break;
    T* to = out + (size_t(tile.first_row + r) * heads + head) * hd;
#pragma unroll
    for (int e = 0; e < kDims; ++e) {
      const int d = lane + 32 * e;
      if (d < hd) to[d] = FromFloat<T>(accumulator[qi][e] / softmax[qi].sum);
    }
  }
}

template <typename T>
__global__ void EmbedKernel(const int32_t* source, int rows, const T* table, const float* images, int n, float* out) {
  const size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= size_t(rows) * n) return;
  const size_t r = i / n, c = i % n;
  const int s = source[r];
  out[i] = s >= 0 ? ToFloat(table[size_t(s) * n + c]) : images[size_t(-s - 1) * n + c];
}

// One block per row: the largest value, the first index on ties (torch.argmax).
__global__ void ArgMaxKernel(const float* logits, int n, int32_t* out) {
  __shared__ float best_value[kThreads];
  __shared__ int best_index[kThreads];
  const float* row = logits + size_t(blockIdx.x) * n;
  float value = -INFINITY;
  int index = INT_MAX;
  for (int i = threadIdx.x; i < n; i += blockDim.x) {
    if (row[i] > value || (row[i] == value && index == INT_MAX)) {
      value = row[i];
      index = i;
    }
  }
  best_value[threadIdx.x] = value;
  best_index[threadIdx.x] = index;
  __syncthreads();
  for (int stride = blockDim.x / 2; stride > 0; stride >>= 1) {
    if (int(threadIdx.x) < stride) {
      const float other = best_value[threadIdx.x + stride];
      const int other_index = best_index[threadIdx.x + stride];
      if (other > best_value[threadIdx.x] ||
          (other == best_value[threadIdx.x] && other_index < best_index[threadIdx.x])) {
        best_value[threadIdx.x] = other;
        best_index[threadIdx.x] = other_index;
      }
    }
    __syncthreads();
  }
  if (threadIdx.x == 0) out[blockIdx.x] = best_index[0] == INT_MAX ? 0 : best_index[0];
}

// expand2square: the image pasted on a square of the padding colour.
__global__ void PadKernel(const uint8_t* in, int width, int height, int side, int left, int top, uchar3 colour,
                          uint8_t* out) {
  const size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= size_t(side) * side * 3) return;
  const int c = int(i % 3), x = int(i / 3 % side), y = int(i / 3 / side);
  const int sx = x - left, sy = y - top;
  const uint8_t fill = c == 0 ? colour.x : c == 1 ? colour.y : colour.z;
  out[i] = sx >= 0 && sx < width && sy >= 0 && sy < height ? in[(size_t(sy) * width + sx) * 3 + c] : fill;
}

// One PIL pass: out index o along the resized axis reads taps `stride` bytes apart from
// in + first[o] * step. Horizontal: step 3, stride 3; vertical: step = stride = row bytes.
__global__ void ResampleKernel(const uint8_t* in, int in_row_bytes, bool horizontal, int out_width, int out_height,
                               const int32_t* first, const int32_t* count, const int32_t* taps, int max_taps,
                               uint8_t* out) {
  const size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= size_t(out_width) * out_height * 3) return;
  const int c = int(i % 3), x = int(i / 3 % out_width), y = int(i / 3 / out_width);
  if (horizontal) {
    const uint8_t* start = in + size_t(y) * in_row_bytes + size_t(first[x]) * 3 + c;
    out[i] = PilResampleTap(start, 3, taps + size_t(x) * max_taps, count[x]);
  } else {
    const uint8_t* start = in + size_t(first[y]) * in_row_bytes + size_t(x) * 3 + c;
    out[i] = PilResampleTap(start, in_row_bytes, taps + size_t(y) * max_taps, count[y]);
  }
}

struct Normalization {
  float mean[3], std[3];
  bool normalize;
};

__global__ void CropNormalizeKernel(const uint8_t* in, int width, int left, int top, int crop_width, int crop_height,
                                    Normalization n, float* out) {
  const size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= size_t(3) * crop_width * crop_height) return;
  const int x = int(i % crop_width), y = int(i / crop_width % crop_height), c = int(i / crop_width / crop_height);
  const uint8_t value = in[(size_t(y + top) * width + x + left) * 3 + c];
  out[i] = n.normalize ? NormalizePixel(value, n.mean[c], n.std[c]) : float(double(value) * (1.0 / 255.0));
}

template <typename T>
__global__ void PatchifyKernel(const float* pixels, int images, int side, int patch, T* out) {
  const int per_side = side / patch, patches = per_side * per_side, width = 3 * patch * patch;
  const size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= size_t(images) * patches * width) return;
  const int row = int(i / width), k = int(i % width);
  const int image = row / patches, index = row % patches;
  const int c = k / (patch * patch), y = (k / patch) % patch, x = k % patch;
  const int top = (index / per_side) * patch, left = (index % per_side) * patch;
  out[i] = FromFloat<T>(pixels[((size_t(image) * 3 + c) * side + top + y) * side + left + x]);
}

__global__ void VisionEmbedKernel(const float* patches, int images, int tokens, int width, const float* class_embedding,
                                  const float* position, float* out) {
  const size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= size_t(images) * tokens * width) return;
  const int row = int(i / width), c = int(i % width), image = row / tokens, token = row % tokens;
  const float from = token == 0 ? class_embedding[c] : patches[size_t(image * (tokens - 1) + token - 1) * width + c];
  out[i] = from + position[size_t(token) * width + c];
}

// ------------------------------------------------------------------ the device

cudaDataType_t CudaType(ComputeType compute) {
  switch (compute) {
    case ComputeType::kBfloat16: return CUDA_R_16BF;
    case ComputeType::kFloat16: return CUDA_R_16F;
    case ComputeType::kFloat32: break;
  }
  return CUDA_R_32F;
}

// Device memory reused between calls, grown as needed.
class Scratch {
 public:
  ~Scratch() {
    if (data_) cudaFree(data_);
  }
  void* Get(size_t bytes) {
    if (bytes > bytes_) {
      if (data_) CUDA_CHECK(cudaFree(data_));
      data_ = nullptr;
      bytes_ = 0;
      CUDA_CHECK(cudaMalloc(&data_, bytes));
      bytes_ = bytes;
    }
    return data_;
  }

 private:
  void* data_ = nullptr;
  size_t bytes_ = 0;
};

class CudaDevice : public VlmDevice {
 public:
  explicit CudaDevice(ComputeType compute) : VlmDevice(compute) {
    if (CudaDeviceCount() < 1) throw std::runtime_error("no CUDA device: cudaGetDeviceCount found none");
    CUDA_CHECK(cudaSetDevice(0));
    CUDA_CHECK(cublasCreate(&cublas_));
    // Attention's shared memory: above 48 KiB only after raising the kernel's limit.
    const size_t shared = AttentionSharedBytes(128);
    WithCompute(compute_, [&](auto zero) {
      using T = decltype(zero);
      CUDA_CHECK(cudaFuncSetAttribute(AttentionKernel<T, 4>, cudaFuncAttributeMaxDynamicSharedMemorySize, int(shared)));
    });
  }
  ~CudaDevice() override {
    if (cublas_) cublasDestroy(cublas_);
  }

  std::string name() const override { return "cuda"; }

  DeviceSpan Allocate(size_t count, Elem elem) override {
    const int bytes = elem == Elem::kCompute ? ComputeTypeBytes(compute_) : 4;
    void* data = nullptr;
    const cudaError_t status = cudaMalloc(&data, std::max<size_t>(count, 1) * bytes);
    if (status != cudaSuccess) {
      cudaGetLastError();
      throw std::runtime_error("cudaMalloc(" + std::to_string(std::max<size_t>(count, 1) * bytes) +
                               " bytes) failed: " + cudaGetErrorName(status) + " (" + cudaGetErrorString(status) +
                               "); " + std::to_string(FreeBytes()) + " bytes free");
    }
    return {static_cast<char*>(data), count, elem, bytes};
  }

  void Free(DeviceSpan& span) override {
    if (span.base) CUDA_CHECK(cudaFree(span.base));
    span = {};
  }

  size_t FreeBytes() const override {
    size_t free = 0, total = 0;
    CUDA_CHECK(cudaMemGetInfo(&free, &total));
    return free;
  }

  void Upload(const DeviceSpan& to, const float* values, size_t count) override {
    if (to.elem_bytes == 4) {
      CUDA_CHECK(cudaMemcpy(to.base, values, count * 4, cudaMemcpyHostToDevice));
      return;
    }
    // Through a float32 staging buffer, a block at a time, converted on the device.
    constexpr size_t kBlock = size_t(16) << 20;
    float* staging = static_cast<float*>(staging_.Get(std::min(count, kBlock) * 4));
    for (size_t first = 0; first < count; first += kBlock) {
      const size_t n = std::min(kBlock, count - first);
      CUDA_CHECK(cudaMemcpy(staging, values + first, n * 4, cudaMemcpyHostToDevice));
      WithCompute(compute_, [&](auto zero) {
        using T = decltype(zero);
        ConvertKernel<T><<<Blocks(n), kThreads>>>(staging, n, As<T>(to) + first);
      });
      LAUNCH_CHECK("ConvertKernel");
    }
  }

  void UploadInts(const DeviceSpan& to, const int32_t* values, size_t count) override {
    CUDA_CHECK(cudaMemcpy(to.base, values, count * 4, cudaMemcpyHostToDevice));
  }

  void Download(const DeviceSpan& from, float* values, size_t count) override {
    if (from.elem_bytes == 4) {
      CUDA_CHECK(cudaMemcpy(values, from.base, count * 4, cudaMemcpyDeviceToHost));
      return;
    }
    float* staging = static_cast<float*>(staging_.Get(count * 4));
    WithCompute(compute_, [&](auto zero) {
      using T = decltype(zero);
      ToFloatKernel<T><<<Blocks(count), kThreads>>>(As<T>(from), count, staging);
    });
    LAUNCH_CHECK("ToFloatKernel");
    CUDA_CHECK(cudaMemcpy(values, staging, count * 4, cudaMemcpyDeviceToHost));
  }

  void DownloadInts(const DeviceSpan& from, int32_t* values, size_t count) override {
    CUDA_CHECK(cudaMemcpy(values, from.base, count * 4, cudaMemcpyDeviceToHost));
  }

  void FillRandom(const DeviceSpan& to, uint64_t seed, float scale) override {
    if (to.elem == Elem::kF32) {
      FillRandomKernel<float><<<Blocks(to.count), kThreads>>>(As<float>(to), to.count, seed, scale);
    } else {
      WithCompute(compute_, [&](auto zero) {
        using T = decltype(zero);
        FillRandomKernel<T><<<Blocks(to.count), kThreads>>>(As<T>(to), to.count, seed, scale);
      });
    }
    LAUNCH_CHECK("FillRandomKernel");
  }

  void Gemm(const DeviceSpan& x, int rows, int k, const DeviceSpan& w, int n, const DeviceSpan& bias,
            const DeviceSpan& y, int ldy, bool accumulate) override {
    if (rows == 0) return;
    // Row-major y = x w^T is column-major y^T = w^T(as stored: k x n, transposed) x^T.
    const float alpha = 1.0f, beta = accumulate ? 1.0f : 0.0f;
    const cudaDataType_t type = CudaType(compute_);
    const cublasComputeType_t compute =
        compute_ == ComputeType::kFloat32 ? CUBLAS_COMPUTE_32F_PEDANTIC : CUBLAS_COMPUTE_32F;
    CUDA_CHECK(cublasGemmEx(cublas_, CUBLAS_OP_T, CUBLAS_OP_N, n, rows, k, &alpha, w.base, type, k, x.base, type, k,
                            &beta, y.base, CUDA_R_32F, ldy, compute, CUBLAS_GEMM_DEFAULT));
    if (!bias.empty()) {
      AddBiasKernel<<<Blocks(size_t(rows) * n), kThreads>>>(As<float>(y), rows, n, ldy, As<float>(bias));
      LAUNCH_CHECK("AddBiasKernel");
    }
  }

  void RmsNorm(const DeviceSpan& x, int rows, int n, const DeviceSpan& row_index, const DeviceSpan& weight, float eps,
               const DeviceSpan& out) override {
    if (rows == 0) return;
    WithCompute(compute_, [&](auto zero) {
      using T = decltype(zero);
      RmsNormKernel<T><<<rows, kThreads>>>(As<float>(x), n, row_index.empty() ? nullptr : As<int32_t>(row_index),
                                           As<float>(weight), eps, As<T>(out));
    });
    LAUNCH_CHECK("RmsNormKernel");
  }

  void LayerNorm(const DeviceSpan& x, int rows, int n, const DeviceSpan& weight, const DeviceSpan& bias, float eps,
                 const DeviceSpan& out) override {
    if (rows == 0) return;
    if (out.elem == Elem::kF32) {
      LayerNormKernel<float><<<rows, kThreads>>>(As<float>(x), n, As<float>(weight), As<float>(bias), eps,
                                                 As<float>(out));
    } else {
      WithCompute(compute_, [&](auto zero) {
        using T = decltype(zero);
        LayerNormKernel<T><<<rows, kThreads>>>(As<float>(x), n, As<float>(weight), As<float>(bias), eps, As<T>(out));
      });
    }
    LAUNCH_CHECK("LayerNormKernel");
  }

  void Activate(Activation activation, const DeviceSpan& in, size_t count, const DeviceSpan& out) override {
    if (count == 0) return;
    WithCompute(compute_, [&](auto zero) {
      using T = decltype(zero);
      ActivateKernel<T><<<Blocks(count), kThreads>>>(activation == Activation::kQuickGelu, As<float>(in), count,
                                                     As<T>(out));
    });
    LAUNCH_CHECK("ActivateKernel");
  }

  void SwiGlu(const DeviceSpan& gate_up, int rows, int width, const DeviceSpan& out) override {
    if (rows == 0) return;
    WithCompute(compute_, [&](auto zero) {
      using T = decltype(zero);
      SwiGluKernel<T><<<Blocks(size_t(rows) * width), kThreads>>>(As<float>(gate_up), rows, width, As<T>(out));
    });
    LAUNCH_CHECK("SwiGluKernel");
  }

  void CastRows(const DeviceSpan& in, int n, const DeviceSpan& row_index, int rows, const DeviceSpan& out) override {
    if (rows == 0) return;
    WithCompute(compute_, [&](auto zero) {
      using T = decltype(zero);
      CastRowsKernel<T><<<Blocks(size_t(rows) * n), kThreads>>>(As<float>(in), n, As<int32_t>(row_index), rows,
                                                                 As<T>(out));
    });
    LAUNCH_CHECK("CastRowsKernel");
  }

  void QkvToCache(const DeviceSpan& qkv, int rows, int heads, const DeviceSpan& row_slot,
                  const DeviceSpan& row_position, float theta, const KvCacheLayout& layout, int layer,
                  const DeviceSpan& k_cache, const DeviceSpan& v_cache, const DeviceSpan& q_out) override {
    if (rows == 0) return;
    const size_t count = size_t(rows) * (heads + 2 * layout.kv_heads) * layout.head_dim;
    WithCompute(compute_, [&](auto zero) {
      using T = decltype(zero);
      QkvToCacheKernel<T><<<Blocks(count), kThreads>>>(As<float>(qkv), rows, heads, As<int32_t>(row_slot),
                                                       As<int32_t>(row_position), theta, layout, layer,
                                                       As<T>(k_cache), As<T>(v_cache), As<T>(q_out));
    });
    LAUNCH_CHECK("QkvToCacheKernel");
  }

  void Attention(const DeviceSpan& q, int heads, const DeviceSpan& tiles, int tile_count, bool causal,
                 const KvCacheLayout& layout, int layer, const DeviceSpan& k_cache, const DeviceSpan& v_cache,
                 const DeviceSpan& out) override {
    if (tile_count == 0) return;
    const int hd = layout.head_dim;
    if (hd > 128 || heads % layout.kv_heads != 0) throw std::invalid_argument("Attention: head_dim above 128");
    const dim3 grid{unsigned(tile_count), unsigned(heads), 1u};
    const size_t shared = AttentionSharedBytes(hd);
    const float scale = 1.0f / sqrtf(float(hd));
    const auto* tile_records = reinterpret_cast<const AttentionTile*>(tiles.base);
    WithCompute(compute_, [&](auto zero) {
      using T = decltype(zero);
      const T* qp = As<T>(q);
      const T* kp = As<T>(k_cache);
      const T* vp = As<T>(v_cache);
      T* op = As<T>(out);
      if (hd <= 32) {
        AttentionKernel<T, 1><<<grid, kAttentionWarps * 32, shared>>>(qp, heads, tile_records, causal, layout, layer,
                                                                      kp, vp, op, scale);
      } else if (hd <= 64) {
        AttentionKernel<T, 2><<<grid, kAttentionWarps * 32, shared>>>(qp, heads, tile_records, causal, layout, layer,
                                                                      kp, vp, op, scale);
      } else {
        AttentionKernel<T, 4><<<grid, kAttentionWarps * 32, shared>>>(qp, heads, tile_records, causal, layout, layer,
                                                                      kp, vp, op, scale);
      }
    });
    LAUNCH_CHECK("AttentionKernel");
  }

  void Embed(const DeviceSpan& source, int rows, const DeviceSpan& table, const DeviceSpan& images, int n,
             const DeviceSpan& out) override {
    if (rows == 0) return;
    WithCompute(compute_, [&](auto zero) {
      using T = decltype(zero);
      EmbedKernel<T><<<Blocks(size_t(rows) * n), kThreads>>>(As<int32_t>(source), rows, As<T>(table),
                                                             As<float>(images), n, As<float>(out));
    });
    LAUNCH_CHECK("EmbedKernel");
  }

  void ArgMax(const DeviceSpan& logits, int rows, int n, const DeviceSpan& out) override {
    if (rows == 0) return;
    ArgMaxKernel<<<rows, kThreads>>>(As<float>(logits), n, As<int32_t>(out));
    LAUNCH_CHECK("ArgMaxKernel");
  }

  void Preprocess(const RgbImage& image, const LlavaConfig& config, const DeviceSpan& pixels) override {
    const PreprocessGeometry g = PlanPreprocess(image.width, image.height, config);
    if (size_t(3) * g.crop_width * g.crop_height > pixels.count) {
      throw std::invalid_argument("Preprocess: pixel span too small");
    }
    const size_t input_bytes = image.pixels.size();
    const size_t padded_bytes = size_t(g.padded_width) * g.padded_height * 3;
    const size_t wide_bytes = size_t(g.resized_width) * g.padded_height * 3;
    const size_t resized_bytes = size_t(g.resized_width) * g.resized_height * 3;
    uint8_t* buffers = static_cast<uint8_t*>(image_scratch_.Get(input_bytes + padded_bytes + wide_bytes + resized_bytes));
    uint8_t* current = buffers;
    CUDA_CHECK(cudaMemcpy(current, image.pixels.data(), input_bytes, cudaMemcpyHostToDevice));
    uint8_t* next = buffers + input_bytes;
    int width = image.width, height = image.height;
    if (g.padded_width != width || g.padded_height != height) {
      const ImageProcessorConfig& p = config.processor;
      const uchar3 colour = {PadColour(p.mean[0]), PadColour(p.mean[1]), PadColour(p.mean[2])};
      PadKernel<<<Blocks(padded_bytes), kThreads>>>(current, width, height, g.padded_width, g.pad_left, g.pad_top,
                                                    colour, next);
      LAUNCH_CHECK("PadKernel");
      current = next;
      width = g.padded_width;
      height = g.padded_height;
    }
    next = buffers + input_bytes + padded_bytes;
    if (g.resized_width != width) {
      Resample(current, width, height, true, g.resized_width, g.resized_height, next);
      current = next;
      width = g.resized_width;
    }
    next = buffers + input_bytes + padded_bytes + wide_bytes;
    if (g.resized_height != height) {
      Resample(current, width, height, false, g.resized_width, g.resized_height, next);
      current = next;
      height = g.resized_height;
    }
    const ImageProcessorConfig& p = config.processor;
    const Normalization n = {{float(p.mean[0]), float(p.mean[1]), float(p.mean[2])},
                             {float(p.std[0]), float(p.std[1]), float(p.std[2])},
                             p.do_normalize};
    CropNormalizeKernel<<<Blocks(size_t(3) * g.crop_width * g.crop_height), kThreads>>>(
        current, width, g.crop_left, g.crop_top, g.crop_width, g.crop_height, n, As<float>(pixels));
    LAUNCH_CHECK("CropNormalizeKernel");
  }

  void Patchify(const DeviceSpan& pixels, int images, int side, int patch, const DeviceSpan& out) override {
    const size_t count = size_t(images) * (side / patch) * (side / patch) * 3 * patch * patch;
    if (count == 0) return;
    WithCompute(compute_, [&](auto zero) {
      using T = decltype(zero);
      PatchifyKernel<T><<<Blocks(count), kThreads>>>(As<float>(pixels), images, side, patch, As<T>(out));
    });
    LAUNCH_CHECK("PatchifyKernel");
  }

  void VisionEmbed(const DeviceSpan& patches, int images, int tokens, int width, const DeviceSpan& class_embedding,
                   const DeviceSpan& position, const DeviceSpan& out) override {
    const size_t count = size_t(images) * tokens * width;
    if (count == 0) return;
    VisionEmbedKernel<<<Blocks(count), kThreads>>>(As<float>(patches), images, tokens, width,
                                                   As<float>(class_embedding), As<float>(position), As<float>(out));
    LAUNCH_CHECK("VisionEmbedKernel");
  }

  void Synchronize() override { CUDA_CHECK(cudaDeviceSynchronize()); }

 private:
  // One PIL pass from `in` (width x height) to `out`; the windows come from the host.
  void Resample(const uint8_t* in, int width, int height, bool horizontal, int out_width, int out_height,
                uint8_t* out) {
    const PassWindows w = horizontal ? PilPassWindows(width, out_width) : PilPassWindows(height, out_height);
    std::vector<int32_t> packed(w.first.begin(), w.first.end());
    packed.insert(packed.end(), w.count.begin(), w.count.end());
    packed.insert(packed.end(), w.taps.begin(), w.taps.end());
    int32_t* table = static_cast<int32_t*>(table_scratch_.Get(packed.size() * 4));
    CUDA_CHECK(cudaMemcpy(table, packed.data(), packed.size() * 4, cudaMemcpyHostToDevice));
    const size_t outputs = w.first.size();
    const int result_width = horizontal ? out_width : width, result_height = horizontal ? height : out_height;
    ResampleKernel<<<Blocks(size_t(result_width) * result_height * 3), kThreads>>>(
        in, width * 3, horizontal, result_width, result_height, table, table + outputs, table + 2 * outputs,
        w.max_taps, out);
    LAUNCH_CHECK("ResampleKernel");
  }

  cublasHandle_t cublas_ = nullptr;
  Scratch staging_, image_scratch_, table_scratch_;
};

}  // namespace

int CudaDeviceCount() {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    cudaGetLastError();  // no driver or no device: not an error to keep
    return 0;
  }
  return count;
}

std::string CudaDeviceDescription() {
  if (CudaDeviceCount() < 1) return "no CUDA device";
  cudaDeviceProp properties{};
  CUDA_CHECK(cudaGetDeviceProperties(&properties, 0));
  int driver = 0, runtime = 0;
  CUDA_CHECK(cudaDriverGetVersion(&driver));
  CUDA_CHECK(cudaRuntimeGetVersion(&runtime));
  char text[512];
  std::snprintf(text, sizeof text, "%s (compute %d.%d, %d SMs, %.1f GiB, driver %d.%d, runtime %d.%d)",
                properties.name, properties.major, properties.minor, properties.multiProcessorCount,
                double(properties.totalGlobalMem) / 1073741824.0, driver / 1000, driver % 1000 / 10, runtime / 1000,
                runtime % 1000 / 10);
  return text;
}

std::unique_ptr<VlmDevice> MakeCudaDevice(ComputeType compute) { return std::make_unique<CudaDevice>(compute); }

}  // namespace spatialgen::vlm
