#pragma once
// The key/value cache layout both engines use: separate K and V buffers of float (CPU) or the
// compute type (GPU), indexed [layer][slot][kv_head][position][head_dim], so that one layer's
// cache is contiguous and one (slot, kv head) is a dense positions x head_dim matrix that a
// GEMM or an attention kernel reads with leading dimension head_dim.
#include <cstddef>

#include "infer/vlm/vlm_maths.h"

namespace spatialgen::vlm {

struct KvCacheLayout {
  int layers = 0;
  int slots = 0;     // sequences held at once
  int kv_heads = 0;
  int capacity = 0;  // positions per slot
  int head_dim = 0;

  VLM_HD size_t elements() const { return size_t(layers) * slots * kv_heads * capacity * head_dim; }
  // Offset of (layer, slot, kv_head, position, 0) in a K or V buffer.
  VLM_HD size_t Offset(int layer, int slot, int kv_head, int position) const {
    return (((size_t(layer) * slots + slot) * kv_heads + kv_head) * capacity + position) * head_dim;
  }
};

}  // namespace spatialgen::vlm
