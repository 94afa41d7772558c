// PLY and OBJ meshes (sources/ply_reader.h, sources/obj_reader.h), then the mesh checks every
// loader runs on what they return.
#include "fuzz/fuzz_support.h"
#include "scene/mesh_validation.h"
#include "sources/obj_reader.h"
#include "sources/ply_reader.h"

using namespace spatialgen;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes = fuzz::Bytes(data, size);
  fuzz::Refusing([&] { FindMeshGeometryProblem(ParsePly(bytes, "fuzz.ply")); });
  fuzz::Refusing([&] { FindMeshGeometryProblem(ParseObj(bytes, "fuzz.obj")); });
  return 0;
}
