#include "raycast/visibility.h"

#include <stdexcept>
#include <unordered_map>

#include "core/check.h"
#include "core/error.h"
#include "core/check.h"

namespace spatialgen {

void VisibilityOptions::Check() const {
  SG_CHECK_OPTION_GE(min_visible_pixels, 0);
  SG_CHECK_OPTION_IN(min_visible_fraction, 0.0, 1.0);
  SG_CHECK_OPTION_IN(max_border_cut, 0.0, 1.0);
  SG_CHECK_OPTION_GT(sensor_depth_tolerance, 0.0);
  SG_CHECK_OPTION_IN(min_depth_agreement, 0.0, 1.0);
}

void ReadOptions(JsonReader& reader, VisibilityOptions& options) {
  reader.Read("min_visible_pixels", options.min_visible_pixels);
  reader.Read("min_visible_fraction", options.min_visible_fraction);
  reader.Read("max_border_cut", options.max_border_cut);
  reader.Read("sensor_depth_tolerance", options.sensor_depth_tolerance);
  reader.Read("min_depth_agreement", options.min_depth_agreement);
  try {
    options.Check();
  } catch (const InputError& error) {
    throw reader.Error(error.location().field, error.reason());
  }
}

double InsideImageFraction(const View& view, const std::array<Eigen::Vector3d, 8>& corners_in_world) {
  Eigen::AlignedBox2d box;
  for (const Eigen::Vector3d& corner : corners_in_world) {
    const std::optional<Eigen::Vector2d> pixel = view.Project(corner);
    if (!pixel) return 0.0;
    box.extend(*pixel);
  }
  const double area = box.volume();
  if (!(area > 0.0)) return 0.0;
  const Eigen::AlignedBox2d image(Eigen::Vector2d::Zero(), Eigen::Vector2d(view.width, view.height));
  const Eigen::AlignedBox2d inside = box.intersection(image);
  return inside.isEmpty() ? 0.0 : inside.volume() / area;
}

std::vector<ObjectVisibility> ComputeVisibility(const RayCaster& caster, const Scene& scene,
                                                const View& view, const ViewRender& render,
                                                const VisibilityOptions& options,
                                                int64_t* rays_cast) {
  options.Check();
  if (render.width != view.width || render.height != view.height) {
    throw std::invalid_argument("ComputeVisibility: the render's size differs from view " + view.id);
  }
  std::vector<ObjectVisibility> result(scene.objects.size());
  std::unordered_map<int, size_t> index_of_id;
  for (size_t k = 0; k < scene.objects.size(); ++k) {
    result[k].object_id = scene.objects[k].id;
    index_of_id[scene.objects[k].id] = k;
  }

  // One pass over the instance image, a run of equal ids at a time: pixel counts, bounds and
  // centroid sums per object (sums of half-integers, exact in double in any order).
  std::vector<Eigen::Vector2d> centre_sums(result.size(), Eigen::Vector2d::Zero());
  for (int j = 0; j < render.height; ++j) {
    const int32_t* row = render.instance.data() + render.PixelIndex(0, j);
    for (int i = 0; i < render.width;) {
      const int32_t instance = row[i];
      const int run_start = i;
      while (i < render.width && row[i] == instance) ++i;
      if (instance < 0) continue;
      const auto it = index_of_id.find(instance);
      if (it == index_of_id.end()) continue;
      ObjectVisibility& entry = result[it->second];
      const int run = i - run_start;
      entry.visible_pixels += run;
      entry.visible_box.extend(Eigen::Vector2d(run_start, j));
      entry.visible_box.extend(Eigen::Vector2d(i, j + 1));
      centre_sums[it->second] += Eigen::Vector2d(0.5 * double(run_start + i) * run, (j + 0.5) * run);
    }
  }

  const PrimaryHits primary{render.primitive, render.depth};
  for (size_t k = 0; k < result.size(); ++k) {
    ObjectVisibility& entry = result[k];
    const Object& object = scene.objects[k];
    if (entry.visible_pixels > 0) {
      entry.centroid_x = centre_sums[k].x() / entry.visible_pixels;
      entry.centroid_y = centre_sums[k].y() / entry.visible_pixels;
    }
    entry.inside_image_fraction = InsideImageFraction(view, object.CornersInWorld());
    // The unoccluded count costs rays over the object's whole projection: spend them only on
    // objects that pass the two cheap tests (most objects of a room fail them).
    if (entry.visible_pixels < options.min_visible_pixels ||
        entry.inside_image_fraction < 1.0 - options.max_border_cut) {
      continue;
    }
    entry.unoccluded_pixels = caster.UnoccludedPixelCount(view, object.id, rays_cast, &primary);
    entry.referable = entry.visible_pixels >= options.min_visible_fraction * entry.unoccluded_pixels;
  }
  return result;
}

}  // namespace spatialgen
