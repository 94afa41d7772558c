#include "scene/categories.h"

#include <gtest/gtest.h>

namespace spatialgen {
namespace {

TEST(CategoriesTest, MatchesNormalizedLabelsAndLastWord) {
  const std::vector<std::string> categories = {"table", "chair"};
  EXPECT_TRUE(LabelInCategories("Coffee_Table", categories));
  EXPECT_TRUE(LabelInCategories("office chair", categories));
  EXPECT_TRUE(LabelInCategories("  TABLE ", categories));
  EXPECT_FALSE(LabelInCategories("tablecloth", categories));
  EXPECT_FALSE(LabelInCategories("chair leg", categories));
}

TEST(CategoriesTest, AppliesDefaultFlags) {
  Scene scene;
  scene.objects.resize(3);
  scene.objects[0].label = "chair";
  scene.objects[1].label = "cup";
  scene.objects[2].label = "kitchen counter";
  ApplyCategoryFlags(CategoryOptions(), scene);
  EXPECT_TRUE(scene.objects[0].has_front);
  EXPECT_FALSE(scene.objects[0].movable);
  EXPECT_TRUE(scene.objects[1].movable);
  EXPECT_FALSE(scene.objects[1].support);
  EXPECT_TRUE(scene.objects[2].support);
}

TEST(CategoriesTest, ReadsListsStrictly) {
  const Json json = Json::parse(R"({"movable": ["cup"], "suport": ["table"]})");
  JsonReader reader(json, "c.json");
  CategoryOptions options;
  ReadOptions(reader, options);
  EXPECT_EQ(options.movable, std::vector<std::string>{"cup"});
  EXPECT_THROW(reader.Finish(), InputError);
}

TEST(CategoriesTest, CheckRejectsEmptyLabels) {
  CategoryOptions options;
  options.support.push_back(" ");
  try {
    options.Check();
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().field, "support[" + std::to_string(options.support.size() - 1) + "]");
  }
}

}  // namespace
}  // namespace spatialgen
