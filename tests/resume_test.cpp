// Resume after a crash, as a user meets it: the spatialgen binary killed with SIGKILL at
// random moments and at the crash points hardest to survive (a scene's completion record, the
// middle of the final QA-file writes, the manifest write, the publishing), then started again
// with the same command, until it finishes; the folder must then hold exactly the bytes of an
// uninterrupted run. Also: SIGTERM and SIGINT stop cleanly (143, 130, no temporaries), and
// replacing a dataset with --overwrite keeps the old one whole until the new one is complete.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <random>
#include <thread>

#include "core/atomic_file.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

const fs::path kSource(SPATIALGEN_SOURCE_DIR);
// Six of the demo's rooms, with two small views each.
const fs::path kConfig = kSource / "tests" / "data" / "small_demo_config.json";

using Snapshot = std::map<std::string, std::string>;

// Every file under `root` (hidden ones too), relative path -> bytes; `skip_work` leaves out the
// work folder of an unfinished run.
Snapshot TakeSnapshot(const fs::path& root, bool skip_work = false) {
  Snapshot files;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    if (skip_work && it->path().filename() == ".spatialgen-run") {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) {
      files[it->path().lexically_relative(root).string()] = spatialgen::ReadFileToString(it->path());
    }
  }
  return files;
}

std::vector<std::string> GenerateArguments(const fs::path& out, uint64_t seed, bool overwrite) {
  std::vector<std::string> arguments = {"generate", "--quiet",      "--threads",  "2",
                                        "--config",   kConfig.string(), "--seed", std::to_string(seed),
                                        "--out",      out.string()};
  if (overwrite) arguments.push_back("--overwrite");
  return arguments;
}

// Starts the binary with SPATIALGEN_CRASH_AT=`crash_at` (when not empty), output discarded.
pid_t Start(const std::vector<std::string>& arguments, const std::string& crash_at) {
  std::vector<std::string> environment;
  for (char** variable = environ; *variable != nullptr; ++variable) environment.emplace_back(*variable);
  if (!crash_at.empty()) environment.push_back("SPATIALGEN_CRASH_AT=" + crash_at);
  std::vector<char*> argv = {const_cast<char*>(SPATIALGEN_BINARY)}, envp;
  for (const std::string& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  for (const std::string& variable : environment) envp.push_back(const_cast<char*>(variable.c_str()));
  argv.push_back(nullptr);
  envp.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {  // only async-signal-safe calls until exec
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  return pid;
}

int Wait(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

bool KilledBy(int status, int signal) { return WIFSIGNALED(status) && WTERMSIG(status) == signal; }

int RunToEnd(const std::vector<std::string>& arguments, const std::string& crash_at = "") {
  return Wait(Start(arguments, crash_at));
}

size_t CountFiles(const fs::path& folder) {
  if (!fs::exists(folder)) return 0;
  return static_cast<size_t>(std::distance(fs::directory_iterator(folder), fs::directory_iterator()));
}

bool HoldsTemporaries(const fs::path& root) {
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().filename().string().find(".tmp.") != std::string::npos) return true;
  }
  return false;
}

class ResumeTest : public ::testing::Test {
 protected:
  // A folder of this test's and this process's own (ctest runs tests in parallel processes, and
  // checkouts side by side may run the same test at once).
  void SetUp() override {
    temp_ = fs::temp_directory_path() /
            ("spatialgen_resume_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
             "_" + std::to_string(::getpid()));
    fs::remove_all(temp_);
  }
  void TearDown() override { fs::remove_all(temp_); }

  // The uninterrupted run of `seed`, in `folder` under the test's own.
  Snapshot Reference(uint64_t seed, const std::string& folder) {
    const auto start = Clock::now();
    EXPECT_EQ(RunToEnd(GenerateArguments(temp_ / folder, seed, false)), 0);
    run_seconds_ = std::chrono::duration<double>(Clock::now() - start).count();
    return TakeSnapshot(temp_ / folder);
  }

  fs::path temp_;
  double run_seconds_ = 0;  // how long the last reference run took
};

TEST_F(ResumeTest, KilledAnywhereAndRerunGivesTheUninterruptedBytes) {
  const Snapshot reference = Reference(7, "reference");
  const fs::path out = temp_ / "killed";
  const std::vector<std::string> command = GenerateArguments(out, 7, false);
  const std::string& qa_file = reference.at("qa/robospatial.jsonl");
  const auto lines = std::count(qa_file.begin(), qa_file.end(), '\n');
  std::mt19937 random(12);  // fixed, so that a failure can be rerun; the timing still varies
  int kills = 0;
  // Three kills at random moments, each within the first quarter of a whole run's time so that
  // work is left for the next one. A run that ends before its kill (a busy machine makes the
  // reference slow) is started over from nothing, a few times at most.
  for (int attempt = 0; kills < 3 && attempt < 10; ++attempt) {
    const double seconds = std::uniform_real_distribution<double>(0.05, 0.25)(random) * run_seconds_;
    const pid_t pid = Start(command, "");
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    kill(pid, SIGKILL);
    if (KilledBy(Wait(pid), SIGKILL)) {
      ++kills;
    } else {
      fs::remove_all(out);
    }
  }
  ASSERT_EQ(kills, 3) << "the runs kept ending before their kill";
  // Then at the points a timer rarely hits, in the order a run passes them.
  for (const std::string& point : {std::string("scene_done:1"), "qa_line:" + std::to_string(lines / 2),
                                   std::string("manifest_write:1"), std::string("publish_move:4")}) {
    const int status = RunToEnd(command, point);
    ASSERT_TRUE(KilledBy(status, SIGKILL)) << point << " was not reached";
    ++kills;
  }
  EXPECT_GE(kills, 5);
  const int status = RunToEnd(command);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_TRUE(TakeSnapshot(out) == reference) << "the resumed dataset differs from the uninterrupted one";
}

TEST_F(ResumeTest, TermAndIntStopCleanlyAndResume) {
  const Snapshot reference = Reference(7, "reference");
  const fs::path out = temp_ / "signals";
  const std::vector<std::string> command = GenerateArguments(out, 7, false);
  for (const int signal : {SIGTERM, SIGINT}) {
    const size_t done_before = CountFiles(out / ".spatialgen-run" / "done");
    const pid_t pid = Start(command, "");
    // Once one more scene is done, so that every stop makes progress.
    const auto deadline = Clock::now() + std::chrono::seconds(60);
    while (CountFiles(out / ".spatialgen-run" / "done") <= done_before && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    kill(pid, signal);
    const int status = Wait(pid);
    ASSERT_TRUE(WIFEXITED(status)) << "not a clean stop";
    EXPECT_EQ(WEXITSTATUS(status), 128 + signal);
    EXPECT_FALSE(HoldsTemporaries(out));
    EXPECT_FALSE(fs::exists(out / "manifest.json"));
  }
  ASSERT_EQ(RunToEnd(command), 0);
  EXPECT_TRUE(TakeSnapshot(out) == reference);
}

TEST_F(ResumeTest, ReplacingKeepsTheOldDatasetUntilTheNewOneIsComplete) {
  const Snapshot reference7 = Reference(7, "reference7");
  const Snapshot reference8 = Reference(8, "reference8");
  const fs::path out = temp_ / "replaced";
  fs::copy(temp_ / "reference7", out, fs::copy_options::recursive);
  const std::vector<std::string> command = GenerateArguments(out, 8, true);
  // Killed while writing the new QA files and the new manifest: the old dataset is whole.
  ASSERT_TRUE(KilledBy(RunToEnd(command, "qa_line:10"), SIGKILL));
  EXPECT_TRUE(TakeSnapshot(out, true) == reference7);
  ASSERT_TRUE(KilledBy(RunToEnd(command, "manifest_write:1"), SIGKILL));
  EXPECT_TRUE(TakeSnapshot(out, true) == reference7);
  // Killed while the new dataset moves in: the next run finishes the move.
  ASSERT_TRUE(KilledBy(RunToEnd(command, "publish_move:5"), SIGKILL));
  ASSERT_EQ(RunToEnd(command), 0);
  EXPECT_TRUE(TakeSnapshot(out) == reference8);
  // Without --overwrite, the dataset of another seed is refused and left as it is.
  EXPECT_EQ(WEXITSTATUS(RunToEnd(GenerateArguments(out, 7, false))), 2);
  EXPECT_TRUE(TakeSnapshot(out) == reference8);
}

}  // namespace
