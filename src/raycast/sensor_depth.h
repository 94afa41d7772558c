#pragma once
// A view's sensor depth (ScanNet's depth/N.png, a scene file's "depth") checked against the
// render of the scene's geometry. The render knows which object each pixel shows; the sensor
// knows what was really in front of the camera. Where the sensor sees something nearer than
// the rendered surface, something the scene lacks (a person, an unannotated object, a door
// that has moved) hides that surface, so the pixel shows no object of the scene. Where the
// two disagree on most pixels, the view's pose or the scene's alignment is wrong.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "raycast/render.h"
#include "raycast/visibility.h"

namespace spatialgen {

// A 16-bit depth PNG in `units_per_metre` (0: no reading), in metres, as width x height floats
// (row-major). An image of another size with the same aspect ratio (within 1 %) is resampled to
// the nearest pixel (ScanNet records 640x480 depth beside 1296x968 colour; the small difference
// of their intrinsics is left to the tolerance). Throws InputError naming the file when it
// cannot be read, is not single-channel 16-bit, or has another aspect ratio.
std::vector<float> LoadSensorDepth(const std::filesystem::path& path, double units_per_metre, int width, int height);

struct DepthAgreement {
  int64_t compared = 0;  // pixels where both the sensor and the render have depth
  int64_t agreeing = 0;  // ... within the tolerance
  int64_t hidden = 0;    // object pixels where the sensor sees something nearer: cleared
  double Share() const { return compared ? double(agreeing) / double(compared) : 1.0; }
};

// Compares `sensor_depth` with the render and clears (to -1) the instance of every pixel where
// the sensor reads nearer than the render by more than options.sensor_depth_tolerance.
DepthAgreement ApplySensorDepth(const std::vector<float>& sensor_depth, const VisibilityOptions& options,
                                ViewRender& render);

}  // namespace spatialgen
