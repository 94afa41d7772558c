#include "occupancy/surface_patches.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace spatialgen {
namespace {

// Cell centres this close to a triangle edge count as inside, so that a centre on an edge
// shared by two faces is never lost to rounding (m^2, as an edge cross product).
constexpr double kEdgeEpsilon = 1e-10;

double CentroidZ(const SceneFace& face) {
  const auto& c = face.corners_in_world;
  return (c[0].z() + c[1].z() + c[2].z()) / 3;
}

double AreaXy(const SceneFace& face) {
  const auto& c = face.corners_in_world;
  const Eigen::Vector2d u = (c[1] - c[0]).head<2>(), v = (c[2] - c[0]).head<2>();
  return 0.5 * std::abs(u.x() * v.y() - u.y() * v.x());
}

double Cross(const Eigen::Vector2d& a, const Eigen::Vector2d& b, const Eigen::Vector2d& p) {
  const Eigen::Vector2d u = b - a, v = p - a;
  return u.x() * v.y() - u.y() * v.x();
}

bool Covers(const SceneFace& face, const Eigen::Vector2d& p) {
  const auto& c = face.corners_in_world;
  const double e0 = Cross(c[0].head<2>(), c[1].head<2>(), p);
  const double e1 = Cross(c[1].head<2>(), c[2].head<2>(), p);
  const double e2 = Cross(c[2].head<2>(), c[0].head<2>(), p);
  return (e0 >= -kEdgeEpsilon && e1 >= -kEdgeEpsilon && e2 >= -kEdgeEpsilon) ||
         (e0 <= kEdgeEpsilon && e1 <= kEdgeEpsilon && e2 <= kEdgeEpsilon);
}

// Faces of one owner whose heights chain within the tolerance.
std::vector<std::vector<int>> HeightLevels(const std::vector<SceneFace>& faces,
                                           std::vector<int> members, double tolerance) {
  std::sort(members.begin(), members.end(), [&](int a, int b) {
    return std::make_pair(CentroidZ(faces[a]), a) < std::make_pair(CentroidZ(faces[b]), b);
  });
  std::vector<std::vector<int>> levels;
  for (size_t k = 0; k < members.size(); ++k) {
    if (k == 0 || CentroidZ(faces[members[k]]) - CentroidZ(faces[members[k - 1]]) > tolerance) {
      levels.emplace_back();
    }
    levels.back().push_back(members[k]);
  }
  return levels;
}

// The connected patches of one height level.
void PatchesOfLevel(const std::vector<SceneFace>& faces, const std::vector<int>& level,
                    int owner, const PatchOptions& options, std::vector<SurfacePatch>& patches) {
  const double res = options.resolution;
  Eigen::Vector2d lo = faces[level[0]].corners_in_world[0].head<2>(), hi = lo;
  for (int f : level) {
    for (const Eigen::Vector3d& c : faces[f].corners_in_world) {
      lo = lo.cwiseMin(c.head<2>());
      hi = hi.cwiseMax(c.head<2>());
    }
  }
  const Eigen::Vector2i first = (lo / res).array().floor().cast<int>();
  const Eigen::Vector2i last = (hi / res).array().floor().cast<int>();
  const int width = last.x() - first.x() + 1, height = last.y() - first.y() + 1;

  // Rasterize cell centres, remembering which face covers which cell. The centres inside a
  // thin sliver need not be connected, so a face may end up in several patches.
  std::vector<uint8_t> covered(size_t(width) * height, 0);
  std::vector<std::pair<int, int>> cell_and_face;
  for (size_t k = 0; k < level.size(); ++k) {
    const SceneFace& face = faces[level[k]];
    Eigen::Vector2d face_lo = face.corners_in_world[0].head<2>(), face_hi = face_lo;
    for (const Eigen::Vector3d& c : face.corners_in_world) {
      face_lo = face_lo.cwiseMin(c.head<2>());
      face_hi = face_hi.cwiseMax(c.head<2>());
    }
    const int i0 = std::max(0, int(std::floor(face_lo.x() / res)) - first.x());
    const int i1 = std::min(width - 1, int(std::floor(face_hi.x() / res)) - first.x());
    const int j0 = std::max(0, int(std::floor(face_lo.y() / res)) - first.y());
    const int j1 = std::min(height - 1, int(std::floor(face_hi.y() / res)) - first.y());
    for (int j = j0; j <= j1; ++j) {
      for (int i = i0; i <= i1; ++i) {
        const Eigen::Vector2d center = res * Eigen::Vector2d(first.x() + i + 0.5, first.y() + j + 0.5);
        if (!Covers(face, center)) continue;
        covered[j * width + i] = 1;
        cell_and_face.emplace_back(j * width + i, level[k]);
      }
    }
  }

  // Label 8-connected components.
  std::vector<int> label(covered.size(), -1);
  std::vector<std::vector<int>> components;
  std::vector<int> stack;
  for (int start = 0; start < int(covered.size()); ++start) {
    if (!covered[start] || label[start] >= 0) continue;
    const int id = int(components.size());
    components.emplace_back();
    label[start] = id;
    stack.assign(1, start);
    while (!stack.empty()) {
      const int cell = stack.back();
      stack.pop_back();
      components[id].push_back(cell);
      const int ci = cell % width, cj = cell / width;
      for (int dj = -1; dj <= 1; ++dj) {
        for (int di = -1; di <= 1; ++di) {
          const int ni = ci + di, nj = cj + dj;
          if (ni < 0 || nj < 0 || ni >= width || nj >= height) continue;
          const int next = nj * width + ni;
          if (covered[next] && label[next] < 0) {
            label[next] = id;
            stack.push_back(next);
          }
        }
      }
    }
  }

  std::vector<std::vector<int>> component_faces(components.size());
  for (const auto& [cell, face] : cell_and_face) component_faces[label[cell]].push_back(face);
  for (std::vector<int>& members : component_faces) {
    std::sort(members.begin(), members.end());
    members.erase(std::unique(members.begin(), members.end()), members.end());
  }
  // Faces too small to cover a cell centre (scans are made of centimetre triangles) still
  // belong to the surface they lie in: the patch of a covered cell at or next to their centroid.
  // Which ones cover a centre depends on the lattice, so without them a pixel's surface would.
  std::vector<std::vector<int>> small_faces(components.size());
  std::vector<uint8_t> covers_a_centre(faces.size(), 0);
  for (const auto& [cell, face] : cell_and_face) covers_a_centre[face] = 1;
  for (int f : level) {
    if (covers_a_centre[f]) continue;
    const Eigen::Vector2d centroid =
        (faces[f].corners_in_world[0] + faces[f].corners_in_world[1] + faces[f].corners_in_world[2]).head<2>() / 3;
    const int ci = int(std::floor(centroid.x() / res)) - first.x(), cj = int(std::floor(centroid.y() / res)) - first.y();
    for (int d = 0; d < 9; ++d) {
      const int ni = ci + (d % 3 == 0 ? 0 : d % 3 == 1 ? -1 : 1), nj = cj + (d / 3 == 0 ? 0 : d / 3 == 1 ? -1 : 1);
      if (ni < 0 || nj < 0 || ni >= width || nj >= height || !covered[nj * width + ni]) continue;
      small_faces[label[nj * width + ni]].push_back(f);
      break;
    }
  }
  for (size_t id = 0; id < components.size(); ++id) {
    const std::vector<int>& cells = components[id];
    if (double(cells.size()) * res * res < options.min_area) continue;
    int i0 = width, j0 = height, i1 = -1, j1 = -1;
    for (int cell : cells) {
      i0 = std::min(i0, cell % width), i1 = std::max(i1, cell % width);
      j0 = std::min(j0, cell / width), j1 = std::max(j1, cell / width);
    }
    SurfacePatch patch;
    patch.object_id = owner;
    patch.layout = {.origin = res * Eigen::Vector2d(first.x() + i0, first.y() + j0),
                    .resolution = res,
                    .width = i1 - i0 + 1,
                    .height = j1 - j0 + 1};
    patch.cells.assign(size_t(patch.layout.width) * patch.layout.height, 0);
    for (int cell : cells) {
      patch.cells[(cell / width - j0) * patch.layout.width + cell % width - i0] = 1;
    }
    double weighted_z = 0, area = 0;
    for (int f : component_faces[id]) {
      weighted_z += AreaXy(faces[f]) * CentroidZ(faces[f]);
      area += AreaXy(faces[f]);
    }
    patch.height = weighted_z / area;
    patch.faces = component_faces[id];
    patch.faces.insert(patch.faces.end(), small_faces[id].begin(), small_faces[id].end());
    std::sort(patch.faces.begin(), patch.faces.end());
    patches.push_back(std::move(patch));
  }
}

}  // namespace

std::vector<SurfacePatch> FindSurfacePatches(const std::vector<SceneFace>& faces,
                                             const std::vector<int>& upward,
                                             const PatchOptions& options) {
  std::map<int, std::vector<int>> by_owner;
  for (int f : upward) {
    if (AreaXy(faces[f]) > 0) by_owner[faces[f].instance].push_back(f);
  }
  std::vector<SurfacePatch> patches;
  for (const auto& [owner, members] : by_owner) {
    for (const std::vector<int>& level : HeightLevels(faces, members, options.height_tolerance)) {
      PatchesOfLevel(faces, level, owner, options, patches);
    }
  }
  std::sort(patches.begin(), patches.end(), [](const SurfacePatch& a, const SurfacePatch& b) {
    return std::make_tuple(a.object_id, a.height, a.layout.origin.y(), a.layout.origin.x()) <
           std::make_tuple(b.object_id, b.height, b.layout.origin.y(), b.layout.origin.x());
  });
  return patches;
}

}  // namespace spatialgen
