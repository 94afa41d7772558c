#include "qa_gen/templates.h"

#include <gtest/gtest.h>

#include <fstream>
#include "testing/temp_path.h"

namespace spatialgen {
namespace {

const std::filesystem::path kShipped = std::filesystem::path(SPATIALGEN_SOURCE_DIR) / "templates";

// A copy of the shipped templates in a temp folder, for tests that break one file.
std::filesystem::path CopyOfShipped(const std::string& name) {
  const auto dir = spatialgen::testing::TempPath("spatialgen_templates_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::copy(kShipped, dir, std::filesystem::copy_options::recursive);
  return dir;
}

bool AnyContains(const std::vector<std::string>& problems, const std::string& text) {
  for (const std::string& problem : problems) {
    if (problem.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(TemplatesTest, ShippedTemplatesAreClean) {
  EXPECT_EQ(CheckTemplates(kShipped), std::vector<std::string>{});
  const TemplateLibrary library = LoadTemplates(kShipped);
  EXPECT_EQ(library.relations.size(), 17u);
  EXPECT_EQ(library.frame_phrases.size(), 4u);  // ego, object, world per front mode (2)
  EXPECT_EQ(library.Task("configuration").answer, AnswerKind::kYesNo);
  EXPECT_EQ(library.Task("grounding").answer, AnswerKind::kBox);
}

TEST(TemplatesTest, ProblemsNameFileAndPath) {
  const auto dir = CopyOfShipped("bad");
  std::ofstream(dir / "tasks" / "configuration.json") << R"({
    "task": "configuration", "answer": "yes_no", "formats": ["robospatial"],
    "phrasings": ["Is the {a} {rel} the {c} {frame}? Final answer should be yes or no.",
                  "{Frame}, is the {a} {rel} the {b}?"]})";
  std::ofstream(dir / "relations.json") << R"({"relations": [
    {"name": "left", "test": {"beyond": {"axis": "sideways", "sign": 1}}, "phrases": ["left of"]},
    {"name": "near", "test": {"gap": {"max": 0.3, "maxx": 1}}, "phrases": ["near"]},
    {"name": "amid", "test": {"between": {}}, "phrases": ["between"]},
    {"name": "by", "test": {"gap": {"max": 0.3}}, "phrases": ["by the {c} and"]},
    {"name": "on", "test": {"resting_on": {}}, "phrases": ["on"]}]})";
  const std::vector<std::string> problems = CheckTemplates(dir);
  const std::string config_file = (dir / "tasks" / "configuration.json").string();
  EXPECT_TRUE(AnyContains(problems, config_file + ": phrasings[0]: unknown placeholder {c}"));
  EXPECT_TRUE(AnyContains(problems, config_file + ": phrasings[0]: missing placeholder {b}"));
  EXPECT_TRUE(AnyContains(problems, config_file + ": phrasings[1]: a yes/no question must end with"));
  EXPECT_TRUE(
      AnyContains(problems, "relations.json: relations[0].test.beyond.axis: must be \"left\", \"front\" or \"up\""));
  EXPECT_TRUE(AnyContains(problems, "relations.json: relations[1].test.gap.maxx: unknown key"));
  EXPECT_TRUE(AnyContains(problems, "relations.json: relations[2].phrases[0]: missing placeholder {c}"));
  EXPECT_TRUE(AnyContains(problems, "relations.json: relations[3].phrases[0]: unknown placeholder {c}"));
  EXPECT_TRUE(AnyContains(problems, "relations.json: relations[4].test.resting_on: unknown predicate"));
  EXPECT_THROW(LoadTemplates(dir), InputError);
  std::filesystem::remove_all(dir);
}

TEST(TemplatesTest, UnknownKeyAndUnknownTaskAreProblems) {
  const auto dir = CopyOfShipped("unknown");
  std::ofstream(dir / "tasks" / "grounding.json") << R"({
    "task": "grounding", "answer": "box", "formats": ["robopoint"], "phrasings": ["Where is the {a}?"],
    "phrasing": []})";
  std::ofstream(dir / "tasks" / "dance.json") << R"({
    "task": "dance", "answer": "yes_no", "formats": ["robopoint"], "phrasings": ["x"]})";
  const std::vector<std::string> problems = CheckTemplates(dir);
  EXPECT_TRUE(AnyContains(problems, "grounding.json: phrasing: unknown key"));
  EXPECT_TRUE(AnyContains(problems, "dance.json: task: no builder for task \"dance\""));
  std::filesystem::remove_all(dir);
}

// Issue 15: with tasks/context.json deleted, `templates check` said OK and generate failed
// every scene at run time.
TEST(TemplatesTest, MissingTaskTemplateIsAProblem) {
  const auto dir = CopyOfShipped("missing_task");
  std::filesystem::remove(dir / "tasks" / "context.json");
  EXPECT_EQ(CheckTemplates(dir),
            std::vector<std::string>{(dir / "tasks").string() + ": no template for task \"context\""});
  EXPECT_THROW(LoadTemplates(dir), InputError);
  std::filesystem::remove_all(dir);
}

// Issue 15: a grounding template declaring yes/no answers passed, and generate wrote boxes.
TEST(TemplatesTest, AnswerKindMustBeTheTasks) {
  const auto dir = CopyOfShipped("answer_kind");
  std::ofstream(dir / "tasks" / "grounding.json") << R"({
    "task": "grounding", "answer": "yes_no", "formats": ["robopoint"],
    "phrasings": ["Is there a {a}? Final answer should be yes or no."]})";
  const std::string file = (dir / "tasks" / "grounding.json").string();
  EXPECT_EQ(CheckTemplates(dir), std::vector<std::string>{file + ": answer: task grounding answers \"box\", got \"yes_no\""});
  EXPECT_THROW(LoadTemplates(dir), InputError);
  std::filesystem::remove_all(dir);
}

TEST(TemplatesTest, FillsAndCapitalizesPlaceholders) {
  EXPECT_EQ(FillPlaceholders("{Frame}, is the {a} {rel} the {b}?",
                             {{"frame", "from the camera's perspective"}, {"a", "cup"},
                              {"rel", "left of"}, {"b", "bowl"}}),
            "From the camera's perspective, is the cup left of the bowl?");
}

}  // namespace
}  // namespace spatialgen
