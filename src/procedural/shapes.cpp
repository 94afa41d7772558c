#include "procedural/shapes.h"

#include <algorithm>

namespace spatialgen::procedural {
namespace {

using V2 = Eigen::Vector2d;
using V3 = Eigen::Vector3d;

// Darker and lighter variants of the base colour, so parts stay apart in renders.
Eigen::Vector3f Shade(const Eigen::Vector3f& color, float factor) {
  return (color * factor).cwiseMin(1.0f);
}

void Table(const V3& s, const Eigen::Vector3f& color, MeshBuilder& b) {
  const double top = std::min(0.04, 0.1 * s.z());
  const double leg = std::min({0.06, s.x() / 6, s.y() / 6});
  b.AddBox(V3(-s.x() / 2, -s.y() / 2, s.z() - top), V3(s.x() / 2, s.y() / 2, s.z()), color);
  for (int i = 0; i < 4; ++i) {
    const double x0 = (i & 1) ? s.x() / 2 - leg : -s.x() / 2;
    const double y0 = (i & 2) ? s.y() / 2 - leg : -s.y() / 2;
    b.AddBox(V3(x0, y0, 0), V3(x0 + leg, y0 + leg, s.z() - top), Shade(color, 0.7f));
  }
}

void Desk(const V3& s, const Eigen::Vector3f& color, MeshBuilder& b) {
  const double top = std::min(0.04, 0.1 * s.z());
  const double panel = std::min(0.04, s.y() / 8);
  b.AddBox(V3(-s.x() / 2, -s.y() / 2, s.z() - top), V3(s.x() / 2, s.y() / 2, s.z()), color);
  for (double y0 : {-s.y() / 2, s.y() / 2 - panel}) {
    b.AddBox(V3(-s.x() / 2, y0, 0), V3(s.x() / 2, y0 + panel, s.z() - top), Shade(color, 0.8f));
  }
}

void Shelf(const V3& s, int inner_boards, const Eigen::Vector3f& color, MeshBuilder& b) {
  const double t = ShelfPanelThickness(s);
  const V3 min(-s.x() / 2, -s.y() / 2, 0), max(s.x() / 2, s.y() / 2, s.z());
  b.AddBox(min, V3(max.x(), min.y() + t, max.z()), color);               // right side
  b.AddBox(V3(min.x(), max.y() - t, 0), max, color);                     // left side
  b.AddBox(min, V3(min.x() + t, max.y(), max.z()), Shade(color, 0.7f));  // back
  for (double z : ShelfBoardBottoms(s, inner_boards)) {
    b.AddBox(V3(min.x(), min.y(), z), V3(max.x(), max.y(), z + t), Shade(color, 1.1f));
  }
}

void Chair(const V3& s, const Eigen::Vector3f& color, MeshBuilder& b) {
  const double seat = std::min(0.45, 0.55 * s.z());
  const double seat_thickness = 0.05, leg = 0.04, back = 0.05;
  b.AddBox(V3(-s.x() / 2, -s.y() / 2, seat - seat_thickness), V3(s.x() / 2, s.y() / 2, seat),
           color);
  for (int i = 0; i < 4; ++i) {
    const double x0 = (i & 1) ? s.x() / 2 - leg : -s.x() / 2;
    const double y0 = (i & 2) ? s.y() / 2 - leg : -s.y() / 2;
    b.AddBox(V3(x0, y0, 0), V3(x0 + leg, y0 + leg, seat - seat_thickness), Shade(color, 0.7f));
  }
  b.AddBox(V3(-s.x() / 2, -s.y() / 2, seat), V3(-s.x() / 2 + back, s.y() / 2, s.z()),
           Shade(color, 0.9f));
}

void Sofa(const V3& s, const Eigen::Vector3f& color, MeshBuilder& b) {
  const double seat = 0.5 * s.z(), back = 0.2 * s.x(), arm = std::min(0.15, s.y() / 8);
  const double arm_top = seat + 0.35 * (s.z() - seat);
  b.AddBox(V3(-s.x() / 2, -s.y() / 2, 0), V3(s.x() / 2, s.y() / 2, seat), color);
  b.AddBox(V3(-s.x() / 2, -s.y() / 2, seat), V3(-s.x() / 2 + back, s.y() / 2, s.z()),
           Shade(color, 0.85f));
  for (double y0 : {-s.y() / 2, s.y() / 2 - arm}) {
    b.AddBox(V3(-s.x() / 2 + back, y0, seat), V3(s.x() / 2, y0 + arm, arm_top), Shade(color, 0.9f));
  }
}

void Bed(const V3& s, const Eigen::Vector3f& color, MeshBuilder& b) {
  const double head = 0.06;
  b.AddBox(V3(-s.x() / 2 + head, -s.y() / 2, 0), V3(s.x() / 2, s.y() / 2, 0.55 * s.z()), color);
  b.AddBox(V3(-s.x() / 2, -s.y() / 2, 0), V3(-s.x() / 2 + head, s.y() / 2, s.z()),
           Eigen::Vector3f(0.45f, 0.32f, 0.22f));
}

void Bottle(const V3& s, const Eigen::Vector3f& color, MeshBuilder& b) {
  b.AddCylinder(V2::Zero(), 0, 0.7 * s.z(), s.x() / 2, color);
  b.AddCylinder(V2::Zero(), 0.7 * s.z(), s.z(), s.x() / 5, Shade(color, 0.8f));
}

void Laptop(const V3& s, const Eigen::Vector3f& color, MeshBuilder& b) {
  const double base = 0.02, screen = 0.015;
  b.AddBox(V3(-s.x() / 2, -s.y() / 2, 0), V3(s.x() / 2, s.y() / 2, base), color);
  b.AddBox(V3(-s.x() / 2, -s.y() / 2, base), V3(-s.x() / 2 + screen, s.y() / 2, s.z()),
           Shade(color, 0.6f));
}

void Monitor(const V3& s, const Eigen::Vector3f& color, MeshBuilder& b) {
  const double foot = 0.02, neck_top = 0.3 * s.z();
  b.AddBox(V3(-s.x() / 2, -0.12, 0), V3(s.x() / 2, 0.12, foot), Shade(color, 1.5f));
  b.AddBox(V3(-0.05, -0.03, foot), V3(-0.02, 0.03, neck_top), Shade(color, 1.5f));
  b.AddBox(V3(-0.02, -s.y() / 2, neck_top), V3(0.01, s.y() / 2, s.z()), color);
}

void Plant(const V3& s, const Eigen::Vector3f& color, MeshBuilder& b) {
  const double pot_top = 0.4 * s.z();
  b.AddCylinder(V2::Zero(), 0, pot_top, 0.3 * s.x(), Eigen::Vector3f(0.65f, 0.35f, 0.20f));
  b.AddCylinder(V2::Zero(), pot_top, s.z(), s.x() / 2, color);
}

// A drum shade with a cap and a short stem; the cord above the stem is not part of the object.
void Pendant(const V3& s, const Eigen::Vector3f& color, MeshBuilder& b) {
  const double shade_top = 0.55 * s.z(), cap_top = 0.65 * s.z();
  const Eigen::Vector3f metal(0.3f, 0.3f, 0.3f);
  b.AddCylinder(V2::Zero(), 0, shade_top, s.x() / 2, color);
  b.AddCylinder(V2::Zero(), shade_top, cap_top, s.x() / 5, metal);
  b.AddCylinder(V2::Zero(), cap_top, s.z(), 0.012, metal);
}

void Lamp(const V3& s, const Eigen::Vector3f& color, MeshBuilder& b) {
  const double foot = 0.03, shade_bottom = 0.6 * s.z();
  const Eigen::Vector3f metal(0.3f, 0.3f, 0.3f);
  b.AddCylinder(V2::Zero(), 0, foot, 0.25 * s.x(), metal);
  b.AddCylinder(V2::Zero(), foot, shade_bottom, 0.012, metal);
  b.AddCylinder(V2::Zero(), shade_bottom, s.z(), s.x() / 2, color);
}

}  // namespace

double ShelfPanelThickness(const Eigen::Vector3d& size) { return std::min(0.03, size.y() / 10); }

std::vector<double> ShelfBoardBottoms(const Eigen::Vector3d& size, int inner_boards) {
  const double pitch = (size.z() - ShelfPanelThickness(size)) / inner_boards;
  std::vector<double> bottoms;
  for (int k = 0; k <= inner_boards; ++k) bottoms.push_back(k * pitch);
  return bottoms;
}

void BuildShape(Shape shape, const Eigen::Vector3d& size, int inner_boards,
                const Eigen::Vector3f& color, MeshBuilder& builder) {
  const V3 half(size.x() / 2, size.y() / 2, 0);
  switch (shape) {
    case Shape::kSolid:
      return builder.AddBox(-half, half + V3(0, 0, size.z()), color);
    case Shape::kTable:
      return Table(size, color, builder);
    case Shape::kDesk:
      return Desk(size, color, builder);
    case Shape::kShelf:
      return Shelf(size, inner_boards, color, builder);
    case Shape::kChair:
      return Chair(size, color, builder);
    case Shape::kSofa:
      return Sofa(size, color, builder);
    case Shape::kBed:
      return Bed(size, color, builder);
    case Shape::kCylinder:
      return builder.AddCylinder(V2::Zero(), 0, size.z(), size.x() / 2, color);
    case Shape::kBottle:
      return Bottle(size, color, builder);
    case Shape::kLaptop:
      return Laptop(size, color, builder);
    case Shape::kMonitor:
      return Monitor(size, color, builder);
    case Shape::kPlant:
      return Plant(size, color, builder);
    case Shape::kLamp:
      return Lamp(size, color, builder);
    case Shape::kPendant:
      return Pendant(size, color, builder);
  }
}

}  // namespace spatialgen::procedural
