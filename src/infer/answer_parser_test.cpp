#include "infer/answer_parser.h"

#include <gtest/gtest.h>

#include "testing/eigen_matchers.h"

namespace spatialgen {
namespace {

constexpr AnswerImageSize k640x480{640, 480};

// A point answer and what it must parse to (empty: no parsable answer).
struct PointCase {
  const char* text;
  std::vector<Eigen::Vector2d> expected;
};

class PointShapes : public ::testing::TestWithParam<PointCase> {};

TEST_P(PointShapes, ParseAsExpected) {
  const PointCase& c = GetParam();
  const auto points = ParsePoints(c.text, k640x480);
  if (c.expected.empty()) {
    EXPECT_FALSE(points.has_value()) << c.text;
    return;
  }
  ASSERT_TRUE(points.has_value()) << c.text;
  ASSERT_EQ(points->size(), c.expected.size()) << c.text;
  for (size_t i = 0; i < c.expected.size(); ++i) {
    EXPECT_NEAR((*points)[i].x(), c.expected[i].x(), 1e-12) << c.text;
    EXPECT_NEAR((*points)[i].y(), c.expected[i].y(), 1e-12) << c.text;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Answers, PointShapes,
    ::testing::Values(
        PointCase{"[(0.1, 0.2), (0.3, 0.4)]", {{0.1, 0.2}, {0.3, 0.4}}},
        PointCase{"[[0.1,0.2]]", {{0.1, 0.2}}},
        PointCase{"[[0.1, 0.2], [0.3, 0.4]]", {{0.1, 0.2}, {0.3, 0.4}}},
        PointCase{"(0.5, 0.25)", {{0.5, 0.25}}},
        PointCase{"[0.5, 0.25]", {{0.5, 0.25}}},
        PointCase{"The points are [(0.1, 0.2), (0.3, 0.4)].", {{0.1, 0.2}, {0.3, 0.4}}},
        PointCase{"Sure! Here they are:\n```\n[(0.461, 0.527), (0.5, 0.6)]\n```", {{0.461, 0.527}, {0.5, 0.6}}},
        PointCase{"[( 0.1 ,0.2 ),(0.3,  0.4)]", {{0.1, 0.2}, {0.3, 0.4}}},
        PointCase{"[(1, 1)]", {{1, 1}}},  // 1 is still normalized
        PointCase{"[(0, 0)]", {{0, 0}}},
        PointCase{"[(.5, .5)]", {{0.5, 0.5}}},
        PointCase{"[(5e-1, 2.5E-1)]", {{0.5, 0.25}}},
        PointCase{"[(320, 240)]", {{0.5, 0.5}}},                      // pixels
        PointCase{"[(320, 240), (0.5, 0.5)]", {{0.5, 0.5}, {0.5 / 640, 0.5 / 480}}},  // any value > 1: all pixels
        PointCase{"[(64.0, 48.0), (640, 480)]", {{0.1, 0.1}, {1, 1}}},
        PointCase{"The free space (see image) is at [(0.1, 0.2)]", {{0.1, 0.2}}},  // prose in parentheses
        PointCase{"In the format [(x1, y1), (x2, y2)]: [(0.3, 0.4)]", {{0.3, 0.4}}},
        PointCase{R"(<point x="61.5" y="40.2" alt="cup">cup</point>)", {{0.615, 0.402}}},
        PointCase{R"(<points x1="10" y1="20" x2="30.5" y2="40" alt="spots">spots</points>)", {{0.1, 0.2}, {0.305, 0.4}}},
        PointCase{R"(Here: <point x='50' y='50' alt="a">a</point> and <point x="0.5" y="1">b</point>)", {{0.5, 0.5}, {0.005, 0.01}}},
        PointCase{"[(-0.1, 0.2)]", {{-0.1, 0.2}}},  // kept; the metrics clamp
        // Wrong shapes: no parsable answer.
        PointCase{"", {}},
        PointCase{"   ", {}},
        PointCase{"I cannot determine the location.", {}},
        PointCase{"[]", {}},
        PointCase{"[(0.1, 0.2, 0.3)]", {}},             // a 3-tuple
        PointCase{"[(0.1, 0.2), (0.3, 0.4, 0.5)]", {}},  // one 3-tuple spoils the answer
        PointCase{"[(0.1, 0.2), (0.3, )]", {}},          // half tuple
        PointCase{"[(0.1, 0.2), (0.3", {}},              // cut off mid-tuple
        PointCase{"[(nan, 0.2)]", {}},
        PointCase{"[(NaN, NaN)]", {}},
        PointCase{"[(inf, 0.5)]", {}},
        PointCase{"[(0.1)]", {}},
        PointCase{"[0.1, 0.2, 0.3, 0.4]", {}},  // a box is not a point list
        PointCase{"0.5, 0.5", {}},              // no brackets
        PointCase{"[(0.1.2, 0.3)]", {}},
        PointCase{"[(0.1, 0.2abc)]", {}},
        PointCase{R"(<point x="61.5" alt="no y">)", {}},
        PointCase{R"(<points x1="10" y1="20" x2="30">)", {}},
        PointCase{R"(<point x="abc" y="1">)", {}},
        PointCase{R"(<point x="1" y="2")", {}}));  // tag never closed

TEST(AnswerParserTest, PixelPointsNeedTheImageSize) {
  EXPECT_FALSE(ParsePoints("[(320, 240)]", {}).has_value());
  EXPECT_TRUE(ParsePoints("[(0.3, 0.2)]", {}).has_value());
  // Molmo percentages need no image size.
  EXPECT_TRUE(ParsePoints(R"(<point x="30" y="20">)", {}).has_value());
}

struct YesNoCase {
  const char* text;
  std::optional<bool> expected;
};

class YesNoShapes : public ::testing::TestWithParam<YesNoCase> {};

TEST_P(YesNoShapes, ParseAsExpected) { EXPECT_EQ(ParseYesNo(GetParam().text), GetParam().expected) << GetParam().text; }

INSTANTIATE_TEST_SUITE_P(
    Answers, YesNoShapes,
    ::testing::Values(YesNoCase{"yes", true}, YesNoCase{"Yes.", true}, YesNoCase{"  YES  ", true},
                      YesNoCase{"**No**", false}, YesNoCase{"no", false},
                      YesNoCase{"No, the chair is not to the left of the table.", false},
                      YesNoCase{"Yes, it is.", true}, YesNoCase{"\"yes\"", true}, YesNoCase{"`no`", false},
                      YesNoCase{"Answer: yes", true}, YesNoCase{"Final answer: **No**", false},
                      YesNoCase{"yes\nBecause ...", true},
                      YesNoCase{"", std::nullopt}, YesNoCase{"Not sure.", std::nullopt},
                      YesNoCase{"nope", std::nullopt}, YesNoCase{"yesterday", std::nullopt},
                      YesNoCase{"The answer is yes.", std::nullopt}, YesNoCase{"Maybe", std::nullopt},
                      YesNoCase{"none", std::nullopt}));

struct BoxCase {
  const char* text;
  std::optional<Eigen::Vector4d> expected;
};

class BoxShapes : public ::testing::TestWithParam<BoxCase> {};

TEST_P(BoxShapes, ParseAsExpected) {
  const BoxCase& c = GetParam();
  const auto box = ParseBox(c.text, k640x480);
  ASSERT_EQ(box.has_value(), c.expected.has_value()) << c.text;
  if (!box) return;
  EXPECT_NEAR(box->min().x(), (*c.expected)[0], 1e-12) << c.text;
  EXPECT_NEAR(box->min().y(), (*c.expected)[1], 1e-12) << c.text;
  EXPECT_NEAR(box->max().x(), (*c.expected)[2], 1e-12) << c.text;
  EXPECT_NEAR(box->max().y(), (*c.expected)[3], 1e-12) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Answers, BoxShapes,
    ::testing::Values(
        BoxCase{"[0.272, 0.471, 0.753, 0.804]", Eigen::Vector4d(0.272, 0.471, 0.753, 0.804)},
        BoxCase{"The box is [0.1, 0.2, 0.3, 0.4].", Eigen::Vector4d(0.1, 0.2, 0.3, 0.4)},
        BoxCase{"[[0.1, 0.2, 0.3, 0.4]]", Eigen::Vector4d(0.1, 0.2, 0.3, 0.4)},
        BoxCase{"[64, 48, 320, 240]", Eigen::Vector4d(0.1, 0.1, 0.5, 0.5)},
        BoxCase{"[(0.1, 0.2), (0.3, 0.4)]", Eigen::Vector4d(0.1, 0.2, 0.3, 0.4)},
        BoxCase{"[0.3, 0.4, 0.1, 0.2]", Eigen::Vector4d(0.1, 0.2, 0.3, 0.4)},  // corners swapped
        BoxCase{"", std::nullopt}, BoxCase{"no box", std::nullopt},
        BoxCase{"[0.1, 0.2, 0.3]", std::nullopt},
        BoxCase{"[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]", std::nullopt},
        BoxCase{"[(0.1, 0.2)]", std::nullopt},
        BoxCase{"[0.1, nan, 0.3, 0.4]", std::nullopt}));

TEST(AnswerParserTest, FormattedAnswersParseBack) {
  const std::vector<Eigen::Vector2d> points = {{0.125, 0.5}, {0.75, 0.0625}};
  EXPECT_EQ(FormatPointsAnswer(points), "[(0.1250, 0.5000), (0.7500, 0.0625)]");
  const auto parsed = ParsePoints(FormatPointsAnswer(points), {});
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ((*parsed)[1], Eigen::Vector2d(0.75, 0.0625));
  const Eigen::AlignedBox2d box(Eigen::Vector2d(0.25, 0.5), Eigen::Vector2d(0.75, 1.0));
  EXPECT_EQ(FormatBoxAnswer(box), "[0.2500, 0.5000, 0.7500, 1.0000]");
  EXPECT_THAT(*ParseBox(FormatBoxAnswer(box), {}), testing::IsApprox(box));
}

}  // namespace
}  // namespace spatialgen
