#include "infer/question_key.h"

#include <gtest/gtest.h>

namespace spatialgen {
namespace {

DatasetItem Question(std::string text, std::vector<std::string> labels = {}) {
  DatasetItem item;
  item.task = "configuration";
  item.question = std::move(text);
  item.object_labels = std::move(labels);
  return item;
}

TEST(QuestionKeyTest, LabelsAreMaskedAsWholeWordsLongestFirst) {
  EXPECT_EQ(MaskObjectNames(Question("Is the Chair left of the coffee table?", {"chair", "coffee table"})),
            "is the <obj> left of the <obj>?");
  // "table" inside "tablecloth" is not a whole word.
  EXPECT_EQ(MaskObjectNames(Question("Is the tablecloth on the table?", {"table", "tablecloth"})),
            "is the <obj> on the <obj>?");
  EXPECT_EQ(MaskObjectNames(Question("Is the cup near the table?", {"table"})), "is the cup near the <obj>?");
  EXPECT_EQ(QuestionKey(Question("Is the cup near the table?", {"cup", "table"})),
            "configuration|is the <obj> near the <obj>?");
}

TEST(QuestionKeyTest, OnlyMentionsAfterADeterminerAreMasked) {
  // The label "can" must not mask the verb, or the key would tell which items are about cans.
  EXPECT_EQ(MaskObjectNames(Question("Can the can be placed left of the mug?", {"can", "mug"})),
            "can the <obj> be placed left of the <obj>?");
  EXPECT_EQ(MaskObjectNames(Question("Could a can fit on that shelf?", {"can", "shelf"})),
            "could a <obj> fit on that <obj>?");
}

TEST(QuestionKeyTest, SameWordingDifferentObjectsShareAKey) {
  EXPECT_EQ(QuestionKey(Question("Is the chair to the left of the sofa?", {"chair", "sofa"})),
            QuestionKey(Question("Is the lamp to the left of the bed?", {"lamp", "bed"})));
  EXPECT_NE(QuestionKey(Question("Is the chair to the left of the sofa?", {"chair", "sofa"})),
            QuestionKey(Question("Is the chair to the right of the sofa?", {"chair", "sofa"})));
}

TEST(QuestionKeyTest, HeuristicForItemsWithoutLabels) {
  EXPECT_EQ(MaskObjectNames(Question("Is the office chair to the left of the sofa from the camera's perspective?")),
            "is the <obj> to the left of the <obj> from the camera's perspective?");
  // Both questions differ only in their objects.
  EXPECT_EQ(MaskObjectNames(Question("Can a mug be placed in front of the laptop?")),
            MaskObjectNames(Question("Can a big vase be placed in front of the tv stand?")));
  // Spatial wording after an article is kept.
  EXPECT_EQ(MaskObjectNames(Question("Find points in the empty space behind the marked object.")),
            "find points in the empty space behind the marked object.");
}

}  // namespace
}  // namespace spatialgen
