// Free space and compatibility on hand-made scenes with known answers, and an independent
// re-check of every free-space point of the demo dataset.
#include <gtest/gtest.h>

#include <memory>

#include "core/rng.h"
#include "pipeline/prepared_view.h"
#include "pipeline/scene_list.h"
#include "qa_gen/compatibility_task.h"
#include "qa_gen/view_items.h"
#include "procedural/generator.h"
#include "sources/scene_file.h"

namespace spatialgen {
namespace {

const std::filesystem::path kSource(SPATIALGEN_SOURCE_DIR);
const std::filesystem::path kScenes = kSource / "tests" / "data" / "free_space";

// A scene as a run completes it (world front, support planes of box-only scenes, names).
Scene Completed(Scene scene, const RunConfig& config) {
  CompleteScene(config, scene);
  return scene;
}

// A scene file of tests/data/free_space with its first view prepared as a run would.
struct LoadedView {
  explicit LoadedView(const std::string& file)
      : config(LoadRunConfig(kScenes / "config.json")),
        templates(LoadTemplates(config.templates)),
        scene(Completed(LoadSceneFile(kScenes / file, config.categories), config)),
        geometry(scene, config.support),
        prepared(geometry, scene.views.at(0), config) {}

  std::vector<QaItem> Items(const std::vector<std::string>& tasks) {
    GenerationOptions options = config.generation;
    options.tasks = tasks;
    Rng rng(1);
    Counters counters;
    return GenerateViewItems(prepared.context, templates, options, rng, counters);
  }
  const ObjectVisibility& VisibilityOf(int object_id) const {
    for (size_t k = 0; k < scene.objects.size(); ++k) {
      if (scene.objects[k].id == object_id) return prepared.visibility[k];
    }
    throw std::out_of_range("no object " + std::to_string(object_id));
  }
  bool Occluded(const Eigen::Vector3d& point) const {
    const Eigen::Vector3f camera = scene.views[0].CenterInWorld().cast<float>(), target = point.cast<float>();
    uint8_t occluded = 0;
    RayCaster(scene).Occluded({&camera, 1}, {&target, 1}, {&occluded, 1});  // a fresh caster: an independent check
    return occluded != 0;
  }

  RunConfig config;
  TemplateLibrary templates;
  Scene scene;
  PreparedScene geometry;
  PreparedView prepared;
};

TEST(FreeSpaceTest, PointsLeftOfTheBoxLieOnTheTableLeftOfItAndInView) {
  LoadedView loaded("table_box.json");
  const double box_left_edge = loaded.VisibilityOf(2).visible_box.min().x();
  int checked = 0;
  for (const QaItem& item : loaded.Items({"context", "free_space_reference"})) {
    // The box's items (the table's own free space is the floor beside it).
    if (item.frame != "ego" || item.relation != "left" || item.object_ids != std::vector<int>{2}) continue;
    ASSERT_EQ(item.points_in_world.size(), item.points_normalized.size());
    for (size_t k = 0; k < item.points_in_world.size(); ++k) {
      const Eigen::Vector3d& point = item.points_in_world[k];
      // On the table top: z 0.7, x in [2.1, 2.9], y in [-0.7, 0.7].
      EXPECT_NEAR(point.z(), 0.7, 1e-3);
      EXPECT_LE(std::abs(point.x() - 2.5), 0.4 + 1e-9);
      EXPECT_LE(std::abs(point.y()), 0.7 + 1e-9);
      // Left of the box in the image, by the 2 % margin (6.4 pixels of 320).
      EXPECT_LE(item.points_normalized[k].x() * 320, box_left_edge - 6.4);
      // Camera looking along +x: the viewer's left is world +y, beyond the box's y of 0.1.
      EXPECT_GT(point.y(), 0.1);
      EXPECT_FALSE(loaded.Occluded(point));
      ++checked;
    }
  }
  EXPECT_GE(checked, 6);  // both tasks gave a "left of the box" item
}

TEST(FreeSpaceTest, PointsBehindAnOccluderAreNeverEmitted) {
  LoadedView loaded("occluded.json");
  int checked = 0;
  for (const QaItem& item : loaded.Items({"context", "free_space_reference"})) {
    for (size_t k = 0; k < item.points_in_world.size(); ++k) {
      EXPECT_FALSE(loaded.Occluded(item.points_in_world[k])) << item.question;
      // The pixel shows the surface itself (the table top, or the floor beside the table), not
      // the post in front of it.
      const int i = int(item.points_normalized[k].x() * 320), j = int(item.points_normalized[k].y() * 240);
      const int surface_owner = item.points_in_world[k].z() > 0.1 ? 1 : -1;
      EXPECT_EQ(loaded.prepared.render.instance[loaded.prepared.render.PixelIndex(i, j)], surface_owner);
      EXPECT_TRUE(item.region->At(i, j));
      ++checked;
    }
  }
  EXPECT_GT(checked, 20);
}

// The answer of "can A be placed `relation` B" (world frame or on top), or nullopt when the
// question was not produced.
std::optional<std::string> CompatibilityAnswer(LoadedView& loaded, bool on_top, const std::string& a,
                                               const std::string& b, const std::string& relation) {
  Rng rng(1);
  Counters counters;
  for (const PendingItem& pending :
       CompatibilityCandidates(loaded.prepared.context, loaded.templates, {Frame::kWorld},
                               loaded.config.generation.relations, loaded.config.generation.compatibility,
                               on_top, rng, counters)) {
    const QaItem& item = pending.item;
    if (item.object_labels == std::vector<std::string>{a, b} && item.relation == relation) return item.answer;
  }
  return std::nullopt;
}

TEST(FreeSpaceTest, BoxWedgedBetweenWallsHasNoRoomBesideIt) {
  LoadedView loaded("wedged.json");
  // The camera looks along +x down the corridor: world left is +y, towards a wall 0.05 m away;
  // front/behind run along the open corridor.
  EXPECT_EQ(CompatibilityAnswer(loaded, false, "cup", "crate", "left"), "no");
  EXPECT_EQ(CompatibilityAnswer(loaded, false, "cup", "crate", "right"), "no");
  EXPECT_EQ(CompatibilityAnswer(loaded, false, "cup", "crate", "behind"), "yes");
  EXPECT_EQ(CompatibilityAnswer(loaded, false, "cup", "crate", "front"), "yes");
}

TEST(FreeSpaceTest, CupFitsOnTheBigTableAndTheSofaDoesNot) {
  LoadedView loaded("big_table.json");
  EXPECT_EQ(CompatibilityAnswer(loaded, true, "cup", "table", "on_top"), "yes");
  EXPECT_EQ(CompatibilityAnswer(loaded, true, "sofa", "table", "on_top"), "no");
  // The table has no front: no object-frame question uses it as the anchor.
  Rng rng(1);
  Counters counters;
  for (const PendingItem& pending :
       CompatibilityCandidates(loaded.prepared.context, loaded.templates, {Frame::kObject},
                               loaded.config.generation.relations, loaded.config.generation.compatibility,
                               false, rng, counters)) {
    EXPECT_NE(pending.item.object_labels[1], "table");
  }
}

}  // namespace
}  // namespace spatialgen
