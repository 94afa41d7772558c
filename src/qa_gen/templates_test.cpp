#include "qa_gen/templates.h"

#include <gtest/gtest.h>

#include <fstream>

namespace spatialgen {
namespace {

const std::filesystem::path kShipped = std::filesystem::path(SPATIALGEN_SOURCE_DIR) / "templates";

// A copy of the shipped templates in a temp folder, for tests that break one file.
std::filesystem::path CopyOfShipped(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("spatialgen_templates_" + name);
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
  EXPECT_EQ(library.relations.size(), 6u);
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
    {"name": "near", "axis": "sideways", "sign": 1, "phrases": ["near"]}]})";
  const std::vector<std::string> problems = CheckTemplates(dir);
  const std::string config_file = (dir / "tasks" / "configuration.json").string();
  EXPECT_TRUE(AnyContains(problems, config_file + ": phrasings[0]: unknown placeholder {c}"));
  EXPECT_TRUE(AnyContains(problems, config_file + ": phrasings[0]: missing placeholder {b}"));
  EXPECT_TRUE(AnyContains(problems, config_file + ": phrasings[1]: a yes/no question must end with"));
  EXPECT_TRUE(AnyContains(problems, "relations.json: relations[0].axis: must be \"left\", \"front\" or \"up\""));
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

TEST(TemplatesTest, FillsAndCapitalizesPlaceholders) {
  EXPECT_EQ(FillPlaceholders("{Frame}, is the {a} {rel} the {b}?",
                             {{"frame", "from the camera's perspective"}, {"a", "cup"},
                              {"rel", "left of"}, {"b", "bowl"}}),
            "From the camera's perspective, is the cup left of the bowl?");
}

}  // namespace
}  // namespace spatialgen
