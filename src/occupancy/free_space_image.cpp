#include "occupancy/free_space_image.h"

namespace spatialgen {

cv::Mat FreeSpaceImage(const OccupancyGrid& grid, double slab_height) {
  const cv::Vec4b free(0, 255, 0, 255), occupied(0, 0, 255, 255), off(0, 0, 0, 0);
  cv::Mat image(grid.height(), grid.width(), CV_8UC4);
  for (int j = 0; j < grid.height(); ++j) {
    for (int i = 0; i < grid.width(); ++i) {
      const cv::Vec4b color = !grid.IsSurface(i, j)         ? off
                              : grid.IsFree(i, j, slab_height) ? free
                                                               : occupied;
      image.at<cv::Vec4b>(grid.height() - 1 - j, i) = color;
    }
  }
  return image;
}

}  // namespace spatialgen
