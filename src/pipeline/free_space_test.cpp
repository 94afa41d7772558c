// Free space and compatibility on hand-made scenes with known answers, and an independent
// re-check of every free-space point of the demo dataset.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <memory>

#include "core/rng.h"
#include "pipeline/generate.h"
#include "pipeline/prepared_view.h"
#include "qa_gen/compatibility_task.h"
#include "qa_gen/view_items.h"
#include "scene/procedural.h"
#include "scene/scene_file.h"

namespace spatialgen {
namespace {

const std::filesystem::path kSource(SPATIALGEN_SOURCE_DIR);
const std::filesystem::path kScenes = kSource / "tests" / "data" / "free_space";

// A scene file of tests/data/free_space with its first view prepared as a run would.
struct LoadedView {
  explicit LoadedView(const std::string& file)
      : config(LoadRunConfig(kScenes / "config.json")),
        templates(LoadTemplates(config.templates)),
        scene(LoadSceneFile(kScenes / file, config.categories)),
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
    RayCaster(scene).Occluded(&camera, &target, 1, &occluded);  // a fresh caster: an independent check
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
    if (item.frame != "ego" || item.relation != "left") continue;
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
      // The pixel shows the table itself, not the post in front of it.
      const int i = int(item.points_normalized[k].x() * 320), j = int(item.points_normalized[k].y() * 240);
      EXPECT_EQ(loaded.prepared.render.instance[loaded.prepared.render.PixelIndex(i, j)], 1);
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
  // World left is +y, towards a wall 0.05 m away; front/behind run along the open corridor.
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

// Every free-space point of the demo dataset, re-derived with fresh ray casts and surfaces:
// its 3D point projects to its 2D point within half a pixel, lies on a free cell of the
// anchor's support surface, is visible from the camera and lies on the item's side.
TEST(FreeSpaceTest, DemoFreeSpacePointsReverifyIndependently) {
  const auto out = std::filesystem::temp_directory_path() / "spatialgen_free_space_demo";
  std::filesystem::remove_all(out);
  GenerateOptions options;
  options.config = kSource / "configs" / "demo.json";
  options.out = out;
  options.progress = false;
  RunGenerate(options);
  const RunConfig config = LoadRunConfig(options.config);
  const TemplateLibrary templates = LoadTemplates(config.templates);
  int64_t points = 0;
  for (int index = 0; index < config.scenes.procedural.scene_count; ++index) {
    const Scene scene = GenerateProceduralScene(config.scenes.procedural, config.categories, index, config.seed);
    const PreparedScene geometry(scene, config.support);
    std::map<std::string, std::unique_ptr<PreparedView>> views;
    std::ifstream ground_truth(out / "gt" / (scene.id + ".jsonl"));
    for (std::string line; std::getline(ground_truth, line);) {
      const auto item = nlohmann::json::parse(line);
      if (!item.contains("points_in_world")) continue;
      const std::string view_id = item.at("image").get<std::string>().substr(("images/" + scene.id + "/").size(), 2);
      const View* view = nullptr;
      for (const View& v : scene.views) if (v.id == view_id) view = &v;
      ASSERT_NE(view, nullptr) << item.at("id");
      auto& prepared = views[view_id];
      if (!prepared) prepared = std::make_unique<PreparedView>(geometry, *view, config);
      const int anchor_id = item.at("object_ids")[0];
      size_t anchor_index = 0;
      while (scene.objects[anchor_index].id != anchor_id) ++anchor_index;
      const Object& anchor = scene.objects[anchor_index];
      const ObjectVisibility& anchor_visibility = prepared->visibility[anchor_index];
      const int surface_index = geometry.support.surface_of_object[anchor_index];
      ASSERT_GE(surface_index, 0) << item.at("id");
      const OccupancyGrid& grid = geometry.support.surfaces[surface_index].grid;
      const auto referable_anchor = std::find_if(prepared->context.referable.begin(), prepared->context.referable.end(),
                                         [&](const VisibleObject& v) { return v.object == &anchor; });
      ASSERT_NE(referable_anchor, prepared->context.referable.end()) << "anchor not referable: " << item.at("id");
      const RelationEntry& relation = *std::find_if(templates.relations.begin(), templates.relations.end(),
                                                     [&](const RelationEntry& r) { return r.name == item.at("relation"); });
      const std::optional<PointSideTest> side = PointSideTest::Make(
          *ParseFrame(item.at("frame").get<std::string>()), relation.axis, relation.sign, anchor,
          {anchor_visibility.visible_box.min().x(), anchor_visibility.visible_box.max().x(), anchor_visibility.centroid_x},
          scene, *view, config.generation.relations);
      ASSERT_TRUE(side.has_value()) << item.at("id");
      for (size_t k = 0; k < item.at("points_in_world").size(); ++k) {
        const auto& p = item.at("points_in_world")[k];
        const Eigen::Vector3d point(p[0].get<double>(), p[1].get<double>(), p[2].get<double>());
        const Eigen::Vector2d pixel(item.at("answer")[k][0].get<double>() * view->width,
                                    item.at("answer")[k][1].get<double>() * view->height);
        EXPECT_LE((*view->Project(point) - pixel).cwiseAbs().maxCoeff(), 0.5) << item.at("id");
        const std::optional<Eigen::Vector2i> cell = grid.CellAt(point.head<2>());
        ASSERT_TRUE(cell.has_value()) << item.at("id");
        EXPECT_TRUE(grid.IsFree(cell->x(), cell->y(), config.generation.free_space.free_height)) << item.at("id");
        const Eigen::Vector3f camera = view->CenterInWorld().cast<float>(), target = point.cast<float>();
        uint8_t occluded = 1;
        geometry.caster.Occluded(&camera, &target, 1, &occluded);
        EXPECT_EQ(occluded, 0) << item.at("id");
        EXPECT_TRUE(side->Holds(point)) << item.at("id");
        ++points;
      }
    }
  }
  EXPECT_GT(points, 1000);
  std::filesystem::remove_all(out);
}

}  // namespace
}  // namespace spatialgen
