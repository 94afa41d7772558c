#include "core/text.h"

#include <gtest/gtest.h>

namespace spatialgen {
namespace {

TEST(TextTest, TrimDropsSurroundingWhiteSpaceOnly) {
  EXPECT_EQ(Trim("  a b\t\r\n"), "a b");
  EXPECT_EQ(Trim(" \n "), "");
  EXPECT_EQ(Trim(""), "");
}

TEST(TextTest, CategoryKeyComparesLabelsTheWayCategoryListsDo) {
  EXPECT_EQ(CategoryKey("Coffee_Table"), "coffee table");
  EXPECT_EQ(CategoryKey(" coffee-table "), "coffee table");
  EXPECT_EQ(CategoryKey("Night__Stand"), "night stand");
  EXPECT_EQ(CategoryKey("office \t chair"), "office chair");
  EXPECT_EQ(CategoryKey("_-_"), "");
  EXPECT_EQ(CategoryKey("Brown potato. "), "brown potato");
  EXPECT_EQ(ToLower("TV Stand"), "tv stand");
}

TEST(TextTest, QuestionNamesReadAsPartOfASentence) {
  EXPECT_EQ(QuestionName("Brown potato."), "brown potato");
  EXPECT_EQ(QuestionName("Green and white bok choy."), "green and white bok choy");
  EXPECT_EQ(QuestionName("White circular alarm clock."), "white circular alarm clock");
  EXPECT_EQ(QuestionName("Orange juice carton with orange and white colors, \"ORANGE JUICE\" text."),
            "orange juice carton with orange and white colors, \"ORANGE JUICE\" text");
  EXPECT_EQ(QuestionName("Box with \"Fresh Milk\" label"), "box with \"Fresh Milk\" label");
  EXPECT_EQ(QuestionName("  Black   TV stand!  "), "black TV stand");
  EXPECT_EQ(QuestionName("A red iPhone"), "a red iPhone");
  EXPECT_EQ(QuestionName("trash bin"), "trash bin");
  EXPECT_EQ(QuestionName("..."), "");
}

}  // namespace
}  // namespace spatialgen
