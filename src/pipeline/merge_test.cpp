#include "pipeline/merge.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <map>

#include "core/atomic_file.h"
#include "core/error.h"
#include "pipeline/generate.h"
#include "testing/temp_path.h"

namespace spatialgen {
namespace {

namespace fs = std::filesystem;

const fs::path kSource(SPATIALGEN_SOURCE_DIR);
// Two scene files, one of which fails to load: shards hold failed scenes too.
const fs::path kConfig = kSource / "tests" / "data" / "partial_failure_config.json";

fs::path TempFolder(const std::string& name) {
  const fs::path path = spatialgen::testing::TempPath("spatialgen_merge_" + name);
  fs::remove_all(path);
  return path;
}

std::map<std::string, std::string> Snapshot(const fs::path& root) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) files[entry.path().lexically_relative(root).string()] = ReadFileToString(entry.path());
  }
  return files;
}

void Generate(const fs::path& out, ShardSpec shard, uint64_t seed = 3) {
  GenerateOptions options;
  options.config = kConfig;
  options.out = out;
  options.threads = 1;
  options.seed = seed;
  options.shard = shard;
  options.progress = false;
  RunGenerate(options);
}

MergeSummary Merge(const fs::path& out, const std::vector<fs::path>& shards) {
  MergeOptions options;
  options.out = out;
  options.shards = shards;
  options.progress = false;
  return RunMerge(options);
}

std::string MergeError(const fs::path& out, const std::vector<fs::path>& shards) {
  try {
    Merge(out, shards);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(MergeTest, ShardsMergeIntoTheBytesOfOneRun) {
  const fs::path root = TempFolder("bytes");
  Generate(root / "whole", {});
  const auto whole = Snapshot(root / "whole");
  for (int count : {2, 3}) {  // with 3 shards of 2 scenes, one shard is empty
    std::vector<fs::path> shards;
    for (int index = count - 1; index >= 0; --index) {  // any order
      shards.push_back(root / ("shard" + std::to_string(index)));
      Generate(shards.back(), {index, count});
    }
    std::vector<std::map<std::string, std::string>> before;
    for (const fs::path& shard : shards) before.push_back(Snapshot(shard));

    const fs::path merged = root / ("merged" + std::to_string(count));
    const MergeSummary summary = Merge(merged, shards);
    EXPECT_EQ(summary.scenes_ok, 1);
    EXPECT_EQ(summary.scenes_failed, 1);
    EXPECT_GT(summary.files_linked, 0);
    EXPECT_TRUE(Snapshot(merged) == whole) << count << " shards";
    for (size_t s = 0; s < shards.size(); ++s) EXPECT_TRUE(Snapshot(shards[s]) == before[s]) << shards[s];
    struct stat image {};
    ASSERT_EQ(stat((merged / "images" / "tiny" / "v0.png").c_str(), &image), 0);
    EXPECT_GE(image.st_nlink, 2u);  // hard-linked, not re-encoded
    for (const fs::path& shard : shards) fs::remove_all(shard);
  }
  fs::remove_all(root);
}

TEST(MergeTest, RefusesShardsThatDoNotBelongTogether) {
  const fs::path root = TempFolder("refused");
  Generate(root / "s0", {0, 2});
  Generate(root / "s1", {1, 2});
  Generate(root / "s1_seed4", {1, 2}, 4);
  Generate(root / "s0_of_3", {0, 3});
  const fs::path out = root / "merged";
  EXPECT_NE(MergeError(out, {root / "s0"}).find("shard 1 of 2 is missing (given: 0)"), std::string::npos);
  EXPECT_NE(MergeError(out, {root / "s0", root / "s0"}).find("is shard 0 of 2, and so is"), std::string::npos);
  const std::string seed = MergeError(out, {root / "s0", root / "s1_seed4"});
  EXPECT_NE(seed.find("s1_seed4: made with another seed (3 there, 4 here)"), std::string::npos) << seed;
  const std::string count = MergeError(out, {root / "s0", root / "s0_of_3"});
  EXPECT_NE(count.find("s0_of_3: is shard 0 of 3"), std::string::npos) << count;
  EXPECT_NE(MergeError(out, {root / "s0", root / "nothing"}).find("nothing: no such folder"), std::string::npos);
  EXPECT_FALSE(fs::exists(out));

  // A shard whose QA file does not hold what its manifest counts is refused, naming the file.
  fs::copy(root / "s1", root / "s1_edited", fs::copy_options::recursive);
  std::ofstream(root / "s1_edited" / "qa" / "robospatial.jsonl", std::ios::app) << "{}\n";
  const std::string edited = MergeError(out, {root / "s0", root / "s1_edited"});
  EXPECT_NE(edited.find("s1_edited/qa/robospatial.jsonl: holds more than"), std::string::npos) << edited;
  EXPECT_FALSE(fs::exists(out / "manifest.json"));
  fs::remove_all(root);
}

}  // namespace
}  // namespace spatialgen
