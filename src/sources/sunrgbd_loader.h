#pragma once
// SUN RGB-D frames (the votenet / mmdetection3d extraction layout): one photo, its calibration
// and its 3D boxes become a Scene with one View and no mesh (the boxes are the geometry).
//
// Files under `root`, for frame id N:
//   calib/N.txt  line 1: Rtilt, 9 numbers; line 2: K, 9 numbers column-major
//                (fx 0 0 0 fy 0 cx cy 1).
//   label/N.txt  one box a line: class x y w h cx cy cz sx sy sz hx hy.
//   image/N.jpg  the photo; only its size is read (it becomes the view's rgb_path).
//
// Conventions, checked against the 4 real frames in ../shared/data/real/sunrgbd_4frames by
// projecting every box's 8 corners into its photo and comparing the projection's 2D box with
// the labelled 2D box (sunrgbd_loader_test.cpp prints the IoUs):
// - World = the upright depth frame (x right, y forward, z up, metres); the camera sits at its
//   origin. cam_from_world = F * Rtilt^T with F: (x, y, z) -> (x, -z, y), the flip from
//   (x right, y forward, z up) to OpenCV (x right, y down, z forward).
// - Rtilt is written column-major like K (the MATLAB extraction writes Rtilt(:)'). Read
//   row-major instead, the mean IoU over the 17 sample boxes drops from 0.70 to 0.37.
// - The labelled 2D boxes cover only the visible part of an object, so an occluded object's box
//   is smaller than its 3D box's projection; the test also checks that each labelled box lies
//   inside the projection (>= 0.96 of its area on every sample box).
// - K is in MATLAB pixel coordinates: the SUN RGB-D toolbox back-projects 1-based pixel index u
//   as (u - cx) / fx, so pixel centres sit at integers from 1. Our pixel i (0-based) covers
//   [i, i+1) with its centre at i + 0.5 = (i + 1) - 0.5, so our cx = K's cx - 0.5 (same for cy).
// - Heading (hx, hy) is the object's front: it points out of the front of dressers and beds.
//   The object's +x axis is the heading, yaw = atan2(hy, hx). The half size along the heading
//   is sy, and sx is across it: size = 2 * (sy, sx, sz). With sx along the heading instead, the
//   labelled boxes of elongated objects stick out of the projection (down to 0.70 of their
//   area inside) and the mean IoU drops from 0.70 to 0.64. mmdetection3d reads them this way.
// - Labels are lower-cased with '_' read as a space ("night_stand" -> "night stand").
// - SUN RGB-D has no canonical room front: the world frame is the camera heading's (the run's
//   world.front default).
#include <filesystem>
#include <string>
#include <vector>

#include "scene/categories.h"
#include "scene/scene.h"

namespace spatialgen {

// Loads one frame as scene "sunrgbd_<frame_id>" with objects numbered 0.. in label-file order.
// Throws InputError naming the file, the scene and the line for missing files, lines with the
// wrong count of numbers, non-finite numbers, non-positive sizes, a zero heading, a K that is
// not a pinhole matrix, or an Rtilt that is not a rotation (within 1e-3).
Scene LoadSunRgbdFrame(const std::filesystem::path& root, const std::string& frame_id,
                       const CategoryOptions& categories);

// The frame ids with a label file under root/label, sorted.
std::vector<std::string> ListSunRgbdFrames(const std::filesystem::path& root);

}  // namespace spatialgen
