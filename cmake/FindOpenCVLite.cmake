# Finds the three OpenCV modules spatialgen uses (core, imgproc, imgcodecs) without the
# full libopencv-dev meta package, and exposes them as the target OpenCVLite::OpenCVLite.
find_path(OpenCVLite_INCLUDE_DIR opencv2/core.hpp PATH_SUFFIXES opencv4)
find_library(OpenCVLite_core_LIBRARY opencv_core)
find_library(OpenCVLite_imgproc_LIBRARY opencv_imgproc)
find_library(OpenCVLite_imgcodecs_LIBRARY opencv_imgcodecs)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(OpenCVLite REQUIRED_VARS OpenCVLite_INCLUDE_DIR
  OpenCVLite_core_LIBRARY OpenCVLite_imgproc_LIBRARY OpenCVLite_imgcodecs_LIBRARY)
if(OpenCVLite_FOUND AND NOT TARGET OpenCVLite::OpenCVLite)
  add_library(OpenCVLite::OpenCVLite INTERFACE IMPORTED)
  set_target_properties(OpenCVLite::OpenCVLite PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${OpenCVLite_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES
      "${OpenCVLite_imgcodecs_LIBRARY};${OpenCVLite_imgproc_LIBRARY};${OpenCVLite_core_LIBRARY}")
endif()
