#include "dataset/answer_format.h"

#include <gtest/gtest.h>

namespace spatialgen {
namespace {

TEST(AnswerFormatTest, YesNoIsTrimmedAndCaseInsensitive) {
  EXPECT_EQ(ParseYesNoAnswer("yes"), true);
  EXPECT_EQ(ParseYesNoAnswer(" No\n"), false);
  EXPECT_EQ(ParseYesNoAnswer("YES"), true);
  EXPECT_FALSE(ParseYesNoAnswer("yes."));
  EXPECT_FALSE(ParseYesNoAnswer("yesterday"));
  EXPECT_FALSE(ParseYesNoAnswer(""));
}

TEST(AnswerFormatTest, PointListsInRoundOrSquareBrackets) {
  const auto points = ParsePointListAnswer("[(0.461, 0.527), (0.498,0.521)]");
  ASSERT_TRUE(points);
  ASSERT_EQ(points->size(), 2u);
  EXPECT_DOUBLE_EQ((*points)[0].x(), 0.461);
  EXPECT_DOUBLE_EQ((*points)[1].y(), 0.521);
  const auto squares = ParsePointListAnswer(" [[1e-1, 2.5E-1]] ");
  ASSERT_TRUE(squares);
  EXPECT_DOUBLE_EQ((*squares)[0].y(), 0.25);
  EXPECT_EQ(ParsePointListAnswer("[]")->size(), 0u);
}

TEST(AnswerFormatTest, MalformedPointListsDoNotParse) {
  for (const char* text : {"(0.1, 0.2)", "[(0.1, 0.2, 0.3)]", "[(0.1, 0.2)", "[(0.1, 0.2)] extra", "[(0.1,)]",
                           "[(nan, 0.2)]", "[(0.1 0.2)]", "[0.1, 0.2]", "[[[0.1, 0.2]]]", "points: [(0.1, 0.2)]"}) {
    EXPECT_FALSE(ParsePointListAnswer(text)) << text;
  }
}

TEST(AnswerFormatTest, BoxesAreFourNumbers) {
  const auto box = ParseBoxAnswer("[0.272, 0.471, 0.753, 0.804]");
  ASSERT_TRUE(box);
  EXPECT_DOUBLE_EQ((*box)[2], 0.753);
  EXPECT_TRUE(ParseBoxAnswer("[0.9, 0.1, 0.2, 0.3]"));  // inverted corners are the caller's to flag
  EXPECT_FALSE(ParseBoxAnswer("[0.1, 0.2, 0.3]"));
  EXPECT_FALSE(ParseBoxAnswer("[(0.1, 0.2), (0.3, 0.4)]"));
  EXPECT_FALSE(ParseBoxAnswer("[0.1, 0.2, 0.3, inf]"));
}

}  // namespace
}  // namespace spatialgen
