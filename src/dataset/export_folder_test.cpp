#include "dataset/export_folder.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/error.h"
#include "testing/temp_path.h"

namespace spatialgen {
namespace {

namespace fs = std::filesystem;

fs::path FreshDir(const std::string& name) {
  const fs::path dir = spatialgen::testing::TempPath("spatialgen_export_folder_test_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

// Nothing but the target itself is left beside it: no staging or replaced folders.
void ExpectOnlyTarget(const fs::path& parent, const fs::path& target) {
  for (const auto& entry : fs::directory_iterator(parent)) EXPECT_EQ(entry.path(), target);
}

TEST(ExportFolderTest, ANewFolderAppearsOnlyOnCommit) {
  const fs::path parent = FreshDir("new");
  const fs::path target = parent / "out";
  {
    ExportFolder folder(target);
    EXPECT_EQ(folder.target(), target);
    Write(folder.staging() / kExportMarker, "{}");
    Write(folder.staging() / "a" / "b.txt", "b");
    EXPECT_FALSE(fs::exists(target));
    folder.Commit();
  }
  EXPECT_TRUE(fs::exists(target / kExportMarker));
  EXPECT_TRUE(fs::exists(target / "a" / "b.txt"));
  ExpectOnlyTarget(parent, target);
}

TEST(ExportFolderTest, WithoutCommitNothingIsLeft) {
  const fs::path parent = FreshDir("abandoned");
  {
    ExportFolder folder(parent / "out");
    Write(folder.staging() / "x.txt", "x");
  }
  EXPECT_TRUE(fs::is_empty(parent));
}

TEST(ExportFolderTest, AnEmptyFolderOrAnEarlierExportIsReplaced) {
  const fs::path parent = FreshDir("replace");
  const fs::path target = parent / "out";
  fs::create_directories(target);
  {
    ExportFolder folder(target);
    Write(folder.staging() / kExportMarker, "{}");
    Write(folder.staging() / "old.txt", "old");
    folder.Commit();
  }
  {
    ExportFolder folder(target);
    Write(folder.staging() / kExportMarker, "{}");
    Write(folder.staging() / "new.txt", "new");
    folder.Commit();
  }
  EXPECT_TRUE(fs::exists(target / "new.txt"));
  EXPECT_FALSE(fs::exists(target / "old.txt"));
  ExpectOnlyTarget(parent, target);
}

TEST(ExportFolderTest, OtherFilesAreRefusedAndLeftAlone) {
  const fs::path parent = FreshDir("refuse");
  Write(parent / "data" / "mine.txt", "mine");
  try {
    ExportFolder folder(parent / "data");
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().file, parent / "data");
    EXPECT_NE(std::string(e.what()).find("not empty and holds no earlier export"), std::string::npos) << e.what();
  }
  Write(parent / "file", "x");
  EXPECT_THROW(ExportFolder(parent / "file"), InputError);
  EXPECT_TRUE(fs::exists(parent / "data" / "mine.txt"));
  EXPECT_EQ(std::distance(fs::directory_iterator(parent), fs::directory_iterator()), 2);
}

}  // namespace
}  // namespace spatialgen
