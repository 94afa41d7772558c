#include "qa_gen/view_items.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "testing/synthetic_scenes.h"

namespace spatialgen {
namespace {

const std::filesystem::path kShipped = std::filesystem::path(SPATIALGEN_SOURCE_DIR) / "templates";
// The tasks that need only the view's masks: the hand-made contexts here have no ray caster
// and no support surfaces (the free-space and placement tasks are tested end to end).
const std::vector<std::string> kImageTasks = {"configuration", "grounding", "object_reference"};

// A scene seen by a 640x480 camera at (0, 0, 1) looking along +x (the viewer's left is +y).
struct TinyScene {
  Scene scene;
  ViewContext context;
  ViewRender render;  // instance ids: each object fills its projected box

  TinyScene() {
    scene.id = "tiny";
    scene.objects = {testing::MakeLabeledBox(1, "cup", {3, 0.9, 0.1}, {0.2, 0.2, 0.2}),
                     testing::MakeLabeledBox(2, "bowl", {3, -0.9, 0.1}, {0.3, 0.3, 0.2}),
                     testing::MakeLabeledBox(3, "book", {4, 0.2, 0.1}, {0.2, 0.3, 0.1}),
                     testing::MakeLabeledBox(4, "book", {4, -0.2, 0.1}, {0.2, 0.3, 0.1}),
                     testing::MakeLabeledBox(5, "chair", {5, 0, 0.45}, {0.5, 0.5, 0.9})};
    scene.objects[4].has_front = true;
    View view = testing::MakeViewLookingAlong({0, 0, 1}, Eigen::Vector3d::UnitX(), 640, 480, 500);
    view.id = "v0";
    scene.views = {view};
    context.scene = &scene;
    context.view = &scene.views[0];
    context.image = "images/tiny/v0.png";
    for (const Object& object : scene.objects) {
      VisibleObject visible{&object, {}, view.Project(object.center_in_world)->x()};
      for (const Eigen::Vector3d& corner : object.CornersInWorld()) visible.visible_box.extend(*view.Project(corner));
      context.referable.push_back(visible);
    }
    render.width = view.width;
    render.height = view.height;
    render.instance.assign(size_t(view.width) * view.height, -1);
    for (const VisibleObject& visible : context.referable) {
      const Eigen::AlignedBox2i pixels = visible.visible_box.cast<int>();
      for (int j = std::max(0, pixels.min().y()); j < std::min(view.height, pixels.max().y()); ++j) {
        for (int i = std::max(0, pixels.min().x()); i < std::min(view.width, pixels.max().x()); ++i) {
          render.instance[render.PixelIndex(i, j)] = visible.object->id;
        }
      }
    }
    context.render = &render;
  }
};

TEST(ViewItemsTest, ItemsAreBalancedNamedAndConsistent) {
  TinyScene tiny;
  const TemplateLibrary library = LoadTemplates(kShipped);
  GenerationOptions options;
  options.tasks = kImageTasks;
  options.max_items_per_view = 1000;
  options.max_items_per_task = {{"configuration", 1000}, {"grounding", 1000}};
  Rng rng(5);
  Counters counters;
  const std::vector<QaItem> items = GenerateViewItems(tiny.context, library, options, rng, counters);

  std::set<std::string> ids;
  std::map<std::string, int> balance;  // +1 per yes, -1 per no
  int grounding = 0;
  for (const QaItem& item : items) {
    EXPECT_TRUE(ids.insert(item.id).second) << item.id;
    // Object reference names a target by its label when the relation singles it out ("the
    // book nearest to" the red box); the other tasks name only nameable objects.
    if (item.task == "object_reference") continue;
    EXPECT_EQ(item.question.find("book"), std::string::npos) << "books share a label: " << item.question;
    if (item.task == "grounding") {
      ++grounding;
      continue;
    }
    ASSERT_EQ(item.task, "configuration");
    EXPECT_TRUE(item.question.ends_with("Final answer should be yes or no.")) << item.question;
    balance[item.frame + "/" + item.relation] += item.answer_yes ? 1 : -1;
    if (item.frame == "object") {
      EXPECT_EQ(item.object_labels[1], "chair");
    }
    if (item.frame == "ego" && item.relation == "left" && item.object_labels[0] == "cup" &&
        item.object_labels[1] == "bowl") {
      EXPECT_EQ(item.answer, "yes");
    }
    if (item.frame == "world" && item.relation == "left" && item.object_labels[0] == "bowl" &&
        item.object_labels[1] == "cup") {
      EXPECT_EQ(item.answer, "no");
    }
  }
  for (const auto& [group, difference] : balance) EXPECT_EQ(difference, 0) << group;
  EXPECT_EQ(grounding, 3);  // cup, bowl, chair; the two books are not nameable
  EXPECT_FALSE(balance.empty());
  EXPECT_GT(counters.Get("configuration.candidates"), 0);
}

TEST(ViewItemsTest, AmbiguousPairEmitsNothingAndIsCounted) {
  TinyScene tiny;
  // Two boxes 0.03 m apart along y (inside the 0.05 m margin), side by side for the camera.
  tiny.scene.objects = {testing::MakeLabeledBox(1, "cup", {3, 0.115, 0.1}, {0.2, 0.2, 0.2}),
                        testing::MakeLabeledBox(2, "bowl", {3, -0.115, 0.1}, {0.2, 0.2, 0.2})};
  tiny.context.referable.clear();
  for (const Object& object : tiny.scene.objects) {
    // Masks 2.3 pixels apart in the image: inside the 2 % (12.8 pixel) image margin as well.
    const double center_x = tiny.scene.views[0].Project(object.center_in_world)->x();
    tiny.context.referable.push_back(
        {&object, Eigen::AlignedBox2d(Eigen::Vector2d(center_x - 18, 200), Eigen::Vector2d(center_x + 18, 240)), center_x});
  }
  const TemplateLibrary library = LoadTemplates(kShipped);
  GenerationOptions options;
  options.tasks = {"configuration"};
  options.relation_names = {"left", "right", "front", "behind", "above", "below"};  // the axis relations
  options.balance_yes_no = false;  // so that any left/right item would show
  Rng rng(2);
  Counters counters;
  const std::vector<QaItem> items = GenerateViewItems(tiny.context, library, options, rng, counters);
  for (const QaItem& item : items) {
    // Left/right of either box is ambiguous in every frame; only the false side survives.
    if (item.relation == "left" || item.relation == "right") {
      EXPECT_EQ(item.answer, "no") << item.question;
    }
  }
  // Each ordered pair is ambiguous for its true side in ego and world: 2 pairs x 2 frames.
  EXPECT_EQ(counters.Get("configuration.ambiguous"), 4);
}

TEST(ViewItemsTest, CapsAreRespectedAndOutputIsDeterministic) {
  TinyScene tiny;
  const TemplateLibrary library = LoadTemplates(kShipped);
  GenerationOptions options;
  options.tasks = kImageTasks;
  options.max_items_per_view = 9;
  options.max_items_per_task = {{"configuration", 6}, {"grounding", 10}};
  Counters counters;
  Rng first(11), second(11);
  const std::vector<QaItem> a = GenerateViewItems(tiny.context, library, options, first, counters);
  const std::vector<QaItem> b = GenerateViewItems(tiny.context, library, options, second, counters);
  ASSERT_EQ(a.size(), 9u);  // 6 configuration, then 3 grounding within the view budget
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].question, b[i].question);
    EXPECT_EQ(a[i].id, b[i].id);
  }
  EXPECT_EQ(a[0].id, "tiny_v0_configuration_000");
}

TEST(ViewItemsTest, ObjectReferenceNeedsAUniqueTargetAndPointsOnIt) {
  TinyScene tiny;
  const TemplateLibrary library = LoadTemplates(kShipped);
  GenerationOptions options;
  options.tasks = {"object_reference"};
  options.max_items_per_view = 1000;
  options.max_items_per_task["object_reference"] = 1000;
  Rng rng(3);
  Counters counters;
  const std::vector<QaItem> items = GenerateViewItems(tiny.context, library, options, rng, counters);
  bool cup_left_of_book = false;
  for (const QaItem& item : items) {
    const int target = item.object_ids[0], anchor = item.object_ids[1];
    EXPECT_EQ(item.marked_anchor, anchor);
    EXPECT_EQ(item.image, "images/tiny/v0_mark" + std::to_string(anchor) + ".png");
    EXPECT_EQ(item.mask, "masks/tiny/v0_obj" + std::to_string(target) + ".png");
    EXPECT_TRUE(item.question.ends_with("normalized pixel locations of the points in the image."));
    // Both books are nearer than the chair: "the book in front of the chair" is not unique.
    EXPECT_FALSE(item.object_labels[0] == "book" && anchor == 5 && item.relation == "front") << item.question;
    // The cup (image x about 170) is left of the book at y 0.2 (image x about 295).
    if (target == 1 && anchor == 3 && item.relation == "left") cup_left_of_book = true;
    ASSERT_GE(item.points_normalized.size(), 3u);
    for (const Eigen::Vector2d& point : item.points_normalized) {
      const int i = int(point.x() * 640), j = int(point.y() * 480);
      EXPECT_TRUE(item.region->At(i, j));
      EXPECT_EQ(tiny.render.instance[tiny.render.PixelIndex(i, j)], target);
    }
  }
  EXPECT_TRUE(cup_left_of_book);
}

TEST(ViewItemsTest, VocabularyRelationsReachTheBuilders) {
  TinyScene tiny;
  const TemplateLibrary library = LoadTemplates(kShipped);
  GenerationOptions options;
  options.tasks = {"configuration", "object_reference"};
  options.relation_names = {"between", "nearest"};
  options.balance_yes_no = false;
  options.max_items_per_view = 1000;
  options.max_items_per_task = {{"configuration", 1000}, {"object_reference", 1000}};
  Rng rng(3);
  Counters counters;
  int between = 0, nearest = 0;
  for (const QaItem& item : GenerateViewItems(tiny.context, library, options, rng, counters)) {
    if (item.task == "configuration") {
      // Nothing stands in the corridor from the cup (y 0.9) to the bowl (y -0.9) at x 3: the
      // chair at x 5 is not between them.
      ASSERT_EQ(item.relation, "between");  // no superlative among named objects
      ASSERT_EQ(item.object_ids.size(), 3u);
      if (item.object_labels == std::vector<std::string>{"chair", "cup", "bowl"}) {
        EXPECT_EQ(item.answer, "no");
      }
      EXPECT_NE(item.question.find("between the " + item.object_labels[2] + " and the " + item.object_labels[1]),
                std::string::npos)
          << item.question;
      ++between;
    } else {
      // The book at y 0.2 is 0.92 m from the cup's footprint, the one at y -0.2 1.17 m.
      ASSERT_EQ(item.relation, "nearest");
      if (item.object_ids[1] == 1) {
        EXPECT_EQ(item.object_ids[0], 3) << item.question;
        EXPECT_NE(item.question.find("book"), std::string::npos) << item.question;
        ++nearest;
      }
    }
  }
  EXPECT_GT(between, 0);
  EXPECT_EQ(nearest, 1);
}

TEST(ViewItemsTest, GroundingBoxIsNormalized) {
  TinyScene tiny;
  const TemplateLibrary library = LoadTemplates(kShipped);
  GenerationOptions options;
  options.tasks = {"grounding"};
  Rng rng(1);
  Counters counters;
  const std::vector<QaItem> items = GenerateViewItems(tiny.context, library, options, rng, counters);
  ASSERT_EQ(items.size(), 3u);
  for (const QaItem& item : items) {
    const VisibleObject* visible = nullptr;
    for (const VisibleObject& v : tiny.context.referable) if (v.object->id == item.object_ids[0]) visible = &v;
    ASSERT_NE(visible, nullptr);
    EXPECT_NEAR(item.box_normalized.min().x(), visible->visible_box.min().x() / 640.0, 1e-12);
    EXPECT_NEAR(item.box_normalized.max().y(), visible->visible_box.max().y() / 480.0, 1e-12);
    EXPECT_EQ(item.answer.front(), '[');
  }
}

}  // namespace
}  // namespace spatialgen
