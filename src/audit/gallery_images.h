#pragma once
// The gallery pictures of report.html: an item's image, downscaled, with its ground-truth mask
// tinted over it and its answer (points, box) drawn on top, encoded as JPEG for embedding.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_report.h"

namespace spatialgen {

// Colours the pictures are drawn with (B, G, R), named in the page's legend.
inline constexpr std::array<int, 3> kGalleryPointBgr = {0, 230, 0};        // green, black outline
inline constexpr std::array<int, 3> kGalleryBoxBgr = {0, 220, 255};        // yellow
inline constexpr std::array<int, 3> kGalleryMaskTintBgr = {255, 160, 0};   // blue, half-transparent

struct GalleryPicture {
  std::string jpeg;                // the drawn picture, JPEG bytes
  int width = 0, height = 0;       // its size in pixels
  std::vector<std::string> notes;  // what could not be drawn, e.g. "mask missing: PATH"
};

// Draws `entry` on its image scaled down to at most `max_width` pixels wide (never up): the mask
// (when the entry names one) tinted, the answer points as filled circles at (x * width,
// y * height), the box answer as a rectangle. nullopt when the image cannot be read; a mask that
// cannot be read is left out and noted.
std::optional<GalleryPicture> DrawGalleryPicture(const GalleryEntry& entry, int max_width,
                                                 int jpeg_quality);

}  // namespace spatialgen
