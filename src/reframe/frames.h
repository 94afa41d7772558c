#pragma once
// The three reference frames of SPEC section 3. Each horizontal frame is a pair of unit
// vectors in the ground plane; "up" is always world +z.
#include <Eigen/Core>

#include <optional>
#include <string>
#include <string_view>

#include "scene/scene.h"

namespace spatialgen {

enum class Frame { kEgo, kWorld, kObject };

std::string_view FrameName(Frame frame);  // "ego", "world", "object"
std::optional<Frame> ParseFrame(std::string_view name);

// Front and left directions in world coordinates, both horizontal and unit length.
struct HorizontalFrame {
  Eigen::Vector3d front;
  Eigen::Vector3d left;
};

// A horizontal frame whose front is `front` projected on the ground and left = up x front;
// nullopt when `front` is (nearly) vertical.
std::optional<HorizontalFrame> FrameFromFront(const Eigen::Vector3d& front);

// The camera's horizontal viewing direction: ego "in front of" means nearer the viewer, i.e.
// further along -viewing_direction. nullopt for a camera looking straight down or up.
std::optional<Eigen::Vector3d> HorizontalViewingDirection(const View& view);

// The world front the scene declares, else the default (the camera heading).
WorldFront WorldFrontOf(const Scene& scene);

// The robot's base frame for one view (SPEC section 3): front = the camera's heading projected
// on the floor (kCameraHeading) or the scene axis (kSceneAxis), left = up x front. nullopt for
// kNone, or for a camera looking straight down or up in kCameraHeading.
std::optional<HorizontalFrame> WorldFrame(const WorldFront& front, const View& view);

// B's own frame: front = B's +x projected on the ground. Only for objects with has_front.
std::optional<HorizontalFrame> ObjectFrame(const Object& anchor);

}  // namespace spatialgen
