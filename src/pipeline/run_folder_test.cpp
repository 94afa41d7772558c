#include "pipeline/run_folder.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/atomic_file.h"
#include "core/error.h"
#include "qa_gen/writers.h"
#include "testing/temp_path.h"

namespace spatialgen {
namespace {

namespace fs = std::filesystem;

fs::path TempFolder(const std::string& name) {
  const fs::path path = spatialgen::testing::TempPath("spatialgen_run_folder_" + name);
  fs::remove_all(path);
  return path;
}

RunIdentity Identity(uint64_t seed, std::vector<std::string> scenes) {
  return RunIdentity{"test", seed, Json{{"option", 1}}, std::move(scenes), std::nullopt};
}

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

// Writes every scene's files as a run would, then publishes the dataset.
void RunAndPublish(const fs::path& out, const RunIdentity& identity, bool overwrite) {
  const RunFolder folder(out, identity, overwrite, RunFolder::Unfinished::kResume);
  Json scenes = Json::array();
  for (const std::string& id : identity.scenes) {
    Write(folder.SceneRoot(id) / "gt" / (id + ".jsonl"), "{\"id\": \"" + id + "\"}\n");
    Write(folder.SceneRoot(id) / "images" / id / "v0.png", "image of " + id);
    folder.RecordScene(id, Json{{"scene", {{"id", id}}}});
    scenes.push_back({{"id", id}, {"status", "ok"}});
  }
  QaFileWriter(folder.DatasetRoot()).Commit();
  folder.Publish(MakeManifest(identity, "config.json", scenes, Counters()));
}

TEST(RunFolderTest, FilesBelongToTheSceneTheyAreNamedAfter) {
  const std::set<std::string> scenes = {"a", "a.b", "scan_01"};
  EXPECT_EQ(OwningScene("a", scenes), "a");
  EXPECT_EQ(OwningScene("a.jsonl", scenes), "a");
  EXPECT_EQ(OwningScene("a.scene.json", scenes), "a");
  EXPECT_EQ(OwningScene("a.b.jsonl", scenes), "a.b");  // the longest id wins
  EXPECT_EQ(OwningScene("scan_01.jsonl", scenes), "scan_01");
  EXPECT_EQ(OwningScene("ab.jsonl", scenes), std::nullopt);
  EXPECT_EQ(OwningScene(".a.jsonl.tmp.1.2", scenes), std::nullopt);
  EXPECT_EQ(OwningScene("notes.txt", scenes), std::nullopt);
}

// A web app's folder has a manifest.json, images/ and qa/ too: nothing in it is touched.
TEST(RunFolderTest, RefusesAForeignManifestAndTouchesNothing) {
  const fs::path out = TempFolder("foreign");
  Write(out / "manifest.json", R"({"name": "my app", "icons": [{"src": "images/logo.png"}]})");
  Write(out / "images" / "logo.png", "logo");
  Write(out / "qa" / "robospatial.jsonl", "mine");
  try {
    RunFolder(out, Identity(1, {"a"}), true, RunFolder::Unfinished::kResume);
    FAIL() << "a foreign manifest was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("not written by spatialgen"), std::string::npos) << e.what();
  }
  EXPECT_EQ(ReadFileToString(out / "images" / "logo.png"), "logo");
  EXPECT_EQ(ReadFileToString(out / "qa" / "robospatial.jsonl"), "mine");
  EXPECT_FALSE(fs::exists(out / kWorkFolder));
  fs::remove_all(out);
}

TEST(RunFolderTest, RefusesANonEmptyFolderWithoutADataset) {
  const fs::path out = TempFolder("non_empty");
  Write(out / "notes.txt", "mine");
  EXPECT_THROW(RunFolder(out, Identity(1, {"a"}), true, RunFolder::Unfinished::kResume), InputError);
  EXPECT_EQ(ReadFileToString(out / "notes.txt"), "mine");
  fs::remove_all(out);
}

TEST(RunFolderTest, ResumeKeepsRecordedScenesAndDropsTheOthers) {
  const fs::path out = TempFolder("resume");
  {
    const RunFolder folder(out, Identity(1, {"a", "b"}), false, RunFolder::Unfinished::kResume);
    Write(folder.SceneRoot("a") / "gt" / "a.jsonl", "a");
    folder.RecordScene("a", Json{{"scene", {{"id", "a"}}}});
    Write(folder.SceneRoot("b") / "images" / "b" / "v0.png", "half of b");  // killed before its record
    Write(folder.DatasetRoot() / "qa" / ".robospatial.jsonl.tmp.1.2", "half");
  }
  const RunFolder folder(out, Identity(1, {"a", "b"}), false, RunFolder::Unfinished::kResume);
  EXPECT_FALSE(folder.complete());
  ASSERT_TRUE(folder.SceneRecord("a").has_value());
  EXPECT_EQ(folder.SceneRecord("a")->at("scene").at("id"), "a");
  EXPECT_EQ(ReadFileToString(folder.SceneRoot("a") / "gt" / "a.jsonl"), "a");
  EXPECT_FALSE(folder.SceneRecord("b").has_value());
  EXPECT_FALSE(fs::exists(folder.SceneRoot("b")));
  EXPECT_FALSE(fs::exists(folder.DatasetRoot()));
  fs::remove_all(out);
}

TEST(RunFolderTest, AnotherRunIsRefusedUnlessOverwritten) {
  const fs::path out = TempFolder("another_run");
  { RunFolder(out, Identity(1, {"a"}), false, RunFolder::Unfinished::kResume); }
  try {
    RunFolder(out, Identity(2, {"a"}), false, RunFolder::Unfinished::kResume);
    FAIL() << "an unfinished run of another seed was continued";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("unfinished spatialgen run made with another seed (1 there, 2 here)"),
              std::string::npos)
        << e.what();
  }
  RunAndPublish(out, Identity(2, {"a"}), true);
  try {
    RunFolder(out, Identity(2, {"a", "b"}), false, RunFolder::Unfinished::kResume);
    FAIL() << "a dataset of another scene list was replaced without --overwrite";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("dataset made with another scene list (1 scenes there, 2 here)"),
              std::string::npos)
        << e.what();
  }
  const RunFolder same(out, Identity(2, {"a"}), false, RunFolder::Unfinished::kResume);
  EXPECT_TRUE(same.complete());
  fs::remove_all(out);
}

TEST(RunFolderTest, ReplacingRemovesOnlyTheOldDatasetsFiles) {
  const fs::path out = TempFolder("replace");
  RunAndPublish(out, Identity(1, {"a", "shared"}), false);
  Write(out / "notes.txt", "mine");
  Write(out / "images" / "notes.txt", "mine too");
  RunAndPublish(out, Identity(2, {"b", "shared"}), true);
  EXPECT_FALSE(fs::exists(out / "gt" / "a.jsonl"));
  EXPECT_FALSE(fs::exists(out / "images" / "a"));
  EXPECT_EQ(ReadFileToString(out / "images" / "b" / "v0.png"), "image of b");
  EXPECT_EQ(ReadFileToString(out / "images" / "shared" / "v0.png"), "image of shared");
  EXPECT_EQ(ReadFileToString(out / "notes.txt"), "mine");
  EXPECT_EQ(ReadFileToString(out / "images" / "notes.txt"), "mine too");
  EXPECT_EQ(ReadOwnRecord(out / "manifest.json", kManifestFormat).at("seed"), 2);
  EXPECT_FALSE(fs::exists(out / kWorkFolder));
  fs::remove_all(out);
}

// A file of someone else's where the new dataset goes stops the publishing before the old
// dataset is touched; the new one waits in the work folder.
TEST(RunFolderTest, PublishingStopsBeforeAFileInTheWay) {
  const fs::path out = TempFolder("in_the_way");
  RunAndPublish(out, Identity(1, {"a"}), false);
  Write(out / "images" / "b" / "photo.jpg", "mine");
  try {
    RunAndPublish(out, Identity(2, {"b"}), true);
    FAIL() << "published over a foreign folder";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("images/b is in the way of the new dataset"), std::string::npos) << e.what();
  }
  EXPECT_EQ(ReadOwnRecord(out / "manifest.json", kManifestFormat).at("seed"), 1);
  EXPECT_EQ(ReadFileToString(out / "images" / "a" / "v0.png"), "image of a");
  EXPECT_EQ(ReadFileToString(out / "images" / "b" / "photo.jpg"), "mine");
  // Moved away, the next run of any command finishes the publishing.
  fs::remove_all(out / "images" / "b");
  const RunFolder folder(out, Identity(2, {"b"}), false, RunFolder::Unfinished::kResume);
  EXPECT_TRUE(folder.complete());
  EXPECT_EQ(ReadFileToString(out / "images" / "b" / "v0.png"), "image of b");
  EXPECT_FALSE(fs::exists(out / "images" / "a"));
  fs::remove_all(out);
}

}  // namespace
}  // namespace spatialgen
