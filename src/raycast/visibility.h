#pragma once
// Which objects a view shows well enough to be referred to (SPEC section 2).
#include <Eigen/Geometry>

#include <array>
#include <cstdint>
#include <vector>

#include "core/json_reader.h"
#include "raycast/raycaster.h"
#include "raycast/render.h"
#include "scene/scene.h"

namespace spatialgen {

struct VisibilityOptions {
  // Fewest visible pixels of a referable object.
  int min_visible_pixels = 400;
  // Smallest share of its unoccluded projection a referable object shows, in [0, 1].
  double min_visible_fraction = 0.3;
  // Largest share of its projected 2D box that the image border may cut away, in [0, 1].
  double max_border_cut = 0.5;
  // Views with a sensor depth image (raycast/sensor_depth.h): a pixel where the sensor sees
  // something nearer than the rendered surface by more than this shows something the scene
  // lacks (a person, an unannotated object) and counts for no object, m.
  double sensor_depth_tolerance = 0.1;
  // ... and a view whose sensor depth agrees with the render (within the tolerance) on less
  // than this share of the pixels where both have depth is dropped: its pose or alignment is
  // wrong, in [0, 1].
  double min_depth_agreement = 0.5;

  // Throws InputError naming the first bad field.
  void Check() const;
};

struct ObjectVisibility {
  int object_id = -1;
  int64_t visible_pixels = 0;     // pixels of the render whose instance is this object
  // Pixels its own geometry covers with nothing else present; -1 when not counted because
  // the object already fails min_visible_pixels or max_border_cut.
  int64_t unoccluded_pixels = -1;
  // Area of the projected 2D box of its box corners inside the image over the box's whole
  // area; 0 when a corner is at or behind the camera plane.
  double inside_image_fraction = 0;
  // Pixel bounds of the visible mask: min = (min i, min j), max = (max i + 1, max j + 1);
  // empty when nothing is visible.
  Eigen::AlignedBox2d visible_box;
  double centroid_x = 0, centroid_y = 0;  // mean pixel centre of the visible mask; 0 if none
  bool referable = false;
};

// One entry per scene object, in scene.objects order. An object is referable when
// visible >= min_visible_pixels, visible >= min_visible_fraction * unoccluded and
// inside_image_fraction >= 1 - max_border_cut. `render` must be Render(caster, view, ...).
// Adds the rays traced for the unoccluded counts to *rays_cast when given.
std::vector<ObjectVisibility> ComputeVisibility(const RayCaster& caster, const Scene& scene,
                                                const View& view, const ViewRender& render,
                                                const VisibilityOptions& options,
                                                int64_t* rays_cast = nullptr);

// The share of the 2D box of `corners_in_world`'s projections that lies inside the image;
// 0 when a corner is at or behind the camera plane or the box has no area.
double InsideImageFraction(const View& view, const std::array<Eigen::Vector3d, 8>& corners_in_world);

// Reads each field by its own name and checks the result; errors name the file and key
// path. Does not call reader.Finish().
void ReadOptions(JsonReader& reader, VisibilityOptions& options);

}  // namespace spatialgen
