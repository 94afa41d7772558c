#pragma once
// The built-in procedural scene source: rooms with furniture and small objects, each with a
// tight oriented box and its own mesh triangles, and sampled camera views.
#include <cstdint>

#include "core/json_reader.h"
#include "scene/categories.h"
#include "scene/scene.h"
#include "scene/view_sampling.h"

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
  ViewSamplingOptions views;  // camera sampling (JSON key "views")

  void Check() const;
};

// Reads each field above by its name; "views" is a nested object read strictly.
void ReadOptions(JsonReader& reader, ProceduralOptions& options);

// The id of the procedural scene `index`: proc_0007 for 7.
std::string ProceduralSceneId(int index);

// The scene proc_%04d (e.g. proc_0007), a pure function of (options, categories, index, seed).
// The room spans [0, w] x [0, d] with the floor at z = 0; floor and walls are background
// triangles (instance -1). Object flags come from `categories`.
Scene GenerateProceduralScene(const ProceduralOptions& options, const CategoryOptions& categories,
                              int index, uint64_t seed);

}  // namespace spatialgen
