# Precompiled headers: the third-party headers most files include (Eigen, nlohmann/json, fmt,
# the standard library; GoogleTest in test binaries). Parsing them was a third to a half of a
# typical file's compile time. Two precompiled headers serve every target: spatialgen_core's
# for the libraries and binaries, core_tests' (with GoogleTest) for the test binaries (the
# targets share their compile options; GCC warns, -Winvalid-pch, where one could not be used).
# SPATIALGEN_PCH=OFF compiles without them.
option(SPATIALGEN_PCH "Precompile the common third-party headers" ON)
set(SPATIALGEN_PCH_HEADERS <algorithm> <filesystem> <functional> <map> <memory> <optional> <string> <vector>
    <Eigen/Core> <Eigen/Geometry> <fmt/format.h> <nlohmann/json.hpp>)

# spatialgen_precompile(TARGET [TESTS] [OWN]): gives TARGET the precompiled headers (TESTS: the
# test binaries' ones; OWN: compiled for it alone, for targets whose compile definitions differ
# in what the headers see: Open3D's target defines _GLIBCXX_USE_CXX11_ABI). The target must see
# Eigen, fmt and nlohmann/json (spatialgen_core's public dependencies). Not for the CUDA
# engine's GPU binaries, built where those are absent.
function(spatialgen_precompile target)
  if(NOT SPATIALGEN_PCH)
    return()
  endif()
  cmake_parse_arguments(ARG "TESTS;OWN" "" "" ${ARGN})
  if(ARG_TESTS)
    set(owner core_tests)
  else()
    set(owner spatialgen_core)
  endif()
  if(target STREQUAL owner OR ARG_OWN)
    set(headers ${SPATIALGEN_PCH_HEADERS})
    if(ARG_TESTS)
      list(APPEND headers <gtest/gtest.h>)
    endif()
    target_precompile_headers(${target} PRIVATE ${headers})
  else()
    target_precompile_headers(${target} REUSE_FROM ${owner})
  endif()
endfunction()

# spatialgen_module(NAME SOURCES ... DEPS ...): one library target per src/ folder,
# named spatialgen_NAME, included as "NAME/header.h" from the src/ root.
function(spatialgen_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(spatialgen_${name} STATIC ${ARG_SOURCES})
  target_include_directories(spatialgen_${name} PUBLIC "${PROJECT_SOURCE_DIR}/src")
  target_link_libraries(spatialgen_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  if("Open3D::Open3D" IN_LIST ARG_DEPS OR "Open3D::Open3D" IN_LIST ARG_PRIVATE_DEPS)
    spatialgen_precompile(spatialgen_${name} OWN)
  else()
    spatialgen_precompile(spatialgen_${name})
  endif()
endfunction()

# spatialgen_module_tests(NAME SOURCES ... DEPS ...): the module's test binary (NAME_tests),
# registered with ctest test by test. Tests find shipped data through SPATIALGEN_SOURCE_DIR.
function(spatialgen_module_tests name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name}_tests ${ARG_SOURCES})
  target_link_libraries(${name}_tests PRIVATE spatialgen_${name} ${ARG_DEPS} GTest::gtest_main)
  target_compile_definitions(${name}_tests PRIVATE
    SPATIALGEN_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  if("Open3D::Open3D" IN_LIST ARG_DEPS)
    spatialgen_precompile(${name}_tests TESTS OWN)
  else()
    spatialgen_precompile(${name}_tests TESTS)
  endif()
  gtest_discover_tests(${name}_tests WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
    DISCOVERY_TIMEOUT 60)
endfunction()
