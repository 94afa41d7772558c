#include "core/atomic_file.h"

#include <gtest/gtest.h>

#include <fstream>
#include "testing/temp_path.h"

namespace spatialgen {
namespace {

TEST(AtomicFileTest, WritesAndCreatesParents) {
  const auto dir = spatialgen::testing::TempPath("spatialgen_atomic_test");
  std::filesystem::remove_all(dir);
  WriteFileAtomic(dir / "a" / "b.txt", "hello");
  EXPECT_EQ(ReadFileToString(dir / "a" / "b.txt"), "hello");
  std::filesystem::remove_all(dir);
}

TEST(AtomicFileTest, UncommittedFileLeavesNothingAndKeepsOldContents) {
  const auto dir = spatialgen::testing::TempPath("spatialgen_atomic_test2");
  std::filesystem::remove_all(dir);
  WriteFileAtomic(dir / "x.txt", "old");
  {
    AtomicOutputFile file(dir / "x.txt");
    file.stream() << "new, but abandoned";
  }
  EXPECT_EQ(ReadFileToString(dir / "x.txt"), "old");
  size_t entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++entries;
  EXPECT_EQ(entries, 1u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace spatialgen
