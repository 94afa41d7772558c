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
  EXPECT_EQ(ToLower("TV Stand"), "tv stand");
}

}  // namespace
}  // namespace spatialgen
