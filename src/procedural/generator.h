#pragma once
// The built-in procedural scene source: rooms with furniture and small objects, each with a
// tight oriented box and its own mesh triangles, and sampled camera views.
// Vertical structure (so that scenes hold clear "above" pairs): bookshelves have inner boards
// (shelf_boards_*) that hold small objects, desks, counters and tables against a wall may get a
// wall shelf above them (wall_shelf_*), and tables may get a pendant lamp above them (pendant_*).
#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "core/json_reader.h"
#include "scene/categories.h"
#include "scene/scene.h"
#include "procedural/view_sampling.h"

namespace spatialgen {

struct ProceduralOptions {
  int scene_count = 40;  // scenes in the procedural source
  int min_objects = 5;   // small objects per scene (furniture comes on top)
  int max_objects = 30;
  int tabletop_max_objects = 15;        // cap on small objects in tabletop scenes
  double tabletop_fraction = 0.3;       // share of scenes that are close-up tabletops
  double floor_object_fraction = 0.15;  // share of small objects put on the floor (room scenes)
  double room_size_min = 4.0;           // room side length range, m
  double room_size_max = 7.0;
  double wall_height = 2.6;            // m
  double tabletop_distance_min = 0.8;  // horizontal view distance range in tabletop scenes, m
  double tabletop_distance_max = 1.5;
  int shelf_boards_min = 2;  // inner boards of a bookshelf (its bottom board included)
  int shelf_boards_max = 4;
  double headroom_margin = 0.04;  // free height kept above a small object (boards, ceiling), m
  double wall_shelf_probability = 0.6;  // chance a desk, counter or table at a wall gets one above
  double wall_shelf_gap_min = 0.4;      // wall shelf bottom above the top under it, m
  double wall_shelf_gap_max = 0.8;
  int wall_shelf_objects_min = 1;  // small objects put on each wall shelf
  int wall_shelf_objects_max = 3;
  double pendant_probability = 0.5;  // chance a table gets a pendant lamp hanging above it
  double pendant_gap_min = 0.5;      // pendant lamp bottom above the table top, m
  double pendant_gap_max = 0.9;
  ViewSamplingOptions views;  // camera sampling (JSON key "views")

  void Check() const;
};

// Reads each field above by its name; "views" is a nested object read strictly.
void ReadOptions(JsonReader& reader, ProceduralOptions& options);

// The id of the procedural scene `index`: proc_0007 for 7.
std::string ProceduralSceneId(int index);

namespace procedural {

// A level that small objects stand on: a support's top or one of a bookshelf's boards.
struct Surface {
  double z = 0;                                   // world height
  Eigen::Vector2d min = Eigen::Vector2d::Zero();  // usable rectangle in the holder's object frame
  Eigen::Vector2d max = Eigen::Vector2d::Zero();
  double headroom = 0;  // free height above it: up to the next board, or the ceiling
};

// How an object is held up. Wall-mounted and hanging objects have nothing under them.
enum class Mounting {
  kStanding,  // on the floor or on a Surface of a support
  kOnWall,    // fixed to a wall (wall shelves)
  kHanging,   // hanging from the ceiling on a cord (pendant lamps)
};

// What the generator knows about an object beyond its box.
struct ObjectInfo {
  Mounting mounting = Mounting::kStanding;
  std::vector<Surface> surfaces;  // where small objects may stand on it, bottom up; empty if none
};

}  // namespace procedural

struct ProceduralScene {
  Scene scene;
  std::vector<procedural::ObjectInfo> objects;  // one per scene object, indexed by object id
};

// The scene proc_%04d (e.g. proc_0007), a pure function of (options, categories, index, seed).
// The room spans [0, w] x [0, d] with the floor at z = 0; floor, walls and lamp cords are
// background triangles (instance -1). Object flags come from `categories`.
Scene GenerateProceduralScene(const ProceduralOptions& options, const CategoryOptions& categories,
                              int index, uint64_t seed);
// The same scene, with what the generator knows about each object.
ProceduralScene GenerateProceduralSceneWithInfo(const ProceduralOptions& options,
                                                const CategoryOptions& categories, int index,
                                                uint64_t seed);

}  // namespace spatialgen
