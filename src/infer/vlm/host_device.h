#pragma once
// The device layer on the host: every operation as plain single-threaded loops over the shared
// maths, values of the compute type kept as float32 rounded to that type. It runs DeviceEngine
// where there is no GPU (tests), and its attention walks the keys in the same blocks of 32 with
// the same online softmax as the CUDA kernel.
#include <memory>
#include <vector>

#include "infer/vlm/vlm_device.h"

namespace spatialgen::vlm {

class HostDevice : public VlmDevice {
 public:
  // `memory_bytes`: what FreeBytes reports before any allocation.
  explicit HostDevice(ComputeType compute, size_t memory_bytes = size_t(1) << 30);
  ~HostDevice() override;

  std::string name() const override { return "host"; }
  DeviceSpan Allocate(size_t count, Elem elem) override;
  void Free(DeviceSpan& span) override;
  size_t FreeBytes() const override;
  void Upload(const DeviceSpan& to, const float* values, size_t count) override;
  void UploadInts(const DeviceSpan& to, const int32_t* values, size_t count) override;
  void Download(const DeviceSpan& from, float* values, size_t count) override;
  void DownloadInts(const DeviceSpan& from, int32_t* values, size_t count) override;
  void FillRandom(const DeviceSpan& to, uint64_t seed, float scale) override;

  void Gemm(const DeviceSpan& x, int rows, int k, const DeviceSpan& w, int n, const DeviceSpan& bias,
            const DeviceSpan& y, int ldy, bool accumulate) override;
  void RmsNorm(const DeviceSpan& x, int rows, int n, const DeviceSpan& row_index, const DeviceSpan& weight, float eps,
               const DeviceSpan& out) override;
  void LayerNorm(const DeviceSpan& x, int rows, int n, const DeviceSpan& weight, const DeviceSpan& bias, float eps,
                 const DeviceSpan& out) override;
  void Activate(Activation activation, const DeviceSpan& in, size_t count, const DeviceSpan& out) override;
  void SwiGlu(const DeviceSpan& gate_up, int rows, int width, const DeviceSpan& out) override;
  void CastRows(const DeviceSpan& in, int n, const DeviceSpan& row_index, int rows, const DeviceSpan& out) override;
  void QkvToCache(const DeviceSpan& qkv, int rows, int heads, const DeviceSpan& row_slot,
                  const DeviceSpan& row_position, float theta, const KvCacheLayout& layout, int layer,
                  const DeviceSpan& k_cache, const DeviceSpan& v_cache, const DeviceSpan& q_out) override;
  void Attention(const DeviceSpan& q, int heads, const DeviceSpan& tiles, int tile_count, bool causal,
                 const KvCacheLayout& layout, int layer, const DeviceSpan& k_cache, const DeviceSpan& v_cache,
                 const DeviceSpan& out) override;
  void Embed(const DeviceSpan& source, int rows, const DeviceSpan& table, const DeviceSpan& images, int n,
             const DeviceSpan& out) override;
  void ArgMax(const DeviceSpan& logits, int rows, int n, const DeviceSpan& out) override;
  void Preprocess(const RgbImage& image, const LlavaConfig& config, const DeviceSpan& pixels) override;
  void Patchify(const DeviceSpan& pixels, int images, int side, int patch, const DeviceSpan& out) override;
  void VisionEmbed(const DeviceSpan& patches, int images, int tokens, int width, const DeviceSpan& class_embedding,
                   const DeviceSpan& position, const DeviceSpan& out) override;
  void Synchronize() override {}

  // Allocations alive now (tests check the engine frees what it takes per call).
  size_t live_allocations() const { return live_; }

 private:
  // A value as the span's element type keeps it.
  float Store(const DeviceSpan& span, float value) const;

  size_t memory_bytes_;
  size_t used_bytes_ = 0;
  size_t live_ = 0;
};

}  // namespace spatialgen::vlm
