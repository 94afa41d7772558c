#include "sources/mesh_io.h"

#include <gtest/gtest.h>

#include <open3d/geometry/TriangleMesh.h>
#include <open3d/io/TriangleMeshIO.h>

#include <fstream>

#include "core/atomic_file.h"
#include "core/error.h"
#include "sources/obj_reader.h"
#include "sources/ply_reader.h"
#include "testing/temp_path.h"

namespace spatialgen {
namespace {

namespace fs = std::filesystem;

const char kQuadHeader[] =
    "ply\nformat ascii 1.0\ncomment a unit square\nelement vertex 4\nproperty float x\nproperty float y\n"
    "property float z\nproperty uchar red\nproperty uchar green\nproperty uchar blue\nelement face 1\n"
    "property list uchar int vertex_indices\nend_header\n";
const char kQuadVertices[] = "0 0 0 255 0 0\n1 0 0 0 255 0\n1 1 0 0 0 255\n0 1 0 51 51 51\n";

// The message of the InputError that `parse` throws, or "" when it throws none.
template <typename Parse>
std::string ErrorOf(Parse parse) {
  try {
    parse();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(PlyReaderTest, ReadsAsciiQuadAsTwoTriangles) {
  const Mesh mesh = ParsePly(std::string(kQuadHeader) + kQuadVertices + "4 0 1 2 3\n", "quad.ply");
  ASSERT_EQ(mesh.vertices.size(), 4u);
  EXPECT_EQ(mesh.vertices[2], Eigen::Vector3f(1, 1, 0));
  ASSERT_EQ(mesh.triangles.size(), 2u);
  EXPECT_EQ(mesh.triangles[0], Eigen::Vector3i(0, 1, 2));
  EXPECT_EQ(mesh.triangles[1], Eigen::Vector3i(0, 2, 3));
  ASSERT_EQ(mesh.vertex_colors.size(), 4u);
  EXPECT_EQ(mesh.vertex_colors[0], Eigen::Vector3f(1, 0, 0));
  EXPECT_FLOAT_EQ(mesh.vertex_colors[3].x(), 0.2f);
}

// Issue 15: Open3D's ear clipping indexed vertex 2000000000 of 4 and the run died (SIGSEGV).
TEST(PlyReaderTest, OutOfRangeIndexInAPolygonIsAnErrorNamingTheFace) {
  const std::string bytes = std::string(kQuadHeader) + kQuadVertices + "4 0 1 2 2000000000\n";
  EXPECT_EQ(ErrorOf([&] { ParsePly(bytes, "bad.ply"); }),
            "bad.ply: face 0: vertex index 2000000000 is out of range for 4 vertices");
  const std::string negative = std::string(kQuadHeader) + kQuadVertices + "3 0 -1 2\n";
  EXPECT_EQ(ErrorOf([&] { ParsePly(negative, "bad.ply"); }), "bad.ply: face 0: vertex index -1 is out of range for 4 vertices");
}

// The real-mesh variant of the crash: faces that claim 200 vertices.
TEST(PlyReaderTest, FaceClaimingMoreVerticesThanTheFileHoldsIsAnError) {
  const std::string bytes = std::string(kQuadHeader) + kQuadVertices + "200 0 1 2 3\n";
  EXPECT_EQ(ErrorOf([&] { ParsePly(bytes, "m.ply"); }), "m.ply: face 0: the file ends inside it");
}

TEST(PlyReaderTest, MalformedFilesNameWhatIsWrong) {
  const std::string quad = std::string(kQuadHeader) + kQuadVertices;
  EXPECT_EQ(ErrorOf([&] { ParsePly(quad + "2 0 1\n", "m.ply"); }), "m.ply: face 0: 2 vertices: a face needs at least 3");
  EXPECT_EQ(ErrorOf([&] { ParsePly(quad + "3 0 1 2.5\n", "m.ply"); }), "m.ply: face 0: \"2.5\" is not a valid int32");
  EXPECT_EQ(ErrorOf([&] { ParsePly("ply\nformat ascii 1.0\nelement vertex 1\n", "m.ply"); }),
            "m.ply: the header has no end_header line");
  EXPECT_EQ(ErrorOf([&] { ParsePly("solid x\n", "m.ply"); }), "m.ply: not a PLY file (no \"ply\" line)");
  EXPECT_EQ(ErrorOf([&] { ParsePly("ply\nformat ascii 1.0\nproperty float x\nend_header\n", "m.ply"); }),
            "m.ply: header line 3: a property before any element");
  EXPECT_EQ(ErrorOf([&] {
              ParsePly("ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\n"
                       "property float z\nend_header\n0 0 0\n1 0 0\n0 1 0\n", "m.ply");
            }),
            "m.ply: no faces: a point cloud, not a mesh");
  // A count no body could hold is refused before anything is reserved.
  std::string huge = kQuadHeader;
  huge.replace(huge.find("vertex 4"), 8, "vertex 2000000000");
  EXPECT_EQ(ErrorOf([&] { ParsePly(huge + kQuadVertices + "3 0 1 2\n", "m.ply"); }),
            "m.ply: element vertex: 2000000000 declared, but the 65 bytes left hold fewer");
}

TEST(PlyReaderTest, BinaryBodyCutShortIsAnError) {
  const std::string header =
      "ply\nformat binary_little_endian 1.0\nelement vertex 3\nproperty float x\nproperty float y\n"
      "property float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n";
  std::string body(3 * 12, '\0');
  body += '\3';
  for (int32_t index : {0, 1, 2}) body.append(reinterpret_cast<const char*>(&index), 4);
  EXPECT_EQ(ParsePly(header + body, "b.ply").triangles.size(), 1u);
  EXPECT_EQ(ErrorOf([&] { ParsePly(header + body.substr(0, body.size() - 2), "b.ply"); }), "b.ply: face 0: the file ends inside it");
}

// Open3D writes binary little-endian PLY; our reader gives back exactly what was written.
TEST(MeshIoTest, RoundTripsThroughTheWriter) {
  Mesh mesh;
  mesh.vertices = {{0, 0, 0}, {1.5f, 0, 0}, {0, 2, 0.25f}, {-1, -1, 3}};
  mesh.vertex_colors = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0.2f, 0.4f, 0.6f}};
  mesh.triangles = {{0, 1, 2}, {0, 2, 3}};
  const fs::path path = spatialgen::testing::TempPath("spatialgen_mesh_io_round_trip.ply");
  WriteMeshFile(mesh, path);
  const Mesh read = ReadMeshFile(path);
  EXPECT_EQ(read.vertices, mesh.vertices);
  EXPECT_EQ(read.triangles, mesh.triangles);
  ASSERT_EQ(read.vertex_colors.size(), 4u);
  for (size_t i = 0; i < 4; ++i) EXPECT_TRUE(read.vertex_colors[i].isApprox(mesh.vertex_colors[i], 1e-2f)) << i;
  fs::remove(path);
}

TEST(MeshIoTest, OtherFormatsAreRefusedByName) {
  const fs::path path = spatialgen::testing::TempPath("spatialgen_mesh_io.stl");
  WriteFileAtomic(path, "solid x\nendsolid x\n");
  EXPECT_EQ(ErrorOf([&] { ReadMeshFile(path); }), path.string() + ": unsupported mesh format \".stl\" (PLY or OBJ)");
  fs::remove(path);
}

// Our reader and Open3D's agree on the real ScanNet mesh (binary, ~100k triangles).
TEST(MeshIoTest, AgreesWithOpen3dOnTheRealScanNetMesh) {
  const fs::path path =
      fs::path(SPATIALGEN_SOURCE_DIR) / "../shared/data/real/scan2cad_scene0470_00/scene0470_00_vh_clean_2.ply";
  if (!fs::exists(path)) GTEST_SKIP() << "real sample absent: " << path;
  const Mesh mesh = ReadMeshFile(path);
  open3d::geometry::TriangleMesh reference;
  open3d::io::ReadTriangleMeshOptions options;
  options.enable_post_processing = false;
  ASSERT_TRUE(open3d::io::ReadTriangleMesh(path.string(), reference, options));
  ASSERT_EQ(mesh.vertices.size(), reference.vertices_.size());
  ASSERT_EQ(mesh.triangles.size(), reference.triangles_.size());
  ASSERT_EQ(mesh.vertex_colors.size(), reference.vertex_colors_.size());
  for (size_t i = 0; i < mesh.vertices.size(); ++i) {
    ASSERT_EQ(mesh.vertices[i], reference.vertices_[i].cast<float>()) << i;
    ASSERT_TRUE(mesh.vertex_colors[i].isApprox(reference.vertex_colors_[i].cast<float>(), 1e-6f)) << i;
  }
  for (size_t t = 0; t < mesh.triangles.size(); ++t) ASSERT_EQ(mesh.triangles[t], reference.triangles_[t]) << t;
}

TEST(ObjReaderTest, ReadsPolygonsWithEveryIndexForm) {
  const Mesh mesh = ParseObj(
      "# a square and a triangle\nv 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nvt 0 0\nvn 0 0 1\n"
      "f 1/1/1 2/1/1 3//1 4\nf -4 -3 -2\n", "m.obj");
  ASSERT_EQ(mesh.vertices.size(), 4u);
  EXPECT_TRUE(mesh.vertex_colors.empty());
  ASSERT_EQ(mesh.triangles.size(), 3u);
  EXPECT_EQ(mesh.triangles[1], Eigen::Vector3i(0, 2, 3));
  EXPECT_EQ(mesh.triangles[2], Eigen::Vector3i(0, 1, 2));
}

TEST(ObjReaderTest, BadIndicesAndNumbersNameTheLine) {
  EXPECT_EQ(ErrorOf([] { ParseObj("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 2000000000\n", "m.obj"); }),
            "m.obj: line 4: the face names vertex 2000000000, which does not exist");
  EXPECT_EQ(ErrorOf([] { ParseObj("v 0 0 0\nf 1 -5 1\n", "m.obj"); }), "m.obj: line 2: the face names vertex -5, which does not exist");
  EXPECT_EQ(ErrorOf([] { ParseObj("v 0 zero 0\n", "m.obj"); }), "m.obj: line 1: \"zero\" is not a finite number");
  EXPECT_EQ(ErrorOf([] { ParseObj("v 0 0 0\nf 0 1 1\n", "m.obj"); }),
            "m.obj: line 2: \"0\" does not start with a vertex number (1, 2, ... or -1, -2, ...)");
  EXPECT_EQ(ErrorOf([] { ParseObj("v 0 0 0\n", "m.obj"); }), "m.obj: no faces: a point cloud, not a mesh");
}

}  // namespace
}  // namespace spatialgen
