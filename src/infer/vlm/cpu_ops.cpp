#include "infer/vlm/cpu_ops.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <Eigen/Core>

#include "infer/vlm/vlm_maths.h"

namespace spatialgen::vlm {
namespace {

// Output features per task: small enough to spread over the cores, large enough that a GEMM
// call or the weight block of a decode step is worth a task.
int FeatureBlock(int m, int n) {
  if (m <= kSmallRows) return 16;
  return n >= 1024 ? 128 : 32;
}

using RowMajorMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using StridedMatrix = Eigen::Map<RowMajorMatrix, 0, Eigen::OuterStride<>>;
using ConstStridedMatrix = Eigen::Map<const RowMajorMatrix, 0, Eigen::OuterStride<>>;

float Dot(const float* a, const float* b, int n) {
  return Eigen::Map<const Eigen::VectorXf>(a, n).dot(Eigen::Map<const Eigen::VectorXf>(b, n));
}

}  // namespace

void GemmNT(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* y, int ldy) {
  StridedMatrix(y, m, n, ldy).noalias() = ConstStridedMatrix(a, m, k, lda) * ConstStridedMatrix(b, n, k, ldb).transpose();
}

void GemmNN(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* y, int ldy) {
  StridedMatrix(y, m, n, ldy).noalias() = ConstStridedMatrix(a, m, k, lda) * ConstStridedMatrix(b, k, n, ldb);
}

void Linear(const float* x, int m, const WeightMatrix& w, const float* bias, float* y) {
  const int n = w.rows, k = w.cols;
  if (m <= 0) return;
  tbb::parallel_for(tbb::blocked_range<int>(0, n, FeatureBlock(m, n)), [&](const tbb::blocked_range<int>& range) {
    thread_local std::vector<float> scratch;
    const int first = range.begin(), count = int(range.size());
    const float* rows = w.Rows(first, count, scratch);
    if (m <= kSmallRows) {
      for (int i = 0; i < m; ++i) {
        for (int j = 0; j < count; ++j) y[size_t(i) * n + first + j] = Dot(x + size_t(i) * k, rows + size_t(j) * k, k);
      }
    } else {
      GemmNT(m, count, k, x, k, rows, k, y + first, n);
    }
    if (bias) {
      for (int i = 0; i < m; ++i) {
        for (int j = first; j < first + count; ++j) y[size_t(i) * n + j] += bias[j];
      }
    }
  });
}

void AttendHead(const float* q, int q_stride, int rows, const float* k, const float* v, int kv_stride, int keys,
                int head_dim,
                float scale, bool causal, int first_causal, float* out, int out_stride, std::vector<float>& scores) {
  scores.resize(size_t(rows) * keys);
  GemmNT(rows, keys, head_dim, q, q_stride, k, kv_stride, scores.data(), keys);
  for (int r = 0; r < rows; ++r) {
    float* row = scores.data() + size_t(r) * keys;
    const int valid = causal ? first_causal + r + 1 : keys;
    for (int i = 0; i < valid; ++i) row[i] *= scale;
    SoftmaxRowInPlace(row, valid, keys);
  }
  GemmNN(rows, head_dim, keys, scores.data(), keys, v, kv_stride, out, out_stride);
}

}  // namespace spatialgen::vlm
