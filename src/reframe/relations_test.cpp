#include "reframe/relations.h"

#include <gtest/gtest.h>

#include <cmath>

#include "scene/camera.h"
#include "testing/synthetic_scenes.h"

namespace spatialgen {
namespace {

// A 640x480 camera at `eye` (height 1 m) looking horizontally along `forward`.
View LookingAlong(const Eigen::Vector3d& eye, const Eigen::Vector3d& forward) {
  return testing::MakeViewLookingAlong(eye, forward, 640, 480, 500);
}

// The image extent of a whole box: the projected corners (all in front of the camera).
ImageExtent ProjectedExtent(const Object& object, const View& view) {
  ImageExtent extent{1e9, -1e9, view.Project(object.center_in_world)->x()};
  for (const Eigen::Vector3d& corner : object.CornersInWorld()) {
    const double x = view.Project(corner)->x();
    extent.x_min = std::min(extent.x_min, x);
    extent.x_max = std::max(extent.x_max, x);
  }
  return extent;
}

struct Fixture {
  Scene scene;
  View view;
  Truth Eval(Frame frame, RelationAxis axis, int sign, const Object& a, const Object& b) const {
    RelationQuery query{&a, &b, ProjectedExtent(a, view), ProjectedExtent(b, view)};
    return *EvaluateRelation(frame, axis, sign, query, scene, view, RelationOptions{});
  }
};

TEST(RelationsTest, SideBySideBoxesAreLeftAndRightInEgoFrame) {
  // Camera at the origin looking along +x: the viewer's left is world +y.
  Fixture f{Scene{}, LookingAlong({0, 0, 1}, {1, 0, 0})};
  const Object a = testing::MakeBox(1, {3, 0.5, 0.25}, {0.3, 0.3, 0.5});
  const Object b = testing::MakeBox(2, {3, -0.5, 0.25}, {0.3, 0.3, 0.5});
  EXPECT_EQ(f.Eval(Frame::kEgo, RelationAxis::kLeft, +1, a, b), Truth::kTrue);
  EXPECT_EQ(f.Eval(Frame::kEgo, RelationAxis::kLeft, -1, a, b), Truth::kFalse);
  EXPECT_EQ(f.Eval(Frame::kEgo, RelationAxis::kLeft, +1, b, a), Truth::kFalse);
  EXPECT_EQ(f.Eval(Frame::kEgo, RelationAxis::kLeft, -1, b, a), Truth::kTrue);
}

TEST(RelationsTest, TurnedCameraTurnsTheWorldFrameUnlessTheSceneFixesIt) {
  const Object a = testing::MakeBox(1, {0, 0.5, 0.25}, {0.3, 0.3, 0.5});
  const Object b = testing::MakeBox(2, {0, -0.5, 0.25}, {0.3, 0.3, 0.5});
  Fixture along_x{Scene{}, LookingAlong({-3, 0, 1}, {1, 0, 0})};
  Fixture turned{Scene{}, LookingAlong({3, 0, 1}, {-1, 0, 0})};
  EXPECT_EQ(along_x.Eval(Frame::kEgo, RelationAxis::kLeft, +1, a, b), Truth::kTrue);
  EXPECT_EQ(turned.Eval(Frame::kEgo, RelationAxis::kLeft, +1, a, b), Truth::kFalse);
  EXPECT_EQ(turned.Eval(Frame::kEgo, RelationAxis::kLeft, -1, a, b), Truth::kTrue);
  // World, camera heading (the default): the robot's base turns with its camera.
  EXPECT_EQ(along_x.Eval(Frame::kWorld, RelationAxis::kLeft, +1, a, b), Truth::kTrue);
  EXPECT_EQ(turned.Eval(Frame::kWorld, RelationAxis::kLeft, +1, a, b), Truth::kFalse);
  EXPECT_EQ(turned.Eval(Frame::kWorld, RelationAxis::kLeft, -1, a, b), Truth::kTrue);
  // World, a scene axis (+x): +y is left whatever the camera does.
  along_x.scene.world_front = turned.scene.world_front = WorldFront{WorldFront::Mode::kSceneAxis, {1, 0, 0}};
  EXPECT_EQ(along_x.Eval(Frame::kWorld, RelationAxis::kLeft, +1, a, b), Truth::kTrue);
  EXPECT_EQ(turned.Eval(Frame::kWorld, RelationAxis::kLeft, +1, a, b), Truth::kTrue);
}

TEST(RelationsTest, WorldFrameIsTheCameraHeadingOnTheFloorWhateverItsYawAndPitch) {
  // Boxes around (0, 0): A east (+x) of B by 1 m.
  const Object a = testing::MakeBox(1, {1, 0, 0.25}, {0.3, 0.3, 0.5});
  const Object b = testing::MakeBox(2, {0, 0, 0.25}, {0.3, 0.3, 0.5});
  const Eigen::Vector3d target(0.5, 0, 0);
  for (double pitch_deg : {0.0, 30.0, 60.0}) {
    const double drop = 3 * std::tan(pitch_deg * M_PI / 180);
    // Looking north (+y) from 3 m south: east is to the robot's right.
    View north;
    north.width = 640, north.height = 480, north.intrinsics = {500, 500, 320, 240};
    north.cam_from_world = CamFromWorldLookAt(target + Eigen::Vector3d(0, -3, drop), target);
    Fixture f{Scene{}, north};
    EXPECT_EQ(f.Eval(Frame::kWorld, RelationAxis::kLeft, -1, a, b), Truth::kTrue) << pitch_deg;
    EXPECT_EQ(f.Eval(Frame::kWorld, RelationAxis::kLeft, +1, a, b), Truth::kFalse) << pitch_deg;
    // Looking west (-x) from 3 m east: A is nearer the robot, so in front of B.
    f.view.cam_from_world = CamFromWorldLookAt(target + Eigen::Vector3d(3, 0, drop), target);
    EXPECT_EQ(f.Eval(Frame::kWorld, RelationAxis::kFront, +1, a, b), Truth::kTrue) << pitch_deg;
    EXPECT_EQ(f.Eval(Frame::kWorld, RelationAxis::kFront, -1, b, a), Truth::kTrue) << pitch_deg;
    EXPECT_EQ(f.Eval(Frame::kWorld, RelationAxis::kLeft, +1, a, b), Truth::kFalse) << pitch_deg;  // same y
  }
}

TEST(RelationsTest, WorldFrameModes) {
  const View view = LookingAlong({0, 0, 1}, {1, 0, 0});
  WorldFront heading;
  ASSERT_TRUE(WorldFrame(heading, view));
  EXPECT_TRUE(WorldFrame(heading, view)->front.isApprox(Eigen::Vector3d::UnitX()));
  EXPECT_TRUE(WorldFrame(heading, view)->left.isApprox(Eigen::Vector3d::UnitY()));
  const WorldFront axis{WorldFront::Mode::kSceneAxis, {0, -1, 0}};
  EXPECT_TRUE(WorldFrame(axis, view)->front.isApprox(-Eigen::Vector3d::UnitY()));
  EXPECT_TRUE(WorldFrame(axis, view)->left.isApprox(Eigen::Vector3d::UnitX()));
  EXPECT_FALSE(WorldFrame(WorldFront{WorldFront::Mode::kNone}, view));
  // A camera looking straight down has no heading.
  View down = view;
  down.cam_from_world = CamFromWorldLookAt({0, 0, 3}, {0, 0.000001, 0});
  EXPECT_FALSE(WorldFrame(heading, down));
  EXPECT_TRUE(WorldFrame(axis, down));
}

TEST(RelationsTest, EgoFrontMeansNearerTheViewer) {
  Fixture f{Scene{}, LookingAlong({0, 0, 1}, {1, 0, 0})};
  const Object near = testing::MakeBox(1, {2, 0, 0.25}, {0.3, 0.3, 0.5});
  const Object far = testing::MakeBox(2, {3, 0, 0.25}, {0.3, 0.3, 0.5});
  EXPECT_EQ(f.Eval(Frame::kEgo, RelationAxis::kFront, +1, near, far), Truth::kTrue);
  EXPECT_EQ(f.Eval(Frame::kEgo, RelationAxis::kFront, -1, far, near), Truth::kTrue);
  EXPECT_EQ(f.Eval(Frame::kEgo, RelationAxis::kFront, +1, far, near), Truth::kFalse);
  // The world frame's front is the heading (+x): nearer the robot is in front there too.
  EXPECT_EQ(f.Eval(Frame::kWorld, RelationAxis::kFront, +1, near, far), Truth::kTrue);
  EXPECT_EQ(f.Eval(Frame::kWorld, RelationAxis::kFront, +1, far, near), Truth::kFalse);
}

TEST(RelationsTest, ObjectFrameFollowsAnchorYaw) {
  Fixture f{Scene{}, LookingAlong({0, 0, 1}, {1, 0, 0})};
  Object chair = testing::MakeBox(2, {3, 0, 0.4}, {0.5, 0.5, 0.8}, 0.0);
  chair.has_front = true;
  const Object cup = testing::MakeBox(1, {3, 0.8, 0.05}, {0.1, 0.1, 0.1});  // at chair's +y
  // Chair facing +x: its left is +y, so the cup is to its left.
  EXPECT_EQ(f.Eval(Frame::kObject, RelationAxis::kLeft, +1, cup, chair), Truth::kTrue);
  // Turned by 90 degrees, the chair faces +y: the cup is in front of it.
  chair.world_from_object = Eigen::AngleAxisd(M_PI / 2, Eigen::Vector3d::UnitZ()).toRotationMatrix();
  EXPECT_EQ(f.Eval(Frame::kObject, RelationAxis::kFront, +1, cup, chair), Truth::kTrue);
  EXPECT_EQ(f.Eval(Frame::kObject, RelationAxis::kLeft, +1, cup, chair), Truth::kFalse);
  // Turned by 180 degrees, it faces -x and its left is -y: the cup is to its right.
  chair.world_from_object = Eigen::AngleAxisd(M_PI, Eigen::Vector3d::UnitZ()).toRotationMatrix();
  EXPECT_EQ(f.Eval(Frame::kObject, RelationAxis::kLeft, -1, cup, chair), Truth::kTrue);
}

TEST(RelationsTest, NoObjectFrameWithoutFrontAndNoWorldFrameWithoutFront) {
  Scene scene;
  scene.world_front = WorldFront{WorldFront::Mode::kNone};
  const View view = LookingAlong({0, 0, 1}, {1, 0, 0});
  const Object a = testing::MakeBox(1, {3, 1, 0.25}, {0.3, 0.3, 0.5});
  const Object b = testing::MakeBox(2, {3, 0, 0.25}, {0.3, 0.3, 0.5});
  RelationQuery query{&a, &b, ProjectedExtent(a, view), ProjectedExtent(b, view)};
  EXPECT_FALSE(EvaluateRelation(Frame::kObject, RelationAxis::kLeft, 1, query, scene, view, {}));
  EXPECT_FALSE(EvaluateRelation(Frame::kWorld, RelationAxis::kLeft, 1, query, scene, view, {}));
  // Vertical relations need no horizontal frame, but the object frame needs an anchor front.
  EXPECT_TRUE(EvaluateRelation(Frame::kWorld, RelationAxis::kUp, 1, query, scene, view, {}));
  EXPECT_FALSE(EvaluateRelation(Frame::kObject, RelationAxis::kUp, 1, query, scene, view, {}));
  Object b_with_front = b;
  b_with_front.has_front = true;
  const RelationQuery front_query{&a, &b_with_front, query.a_in_image, query.b_in_image};
  EXPECT_TRUE(EvaluateRelation(Frame::kObject, RelationAxis::kUp, 1, front_query, scene, view, {}));
}

TEST(RelationsTest, PointSideTestsMatchTheFrames) {
  Fixture f{Scene{}, LookingAlong({0, 0, 1}, {1, 0, 0})};
  Object b = testing::MakeBox(2, {3, 0, 0.25}, {0.3, 0.3, 0.5}, M_PI);  // facing the camera (-x)
  b.has_front = true;
  const ImageExtent b_in_image = ProjectedExtent(b, f.view);
  auto holds = [&](Frame frame, RelationAxis axis, int sign, const Eigen::Vector3d& p) {
    const auto test = PointSideTest::Make(frame, axis, sign, b, b_in_image, f.scene, f.view, RelationOptions{});
    EXPECT_TRUE(test.has_value());
    return test && test->Holds(p);
  };
  const Eigen::Vector3d world_left(3, 0.5, 0);  // +y: the viewer's left
  EXPECT_TRUE(holds(Frame::kEgo, RelationAxis::kLeft, +1, world_left));
  EXPECT_FALSE(holds(Frame::kEgo, RelationAxis::kLeft, -1, world_left));
  EXPECT_TRUE(holds(Frame::kWorld, RelationAxis::kLeft, +1, world_left));
  EXPECT_TRUE(holds(Frame::kObject, RelationAxis::kLeft, -1, world_left));  // B faces -x: +y is its right
  // Inside the margin: B's extent ends at y 0.15, the margin is 0.05.
  EXPECT_FALSE(holds(Frame::kWorld, RelationAxis::kLeft, +1, {3, 0.19, 0}));
  EXPECT_TRUE(holds(Frame::kWorld, RelationAxis::kLeft, +1, {3, 0.21, 0}));
  const Eigen::Vector3d nearer(2.5, 0, 0);
  EXPECT_TRUE(holds(Frame::kEgo, RelationAxis::kFront, +1, nearer));
  EXPECT_TRUE(holds(Frame::kObject, RelationAxis::kFront, +1, nearer));  // B faces the camera
  EXPECT_TRUE(holds(Frame::kWorld, RelationAxis::kFront, +1, nearer));  // nearer the robot
  EXPECT_FALSE(PointSideTest::Make(Frame::kEgo, RelationAxis::kUp, 1, b, b_in_image, f.scene, f.view, {}));
}

TEST(RelationsTest, PairInsideTheMarginIsAmbiguous) {
  Fixture f{Scene{}, LookingAlong({0, 0, 1}, {1, 0, 0})};
  // Boxes 0.2 wide, centres 0.23 apart along y: a 0.03 m gap, inside the 0.05 m margin.
  const Object a = testing::MakeBox(1, {3, 0.23, 0.25}, {0.2, 0.2, 0.5});
  const Object b = testing::MakeBox(2, {3, 0.0, 0.25}, {0.2, 0.2, 0.5});
  EXPECT_EQ(f.Eval(Frame::kWorld, RelationAxis::kLeft, +1, a, b), Truth::kAmbiguous);
  // A 0.06 m gap clears it.
  const Object a_far = testing::MakeBox(1, {3, 0.26, 0.25}, {0.2, 0.2, 0.5});
  EXPECT_EQ(f.Eval(Frame::kWorld, RelationAxis::kLeft, +1, a_far, b), Truth::kTrue);
}

TEST(RelationsTest, AboveNeedsOverlappingFootprints) {
  Fixture f{Scene{}, LookingAlong({0, 0, 1}, {1, 0, 0})};
  const Object table = testing::MakeBox(1, {3, 0, 0.35}, {1.0, 0.6, 0.7});
  const Object lamp_over = testing::MakeBox(2, {3, 0.1, 1.2}, {0.2, 0.2, 0.4});
  const Object lamp_beside = testing::MakeBox(3, {3, 2.0, 1.2}, {0.2, 0.2, 0.4});
  EXPECT_EQ(f.Eval(Frame::kEgo, RelationAxis::kUp, +1, lamp_over, table), Truth::kTrue);
  EXPECT_EQ(f.Eval(Frame::kEgo, RelationAxis::kUp, -1, table, lamp_over), Truth::kTrue);
  EXPECT_EQ(f.Eval(Frame::kEgo, RelationAxis::kUp, +1, lamp_beside, table), Truth::kAmbiguous);
  EXPECT_EQ(f.Eval(Frame::kEgo, RelationAxis::kUp, +1, table, lamp_over), Truth::kFalse);
  // Footprints overlapping by less than the margin (0.05 m): ambiguous.
  const Object lamp_at_edge = testing::MakeBox(4, {3, 0.37, 1.2}, {0.2, 0.2, 0.4});  // overlaps by 0.03
  EXPECT_EQ(f.Eval(Frame::kEgo, RelationAxis::kUp, +1, lamp_at_edge, table), Truth::kAmbiguous);
}

TEST(RelationsTest, AboveUsesTheObjectsOwnHullsWhereTheSceneHasThem) {
  Fixture f{Scene{}, LookingAlong({0, 0, 1}, {1, 0, 0})};
  // A tissue box over a trash can by their fitted boxes, 3 cm beside it by their points.
  Object can = testing::MakeBox(1, {3, 0, 0.2}, {0.4, 0.4, 0.4});
  Object tissues = testing::MakeBox(2, {3, 0.3, 0.5}, {0.3, 0.3, 0.1});
  EXPECT_EQ(f.Eval(Frame::kWorld, RelationAxis::kUp, +1, tissues, can), Truth::kTrue);
  can.hull_in_world = {{2.8, -0.2}, {3.2, -0.2}, {3.2, 0.1}, {2.8, 0.1}};
  tissues.hull_in_world = {{2.85, 0.13}, {3.15, 0.13}, {3.15, 0.45}, {2.85, 0.45}};
  EXPECT_EQ(f.Eval(Frame::kWorld, RelationAxis::kUp, +1, tissues, can), Truth::kAmbiguous);
  EXPECT_LT(FootprintOverlap(tissues, can), 0);
}

TEST(RelationsTest, RotatedFootprintsOverlapBySeparatingAxes) {
  const Object a = testing::MakeBox(1, {0, 0, 0}, {1, 1, 1});
  // Squares turned by 45 degrees with half-diagonal 0.65: their corners point along x and y.
  const double side = 1.3 / std::sqrt(2.0);
  const Object overlapping = testing::MakeBox(2, {1.1, 0, 0}, {side, side, 1}, M_PI / 4);  // corner at x 0.45
  const Object touching_corner = testing::MakeBox(3, {1.2, 0, 0}, {side, side, 1}, M_PI / 4);  // corner at 0.55
  // Near a's corner (0.5, 0.5): the axis-aligned bounds overlap but the edge x + y = 1.35 of the
  // turned square separates it from a (whose corner has x + y = 1).
  const Object diagonal = testing::MakeBox(4, {1.0, 1.0, 0}, {side, side, 1}, M_PI / 4);
  EXPECT_NEAR(FootprintOverlap(a, overlapping), 0.05, 1e-9);
  EXPECT_NEAR(FootprintOverlap(a, touching_corner), -0.05, 1e-9);
  EXPECT_LT(FootprintOverlap(a, diagonal), 0);
  EXPECT_NEAR(FootprintOverlap(overlapping, a), 0.05, 1e-9);
}

}  // namespace
}  // namespace spatialgen
