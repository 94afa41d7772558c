#include "reframe/predicates.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "testing/synthetic_scenes.h"

namespace spatialgen {
namespace {

using testing::MakeBox;
using testing::MakeLabeledBox;

Predicate Read(const std::string& text) { return ReadPredicate(Json::parse(text), "relations.json", "test"); }

// A camera at (0, 0, 1) looking along +x: the ego and world frames' left is +y and "in front
// of" (nearer the viewer) is -x.
struct Fixture {
  Scene scene;
  View view = testing::MakeViewLookingAlong({0, 0, 1}, {1, 0, 0}, 640, 480, 500);
  RelationOptions options;
  std::map<int, int> rests_on;  // object id -> the id it rests on
  std::vector<const Object*> peers;

  RelationWorld World() const {
    return {scene, view, options,
            [this](const Object& object) -> std::optional<int> {
              const auto it = rests_on.find(object.id);
              if (it == rests_on.end()) return std::nullopt;
              return it->second;
            },
            peers};
  }
  std::optional<Truth> Eval(const Predicate& test, const Object& a, const Object& b, Frame frame = Frame::kEgo,
                            const Object* c = nullptr) const {
    RelationQuery query{&a, &b, {}, {}, c};
    return EvaluatePredicate(test, frame, query, World());
  }
};

const Predicate kFrontLeft = Read(R"({"sector": {"angle_deg": 45}})");

TEST(PredicatesTest, SectorIsTheDirectionFromBClearOfItsExtent) {
  Fixture f;
  const Object b = MakeBox(1, {3, 0, 0.25}, {0.2, 0.2, 0.2});
  // Nearer the viewer (-x) and to the left (+y): 45 degrees, clear by far.
  EXPECT_EQ(f.Eval(kFrontLeft, MakeBox(2, {2, 1, 0.25}, {0.2, 0.2, 0.2}), b), Truth::kTrue);
  // Straight left: 45 degrees off the centre, the edge of the false band (width 60 / 2 + band 15).
  EXPECT_EQ(f.Eval(kFrontLeft, MakeBox(2, {3, 1, 0.25}, {0.2, 0.2, 0.2}), b), Truth::kAmbiguous);
  EXPECT_EQ(f.Eval(kFrontLeft, MakeBox(2, {3.01, 1, 0.25}, {0.2, 0.2, 0.2}), b), Truth::kFalse);
  // 15 degrees from the front: 30 off the centre, the edge of the true band; 14: ambiguous.
  for (const auto& [deg, truth] : std::vector<std::pair<double, Truth>>{{15, Truth::kTrue}, {14, Truth::kAmbiguous}}) {
    const double t = deg * M_PI / 180;
    const Object a = MakeBox(2, {3 - 1.5 * std::cos(t), 1.5 * std::sin(t), 0.25}, {0.2, 0.2, 0.2});
    EXPECT_EQ(f.Eval(kFrontLeft, a, b), truth) << deg;
  }
  // On the diagonal but not clear: the boxes' projections on it are 0.2 sqrt(2) / 2 each
  // side of the centres; 0.3 apart they do not clear by the margin, 0.4 apart they do.
  const Eigen::Vector3d diagonal(-std::sqrt(0.5), std::sqrt(0.5), 0);
  EXPECT_EQ(f.Eval(kFrontLeft, MakeBox(2, b.center_in_world + 0.3 * diagonal, {0.2, 0.2, 0.2}), b), Truth::kAmbiguous);
  EXPECT_EQ(f.Eval(kFrontLeft, MakeBox(2, b.center_in_world + 0.4 * diagonal, {0.2, 0.2, 0.2}), b), Truth::kTrue);
  // Right above B: no direction, not front-left.
  EXPECT_EQ(f.Eval(kFrontLeft, MakeBox(2, {3, 0, 1}, {0.2, 0.2, 0.2}), b), Truth::kFalse);
}

TEST(PredicatesTest, SectorTurnsWithTheAnchorInTheObjectFrame) {
  Fixture f;
  // B faces -x (towards the camera): its front is -x, its left -y.
  Object b = MakeBox(1, {3, 0, 0.25}, {0.2, 0.2, 0.2}, M_PI);
  b.has_front = true;
  const Object a = MakeBox(2, {2, -1, 0.25}, {0.2, 0.2, 0.2});
  EXPECT_EQ(f.Eval(kFrontLeft, a, b, Frame::kObject), Truth::kTrue);
  EXPECT_EQ(f.Eval(kFrontLeft, a, b, Frame::kEgo), Truth::kFalse);  // for the viewer it is front-right
  const Predicate front_right = Read(R"({"sector": {"angle_deg": -45}})");
  EXPECT_EQ(f.Eval(front_right, a, b, Frame::kEgo), Truth::kTrue);
  b.has_front = false;
  EXPECT_FALSE(f.Eval(kFrontLeft, a, b, Frame::kObject).has_value());
}

TEST(PredicatesTest, GapBandsAndSymmetry) {
  Fixture f;
  const Predicate near = Read(R"({"gap": {"max": 0.3}})");
  const Predicate far = Read(R"({"gap": {"min": 1.0}})");
  const Object b = MakeBox(1, {0, 0, 0.25}, {1, 1, 0.5});  // footprint [-0.5, 0.5]^2
  auto a_at = [](double x) { return MakeBox(2, {x, 0, 0.25}, {0.4, 0.4, 0.5}); };
  // Gaps 0.3 (true, the edge), 0.32 (ambiguous), 0.35 = max + margin (false).
  EXPECT_NEAR(FootprintGap(a_at(1.0), b), 0.3, 1e-12);
  EXPECT_EQ(f.Eval(near, a_at(1.0), b), Truth::kTrue);
  EXPECT_EQ(f.Eval(near, a_at(1.02), b), Truth::kAmbiguous);
  EXPECT_EQ(f.Eval(near, a_at(1.05), b), Truth::kFalse);
  // Gaps 1.0 (true), 0.97 (ambiguous), 0.95 = min - margin (false).
  EXPECT_EQ(f.Eval(far, a_at(1.7), b), Truth::kTrue);
  EXPECT_EQ(f.Eval(far, a_at(1.67), b), Truth::kAmbiguous);
  EXPECT_EQ(f.Eval(far, a_at(1.65), b), Truth::kFalse);
  // A near B iff B near A, at every distance.
  for (double x = 0.6; x < 2.5; x += 0.01) {
    EXPECT_EQ(f.Eval(near, a_at(x), b), f.Eval(near, b, a_at(x))) << x;
    EXPECT_EQ(f.Eval(far, a_at(x), b), f.Eval(far, b, a_at(x))) << x;
  }
  // A cup on B: no gap, but not beside it either.
  EXPECT_EQ(f.Eval(near, MakeBox(2, {0, 0, 0.55}, {0.1, 0.1, 0.1}), b), Truth::kAmbiguous);
  // Corner to corner: (0.5, 0.5) to (1.1, 1.1).
  EXPECT_NEAR(FootprintGap(MakeBox(2, {1.3, 1.3, 0.25}, {0.4, 0.4, 0.5}), b), 0.6 * std::sqrt(2.0), 1e-12);
}

TEST(PredicatesTest, GapUsesTheObjectsHullsWhereTheSceneHasThem) {
  Fixture f;
  Object b = MakeBox(1, {0, 0, 0.25}, {1, 1, 0.5});
  const Object a = MakeBox(2, {1.0, 0, 0.25}, {0.4, 0.4, 0.5});
  b.hull_in_world = {{-0.2, -0.2}, {0.2, -0.2}, {0.2, 0.2}, {-0.2, 0.2}};  // a thin pole in a big box
  EXPECT_NEAR(FootprintGap(a, b), 0.6, 1e-12);
}

TEST(PredicatesTest, SupportedByFollowsWhatEachObjectRestsOn) {
  Fixture f;
  const Predicate on = Read(R"({"supported_by": {}})");
  const Object cup = MakeBox(1, {0, 0, 0.8}, {0.1, 0.1, 0.1});
  const Object table = MakeBox(2, {0, 0, 0.375}, {1, 1, 0.75});
  const Object chair = MakeBox(3, {1, 0, 0.4}, {0.5, 0.5, 0.8});
  const Object lamp = MakeBox(4, {0, 0, 2}, {0.3, 0.3, 0.3});
  f.rests_on = {{1, 2}, {2, -1}, {3, -1}};
  EXPECT_EQ(f.Eval(on, cup, table), Truth::kTrue);
  EXPECT_EQ(f.Eval(on, table, cup), Truth::kFalse);  // A on B excludes B on A
  EXPECT_EQ(f.Eval(on, cup, chair), Truth::kFalse);
  EXPECT_EQ(f.Eval(on, lamp, table), Truth::kAmbiguous);  // rests on nothing known
  // Resting on B's surface but lower than B (a malformed support): never "on".
  f.rests_on[2] = 1;
  EXPECT_EQ(f.Eval(on, table, cup), Truth::kAmbiguous);
}

TEST(PredicatesTest, InsideIsTheShareOfABoxInB) {
  Fixture f;
  const Predicate inside = Read(R"({"inside": {}})");  // true from 0.8, false up to 0.2
  const Object b = MakeBox(1, {0, 0, 0.5}, {1, 1, 1});
  auto a_at = [](double x) { return MakeBox(2, {x, 0, 0.5}, {0.2, 0.2, 0.2}); };
  EXPECT_DOUBLE_EQ(ShareInside(a_at(0), b), 1.0);
  EXPECT_DOUBLE_EQ(ShareInside(a_at(0.45), b), 0.8);
  EXPECT_DOUBLE_EQ(ShareInside(a_at(0.55), b), 0.3);
  EXPECT_DOUBLE_EQ(ShareInside(a_at(0.57), b), 0.2);
  EXPECT_EQ(f.Eval(inside, a_at(0), b), Truth::kTrue);
  EXPECT_EQ(f.Eval(inside, a_at(0.45), b), Truth::kTrue);
  EXPECT_EQ(f.Eval(inside, a_at(0.55), b), Truth::kAmbiguous);
  EXPECT_EQ(f.Eval(inside, a_at(0.57), b), Truth::kFalse);
  EXPECT_EQ(f.Eval(inside, b, a_at(0)), Truth::kFalse);  // the box is not in the cup inside it
  // A turned box: a 45-degree turned 0.2 cube at the centre is still wholly inside.
  EXPECT_EQ(f.Eval(inside, MakeBox(2, {0, 0, 0.5}, {0.2, 0.2, 0.2}, M_PI / 4), b), Truth::kTrue);
}

TEST(PredicatesTest, BetweenIsTheCorridorJoiningTwoAnchors) {
  Fixture f;
  const Predicate between = Read(R"({"between": {}})");
  const Object b = MakeBox(1, {0, 0, 0.2}, {0.4, 0.4, 0.4});
  const Object c = MakeBox(3, {2, 0, 0.2}, {0.4, 0.4, 0.4});  // the corridor: x in [0.2, 1.8], |y| <= 0.2
  auto a_at = [](double x, double y) { return MakeBox(2, {x, y, 0.1}, {0.2, 0.2, 0.2}); };
  EXPECT_EQ(f.Eval(between, a_at(1, 0), b, Frame::kEgo, &c), Truth::kTrue);
  EXPECT_EQ(f.Eval(between, a_at(1, 0.15), b, Frame::kEgo, &c), Truth::kTrue);       // 0.05 inside the edge
  EXPECT_EQ(f.Eval(between, a_at(1, 0.18), b, Frame::kEgo, &c), Truth::kAmbiguous);  // 0.02 inside
  EXPECT_EQ(f.Eval(between, a_at(1, 0.25), b, Frame::kEgo, &c), Truth::kFalse);      // 0.05 outside
  EXPECT_EQ(f.Eval(between, a_at(0.22, 0), b, Frame::kEgo, &c), Truth::kAmbiguous);  // by B, not clear of it
  EXPECT_EQ(f.Eval(between, a_at(3, 0), b, Frame::kEgo, &c), Truth::kFalse);
  EXPECT_FALSE(f.Eval(between, a_at(1, 0), b).has_value());  // no second anchor
  // Between B and C is between C and B.
  for (double x = -0.5; x < 2.5; x += 0.05) {
    for (double y = -0.4; y < 0.4; y += 0.05) {
      EXPECT_EQ(f.Eval(between, a_at(x, y), b, Frame::kEgo, &c), f.Eval(between, a_at(x, y), c, Frame::kEgo, &b))
          << x << ", " << y;
    }
  }
}

TEST(PredicatesTest, NearestComparesWithTheOthersOfTheLabel) {
  Fixture f;
  const Predicate nearest = Read(R"({"nearest": {"among": "same_label"}})");
  const Object plate = MakeLabeledBox(1, "plate", {0, 0, 0.1}, {0.2, 0.2, 0.2});
  const Object cup = MakeLabeledBox(2, "cup", {0.5, 0, 0.1}, {0.2, 0.2, 0.2});    // gap 0.3
  Object other = MakeLabeledBox(3, "cup", {1.0, 0, 0.1}, {0.2, 0.2, 0.2});        // gap 0.8
  f.peers = {&plate, &cup, &other};
  EXPECT_EQ(f.Eval(nearest, cup, plate), Truth::kTrue);
  EXPECT_EQ(f.Eval(nearest, other, plate), Truth::kFalse);
  other.center_in_world.x() = 0.53;  // gap 0.33: not nearer by the margin
  EXPECT_EQ(f.Eval(nearest, cup, plate), Truth::kAmbiguous);
  f.peers = {&plate, &cup};
  EXPECT_EQ(f.Eval(nearest, cup, plate), Truth::kAmbiguous);  // no other cup to compare with
}

TEST(PredicatesTest, AllOfNeedsEveryPart) {
  Fixture f;
  const Predicate near_front_left = Read(R"({"all_of": [{"sector": {"angle_deg": 45}}, {"gap": {"max": 0.5}}]})");
  const Object b = MakeBox(1, {3, 0, 0.25}, {0.2, 0.2, 0.2});
  EXPECT_EQ(f.Eval(near_front_left, MakeBox(2, {2.7, 0.3, 0.25}, {0.2, 0.2, 0.2}), b), Truth::kTrue);
  EXPECT_EQ(f.Eval(near_front_left, MakeBox(2, {2, 1, 0.25}, {0.2, 0.2, 0.2}), b), Truth::kFalse);  // far
  EXPECT_EQ(f.Eval(near_front_left, MakeBox(2, {3, 1, 0.25}, {0.2, 0.2, 0.2}), b), Truth::kFalse);
  EXPECT_TRUE(UsesFrame(near_front_left));
  EXPECT_FALSE(UsesFrame(Read(R"({"gap": {"max": 0.5}})")));
}

TEST(PredicatesTest, BeyondIsTodaysRelation) {
  Fixture f;
  const Object a = MakeBox(1, {3, 0.5, 0.25}, {0.3, 0.3, 0.5});
  const Object b = MakeBox(2, {3, -0.5, 0.25}, {0.3, 0.3, 0.5});
  const Predicate left = Read(R"({"beyond": {"axis": "left", "sign": 1}})");
  for (Frame frame : {Frame::kEgo, Frame::kWorld}) {
    RelationQuery query{&a, &b, {400, 500, 450}, {100, 200, 150}};
    EXPECT_EQ(EvaluatePredicate(left, frame, query, f.World()),
              EvaluateRelation(frame, RelationAxis::kLeft, 1, query, f.scene, f.view, f.options));
  }
  // Its own margin: the boxes' world extents are 0.7 apart.
  EXPECT_EQ(f.Eval(Read(R"({"beyond": {"axis": "left", "sign": 1, "margin": 0.7}})"), a, b, Frame::kWorld),
            Truth::kTrue);
  EXPECT_EQ(f.Eval(Read(R"({"beyond": {"axis": "left", "sign": 1, "margin": 0.71}})"), a, b, Frame::kWorld),
            Truth::kAmbiguous);
}

TEST(PredicatesTest, FramesToAskRepeatOnlyWhatTheFrameChanges) {
  Fixture f;
  const Object plain = MakeBox(1, {3, 0, 0.25}, {0.2, 0.2, 0.2});
  const std::vector<Frame> all = {Frame::kEgo, Frame::kWorld, Frame::kObject};
  EXPECT_EQ(FramesToAsk(Read(R"({"gap": {"max": 0.5}})"), all, plain, f.World()), std::vector<Frame>{Frame::kEgo});
  EXPECT_EQ(FramesToAsk(Read(R"({"gap": {"max": 0.5}})"), {Frame::kObject, Frame::kWorld}, plain, f.World()),
            std::vector<Frame>{Frame::kWorld});
  EXPECT_EQ(FramesToAsk(kFrontLeft, all, plain, f.World()), all);
  f.scene.world_front = WorldFront{WorldFront::Mode::kNone};
  EXPECT_FALSE(FrameExists(kFrontLeft, Frame::kWorld, plain, f.World()));
  EXPECT_TRUE(FrameExists(Read(R"({"beyond": {"axis": "up", "sign": 1}})"), Frame::kWorld, plain, f.World()));
}

TEST(PredicatesTest, PointFormsAreTheTrueBandForAPoint) {
  Fixture f;
  const Object b = MakeBox(1, {0, 0, 0.25}, {1, 1, 0.5});
  const Object c = MakeBox(3, {3, 0, 0.25}, {1, 1, 0.5});
  const auto near = PointTest::Make(Read(R"({"gap": {"max": 0.3}})"), Frame::kEgo, b, {}, nullptr, f.World());
  ASSERT_TRUE(near);
  EXPECT_TRUE(near->Holds({0.8, 0, 0}));
  EXPECT_TRUE(near->Holds({0, 0, 0}));  // on its footprint
  EXPECT_FALSE(near->Holds({0.9, 0, 0}));
  const auto between = PointTest::Make(Read(R"({"between": {}})"), Frame::kEgo, b, {}, &c, f.World());
  ASSERT_TRUE(between);
  EXPECT_TRUE(between->Holds({1.5, 0.4, 0}));
  EXPECT_FALSE(between->Holds({1.5, 0.48, 0}));
  EXPECT_FALSE(between->Holds({0.52, 0, 0}));
  // Front-left of B for the viewer: -x and +y, clear of B's projection on the diagonal.
  const auto front_left = PointTest::Make(kFrontLeft, Frame::kEgo, b, {}, nullptr, f.World());
  ASSERT_TRUE(front_left);
  EXPECT_TRUE(front_left->Holds({-1, 1, 0}));
  EXPECT_FALSE(front_left->Holds({-0.5, 0.5, 0}));  // on B's corner
  EXPECT_FALSE(front_left->Holds({1, 1, 0}));
  EXPECT_FALSE(PointTest::Make(Read(R"({"supported_by": {}})"), Frame::kEgo, b, {}, nullptr, f.World()));
  EXPECT_FALSE(PointTest::Make(Read(R"({"inside": {}})"), Frame::kEgo, b, {}, nullptr, f.World()));
}

TEST(PredicatesTest, PointBatchesAnswerAsSinglePoints) {
  Fixture f;
  const Object b = MakeBox(1, {3, 0, 0.25}, {1, 1, 0.5});
  const Object c = MakeBox(3, {5, 1, 0.25}, {1, 1, 0.5});
  // Points on the floor in front of the camera, with the pixel column each projects to.
  std::vector<Eigen::Vector3d> points;
  std::vector<double> image_x;
  for (double x = 1.0; x <= 6.0; x += 0.13) {
    for (double y = -2.0; y <= 2.5; y += 0.11) {
      points.emplace_back(x, y, 0.0);
      image_x.push_back(f.view.Project(points.back())->x());
    }
  }
  const PointBatch batch{points, image_x};
  const ImageExtent b_in_image{250, 390, 320};
  for (const char* text : {R"({"beyond": {"axis": "left", "sign": 1}})", R"({"beyond": {"axis": "front", "sign": -1}})",
                           R"({"sector": {"angle_deg": 45}})", R"({"gap": {"max": 0.4}})", R"({"gap": {"min": 1.0}})",
                           R"({"between": {}})",
                           R"({"all_of": [{"beyond": {"axis": "left", "sign": -1}}, {"gap": {"max": 1.0}}]})"}) {
    for (Frame frame : {Frame::kEgo, Frame::kWorld}) {
      const auto test = PointTest::Make(Read(text), frame, b, b_in_image, &c, f.World());
      ASSERT_TRUE(test) << text;
      std::vector<uint8_t> holds;
      test->Evaluate(batch, holds);
      ASSERT_EQ(holds.size(), points.size());
      int64_t count = 0;
      for (size_t k = 0; k < points.size(); ++k) {
        EXPECT_EQ(holds[k] != 0, test->Holds(points[k])) << text << " at " << points[k].transpose();
        count += test->Holds(points[k]) ? 1 : 0;
      }
      EXPECT_GT(count, 0) << text;
      EXPECT_LT(count, int64_t(points.size())) << text;
      const PointBounds bounds = PointBounds::Of(batch);
      EXPECT_EQ(test->CountUpTo(batch, bounds, int64_t(points.size())), count) << text;
      EXPECT_EQ(test->CountUpTo(batch, bounds, 3), 3) << text;
      // Patches of the points, many of them where the test holds nowhere (skipped by their
      // bounds): the same counts as point by point.
      for (double x0 = 1.0; x0 < 6.0; x0 += 0.7) {
        for (double y0 = -2.0; y0 < 2.5; y0 += 0.6) {
          std::vector<Eigen::Vector3d> patch_points;
          std::vector<double> patch_x;
          int64_t patch_count = 0;
          for (size_t k = 0; k < points.size(); ++k) {
            if (points[k].x() < x0 || points[k].x() >= x0 + 0.7 || points[k].y() < y0 || points[k].y() >= y0 + 0.6) {
              continue;
            }
            patch_points.push_back(points[k]);
            patch_x.push_back(image_x[k]);
            patch_count += holds[k];
          }
          const PointBatch patch{patch_points, patch_x};
          EXPECT_EQ(test->CountUpTo(patch, PointBounds::Of(patch), 10000), patch_count)
              << text << " in the patch at " << x0 << ", " << y0;
        }
      }
    }
  }
}

TEST(PredicatesTest, BadTestsNameTheFileAndKey) {
  auto message = [](const std::string& text) -> std::string {
    try {
      Read(text);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(message(R"({"besides": {}})").find("relations.json: test.besides: unknown predicate \"besides\""),
            std::string::npos);
  EXPECT_NE(message(R"({"beyond": {"axis": "left", "sign": 1, "axes": 2}})").find("test.beyond.axes"), std::string::npos);
  EXPECT_NE(message(R"({"beyond": {"axis": "down", "sign": 1}})").find("test.beyond.axis"), std::string::npos);
  EXPECT_NE(message(R"({"gap": {"max": 1, "min": 2}})").find("exactly one of max and min"), std::string::npos);
  EXPECT_NE(message(R"({"inside": {"fraction": 0.1}})").find("test.inside.false_fraction"), std::string::npos);
  EXPECT_NE(message(R"({"all_of": [{"gap": {"max": 1}}, {"sector": {}}]})").find("test.all_of[1].sector.angle_deg"),
            std::string::npos);
  EXPECT_NE(message(R"({"gap": {"max": 1}, "inside": {}})").find("one key"), std::string::npos);
  EXPECT_NE(message(R"({"nearest": {"among": "all"}})").find("test.nearest.among"), std::string::npos);
}

}  // namespace
}  // namespace spatialgen
