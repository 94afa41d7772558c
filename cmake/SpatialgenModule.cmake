# spatialgen_module(NAME SOURCES ... DEPS ...): one library target per src/ folder,
# named spatialgen_NAME, included as "NAME/header.h" from the src/ root.
function(spatialgen_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(spatialgen_${name} STATIC ${ARG_SOURCES})
  target_include_directories(spatialgen_${name} PUBLIC "${PROJECT_SOURCE_DIR}/src")
  target_link_libraries(spatialgen_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# spatialgen_module_tests(NAME SOURCES ... DEPS ...): the module's test binary (NAME_tests),
# registered with ctest test by test. Tests find shipped data through SPATIALGEN_SOURCE_DIR.
function(spatialgen_module_tests name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name}_tests ${ARG_SOURCES})
  target_link_libraries(${name}_tests PRIVATE spatialgen_${name} ${ARG_DEPS} GTest::gtest_main)
  target_compile_definitions(${name}_tests PRIVATE
    SPATIALGEN_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  gtest_discover_tests(${name}_tests WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
    DISCOVERY_TIMEOUT 60)
endfunction()
