// Box-only tabletops as RoboSpatial-format photos give them: objects annotated on a table that
// is not, their box bottoms scattered by annotation noise. Every object must rest on a surface,
// and context and compatibility items must come out as they do when the bottoms agree.
#include <gtest/gtest.h>

#include "core/rng.h"
#include "pipeline/prepared_view.h"
#include "pipeline/scene_list.h"
#include "qa_gen/view_items.h"
#include "scene/camera.h"
#include "scene/box_geometry.h"
#include "testing/synthetic_scenes.h"

namespace spatialgen {
namespace {

const std::filesystem::path kSource(SPATIALGEN_SOURCE_DIR);

// Eight small objects on an unannotated table top at z = -0.75 (the camera's frame of a photo),
// bottoms off by up to `scatter` metres either way, seen from 0.6 m above the table, 1 m away.
Scene Tabletop(double scatter) {
  Scene scene;
  scene.id = "tabletop";
  const char* labels[8] = {"cup", "bowl", "mug", "can", "apple", "banana", "orange", "book"};
  Rng rng(7);
  for (int k = 0; k < 8; ++k) {
    const double x = 0.35 * (k % 4), y = 0.4 * (k / 4);
    const double height = 0.08 + 0.01 * k;
    const double bottom = -0.75 + rng.Uniform(-scatter, scatter);
    Object object = testing::MakeLabeledBox(k, labels[k], {x, y, bottom + height / 2}, {0.1, 0.1, height});
    object.movable = true;
    scene.objects.push_back(object);
  }
  View view;
  view.id = "v0";
  view.width = 640;
  view.height = 480;
  view.intrinsics = {450, 450, 320, 240};
  view.cam_from_world = CamFromWorldLookAt({0.525, -1.0, -0.15}, {0.525, 0.2, -0.75});
  scene.views = {view};
  return scene;
}

struct TabletopItems {
  int context = 0, compatibility = 0;
  std::vector<int> surface_of_object;
  std::vector<double> surface_height_of_object;
};

TabletopItems Generate(double scatter) {
  RunConfig config = LoadRunConfig(kSource / "tests" / "data" / "free_space" / "config.json");
  Scene scene = Tabletop(scatter);
  CompleteScene(config, scene);
  const TemplateLibrary templates = LoadTemplates(config.templates);
  const PreparedScene geometry(scene, config.support);
  const PreparedView prepared(geometry, scene.views[0], config);
  GenerationOptions options = config.generation;
  options.tasks = {"context", "compatibility"};
  Rng rng(3);
  Counters counters;
  TabletopItems result;
  for (const QaItem& item : GenerateViewItems(prepared.context, templates, options, rng, counters)) {
    (item.task == "context" ? result.context : result.compatibility) += 1;
  }
  for (const Object& object : scene.objects) {
    const int surface = geometry.support.SurfaceOf(scene, object);
    result.surface_of_object.push_back(surface);
    result.surface_height_of_object.push_back(surface >= 0 ? geometry.support.surfaces[surface].height : NAN);
  }
  return result;
}

TEST(BoxOnlyTabletopTest, ScatteredBottomsStillRestOnOneSurfaceAndGiveFreeSpaceItems) {
  const TabletopItems flat = Generate(0.0);
  const TabletopItems scattered = Generate(0.04);
  ASSERT_GT(flat.context, 0);
  ASSERT_GT(flat.compatibility, 0);
  for (size_t k = 0; k < scattered.surface_of_object.size(); ++k) {
    ASSERT_GE(scattered.surface_of_object[k], 0) << "object " << k << " rests on nothing";
    EXPECT_EQ(scattered.surface_of_object[k], scattered.surface_of_object[0]) << "object " << k;
  }
  // The plane lies under every object: at the lowest bottom, within the scatter of the table.
  EXPECT_GE(scattered.surface_height_of_object[0], -0.75 - 0.04 - 1e-9);
  EXPECT_LE(scattered.surface_height_of_object[0], -0.75);
  // The items come out in about the same numbers as with exact bottoms.
  EXPECT_GE(scattered.context, flat.context * 0.6) << flat.context;
  EXPECT_GE(scattered.compatibility, flat.compatibility * 0.6) << flat.compatibility;
}

}  // namespace
}  // namespace spatialgen
