#pragma once
// Synthesized camera views of a scene: plausible robot or person camera poses inside the
// room, outside furniture, aimed at a group of objects with no roll.
#include <vector>

#include "core/json_reader.h"
#include "core/rng.h"
#include "scene/scene.h"

namespace spatialgen {

struct ViewSamplingOptions {
  int count = 4;                   // views per scene
  int width = 640;                 // image width, pixels
  int height = 480;                // image height, pixels
  double horizontal_fov_deg = 60;  // horizontal field of view, degrees
  double robot_fraction = 0.5;     // share of views at robot height (else person height)
  double robot_height_min = 0.6;   // robot camera height range, m
  double robot_height_max = 1.0;
  double person_height_min = 1.4;  // person eye height range, m
  double person_height_max = 1.7;
  double min_height_above_surface = 0.25;  // eye at least this far above the aimed surface, m
  double distance_min = 1.5;               // horizontal eye-to-aim-point distance range, m
  double distance_max = 3.5;
  double clearance = 0.3;       // horizontal gap from the eye to walls and boxes, m
  double aim_radius = 0.8;      // objects this close (horizontally) to the anchor are aimed at, m
  int min_objects_in_view = 3;  // box centres that must project inside the image
  double min_aimed_fraction = 0.6;  // share of the aimed-at objects that must project inside
  double image_margin = 0.05;       // border share of width/height not counted as inside
  int attempts = 200;               // candidate poses tried per view

  void Check() const;
};

// Reads each field above by its name.
void ReadOptions(JsonReader& reader, ViewSamplingOptions& options);

// Samples up to options.count views with ids v0, v1, ... Each aims at a random anchor
// object (a movable one when the scene has any) and the objects within aim_radius of it;
// the eye height is raised to min_height_above_surface above the surface those objects stand
// on. The room is the footprint of the background mesh (triangles with instance -1; all of
// the mesh when it has no instances; the object boxes grown by distance_max when there is
// no mesh). A pose is kept when it meets min_objects_in_view and min_aimed_fraction, else
// the best valid pose found is kept; a view is left out when no valid eye position exists.
std::vector<View> SampleViews(const Scene& scene, const ViewSamplingOptions& options, Rng& rng);

}  // namespace spatialgen
