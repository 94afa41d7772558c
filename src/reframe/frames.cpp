#include "reframe/frames.h"

namespace spatialgen {
namespace {
// Below this horizontal length a direction has no usable ground projection.
constexpr double kMinHorizontalNorm = 1e-6;

std::optional<Eigen::Vector3d> HorizontalUnit(const Eigen::Vector3d& direction) {
  const Eigen::Vector3d horizontal(direction.x(), direction.y(), 0.0);
  const double norm = horizontal.norm();
  if (norm < kMinHorizontalNorm) return std::nullopt;
  return horizontal / norm;
}
}  // namespace

std::string_view FrameName(Frame frame) {
  switch (frame) {
    case Frame::kEgo: return "ego";
    case Frame::kWorld: return "world";
    case Frame::kObject: return "object";
  }
  return "";
}

std::optional<Frame> ParseFrame(std::string_view name) {
  for (Frame frame : {Frame::kEgo, Frame::kWorld, Frame::kObject}) {
    if (FrameName(frame) == name) return frame;
  }
  return std::nullopt;
}

std::optional<HorizontalFrame> FrameFromFront(const Eigen::Vector3d& front) {
  const std::optional<Eigen::Vector3d> unit_front = HorizontalUnit(front);
  if (!unit_front) return std::nullopt;
  return HorizontalFrame{*unit_front, Eigen::Vector3d::UnitZ().cross(*unit_front)};
}

std::optional<Eigen::Vector3d> HorizontalViewingDirection(const View& view) {
  return HorizontalUnit(view.ForwardInWorld());
}

WorldFront WorldFrontOf(const Scene& scene) { return scene.world_front.value_or(WorldFront{}); }

std::optional<HorizontalFrame> WorldFrame(const WorldFront& front, const View& view) {
  switch (front.mode) {
    case WorldFront::Mode::kCameraHeading: return FrameFromFront(view.ForwardInWorld());
    case WorldFront::Mode::kSceneAxis: return FrameFromFront(front.axis);
    case WorldFront::Mode::kNone: return std::nullopt;
  }
  return std::nullopt;
}

std::optional<HorizontalFrame> ObjectFrame(const Object& anchor) {
  if (!anchor.has_front) return std::nullopt;
  return FrameFromFront(anchor.world_from_object.col(0));
}

}  // namespace spatialgen
