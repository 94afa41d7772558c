#pragma once
// A small convex polygon in 3D (a triangle to start with), cut by half-spaces in place.
// Clipping a triangle by the planes of a slab and of a vertical prism answers exactly whether
// the part of the triangle inside the slab projects onto the prism's ground rectangle.
#include <Eigen/Core>

#include <array>
#include <cassert>

namespace spatialgen {

class ConvexPolygon {
 public:
  explicit ConvexPolygon(const std::array<Eigen::Vector3d, 3>& triangle);

  // Keeps the part where normal . p <= offset (points on the plane stay).
  void Clip(const Eigen::Vector3d& normal, double offset);
  // Keeps the part inside the vertical prism over an axis-aligned square [lo, hi] in xy.
  void ClipToSquare(const Eigen::Vector2d& lo, const Eigen::Vector2d& hi);
  // Keeps the part with z_min <= z <= z_max.
  void ClipToSlab(double z_min, double z_max);

  bool empty() const { return size_ == 0; }
  int size() const { return size_; }
  const Eigen::Vector3d& operator[](int k) const { return points_[k]; }
  double MinZ() const;
  double MaxZ() const;

 private:
  // A convex polygon gains at most one vertex per cut; 24 leaves room for the worst chain
  // of cuts used here (a slab and a rectangle, or a square and a slab).
  static constexpr int kCapacity = 24;
  std::array<Eigen::Vector3d, kCapacity> points_;
  int size_ = 0;
};

}  // namespace spatialgen
