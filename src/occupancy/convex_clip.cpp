#include "occupancy/convex_clip.h"

#include <algorithm>
#include <cmath>

namespace spatialgen {
namespace {

// Signed distances this close to a plane count as on it, so rounding noise on a degenerate
// (edge-on) polygon cannot create spurious crossings (m).
constexpr double kOnPlane = 1e-12;

}  // namespace

ConvexPolygon::ConvexPolygon(const std::array<Eigen::Vector3d, 3>& triangle) : size_(3) {
  std::copy(triangle.begin(), triangle.end(), points_.begin());
}

void ConvexPolygon::Clip(const Eigen::Vector3d& normal, double offset) {
  std::array<double, kCapacity> distance;
  bool any_outside = false, any_inside = false;
  for (int k = 0; k < size_; ++k) {
    double d = normal.dot(points_[k]) - offset;
    if (std::abs(d) < kOnPlane) d = 0;
    distance[k] = d;
    any_outside = any_outside || d > 0;
    any_inside = any_inside || d <= 0;
  }
  // All kept, or all cut: no crossings, so the cut below would give the same.
  if (!any_outside) return;
  if (!any_inside) {
    size_ = 0;
    return;
  }
  std::array<Eigen::Vector3d, kCapacity> kept;
  int count = 0;
  for (int k = 0; k < size_; ++k) {
    const int next = k + 1 < size_ ? k + 1 : 0;
    const Eigen::Vector3d& a = points_[k];
    const Eigen::Vector3d& b = points_[next];
    const double da = distance[k], db = distance[next];
    if (da <= 0) {
      assert(count < kCapacity);
      kept[count++] = a;
    }
    if ((da < 0 && db > 0) || (da > 0 && db < 0)) {
      assert(count < kCapacity);
      kept[count++] = a + (b - a) * (da / (da - db));
    }
  }
  std::copy_n(kept.begin(), count, points_.begin());
  size_ = count;
}

void ConvexPolygon::ClipToSquare(const Eigen::Vector2d& lo, const Eigen::Vector2d& hi) {
  Clip(-Eigen::Vector3d::UnitX(), -lo.x());
  Clip(Eigen::Vector3d::UnitX(), hi.x());
  Clip(-Eigen::Vector3d::UnitY(), -lo.y());
  Clip(Eigen::Vector3d::UnitY(), hi.y());
}

void ConvexPolygon::ClipToSlab(double z_min, double z_max) {
  Clip(-Eigen::Vector3d::UnitZ(), -z_min);
  Clip(Eigen::Vector3d::UnitZ(), z_max);
}

double ConvexPolygon::MinZ() const {
  double z = points_[0].z();
  for (int k = 1; k < size_; ++k) z = std::min(z, points_[k].z());
  return z;
}

double ConvexPolygon::MaxZ() const {
  double z = points_[0].z();
  for (int k = 1; k < size_; ++k) z = std::max(z, points_[k].z());
  return z;
}

}  // namespace spatialgen
