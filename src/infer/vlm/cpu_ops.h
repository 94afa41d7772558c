#pragma once
// The CPU engine's building blocks over row-major float32 activations: linear layers through
// Eigen's GEMM (rows > kSmallRows) or a dot-product kernel that streams each weight row once
// (decode steps), and attention over one (sequence, head) block. TBB splits the work across
// output features and heads; each product runs single-threaded inside its task.
#include <vector>

#include "infer/vlm/llava_weights.h"

namespace spatialgen::vlm {

// Up to this many rows, a linear layer uses the weight-streaming dot kernel.
constexpr int kSmallRows = 8;

// y[m x w.rows] = x[m x w.cols] * w^T (+ bias). Row i of y depends only on row i of x.
void Linear(const float* x, int m, const WeightMatrix& w, const float* bias, float* y);

// y[m x n] = a[m x k] * b[n x k]^T with leading dimensions (single-threaded).
void GemmNT(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* y, int ldy);
// y[m x n] = a[m x k] * b[k x n].
void GemmNN(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* y, int ldy);

// Scaled dot-product attention of `rows` queries against keys/values [0, keys):
// out[r] = softmax(scale * q[r] . K^T) V, with query r seeing keys < first_causal + r + 1 when
// causal (its own position is first_causal + r), all keys otherwise. q, out: strided rows;
// K, V: keys rows of head_dim values, kv_stride apart. `scores` is scratch.
void AttendHead(const float* q, int q_stride, int rows, const float* k, const float* v, int kv_stride, int keys,
                int head_dim,
                float scale, bool causal, int first_causal, float* out, int out_stride, std::vector<float>& scores);

}  // namespace spatialgen::vlm
