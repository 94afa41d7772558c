#include "qa_gen/templates.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cctype>
#include <set>

#include "core/check.h"
#include "core/json_reader.h"
#include "qa_gen/task_table.h"

namespace spatialgen {
namespace {

constexpr std::string_view kYesNoEnding = "Final answer should be yes or no.";
// RoboPoint's answer-format sentence, kept verbatim at the end of every point question.
constexpr std::string_view kPointsEnding =
    "Your answer should be formatted as a list of tuples, i.e. [(x1, y1), (x2, y2), ...], where each "
    "tuple contains the x and y coordinates of a point satisfying the conditions above. The "
    "coordinates should be between 0 and 1, indicating the normalized pixel locations of the "
    "points in the image.";
const std::set<std::string> kFormats = {"robospatial", "robopoint"};

// The {names} in `text`, or a message about unbalanced braces.
std::vector<std::string> Placeholders(const std::string& text, std::string* problem) {
  std::vector<std::string> names;
  size_t pos = 0;
  while ((pos = text.find_first_of("{}", pos)) != std::string::npos) {
    if (text[pos] == '}') {
      *problem = "unmatched '}'";
      return names;
    }
    const size_t close = text.find_first_of("{}", pos + 1);
    if (close == std::string::npos || text[close] == '{') {
      *problem = "unmatched '{'";
      return names;
    }
    names.push_back(text.substr(pos + 1, close - pos - 1));
    pos = close + 1;
  }
  return names;
}

void CheckPhrases(const std::vector<std::string>& phrases, const std::set<std::string>& allowed,
                  const std::vector<std::string>& required, const std::string& file,
                  const std::string& path, std::vector<std::string>& problems) {
  if (phrases.empty()) problems.push_back(FormatLocated({file, "", path}, "must not be empty"));
  for (size_t i = 0; i < phrases.size(); ++i) {
    const std::string where = path + "[" + std::to_string(i) + "]";
    std::string problem;
    const std::vector<std::string> names = Placeholders(phrases[i], &problem);
    if (!problem.empty()) problems.push_back(FormatLocated({file, "", where}, problem));
    for (const std::string& name : names) {
      if (!allowed.count(name)) {
        problems.push_back(FormatLocated({file, "", where}, "unknown placeholder {" + name + "}"));
      }
    }
    for (const std::string& name : required) {
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        problems.push_back(FormatLocated({file, "", where}, "missing placeholder {" + name + "}"));
      }
    }
  }
}

void ReadRelations(const std::filesystem::path& path, TemplateLibrary& library,
                   std::vector<std::string>& problems) {
  const Json json = ReadJsonFile(path);
  JsonReader root(json, path.string());
  std::set<std::string> names;
  for (JsonReader& entry : root.Children("relations")) {
    RelationEntry relation;
    relation.name = entry.Require<std::string>("name");
    const std::string axis = entry.Require<std::string>("axis");
    relation.sign = entry.Require<int>("sign");
    relation.phrases = entry.Require<std::vector<std::string>>("phrases");
    entry.Finish();
    if (const auto parsed = ParseRelationAxis(axis)) {
      relation.axis = *parsed;
    } else {
      problems.push_back(FormatLocated({path.string(), "", entry.KeyPath("axis")},
                                       "must be \"left\", \"front\" or \"up\", got \"" + axis + "\""));
    }
    if (relation.sign != 1 && relation.sign != -1) {
      problems.push_back(FormatLocated({path.string(), "", entry.KeyPath("sign")}, "must be 1 or -1"));
    }
    if (!names.insert(relation.name).second) {
      problems.push_back(FormatLocated({path.string(), "", entry.KeyPath("name")},
                                       "duplicate relation \"" + relation.name + "\""));
    }
    CheckPhrases(relation.phrases, {}, {}, path.string(), entry.KeyPath("phrases"), problems);
    library.relations.push_back(std::move(relation));
  }
  root.Finish();
  if (library.relations.empty()) {
    problems.push_back(FormatLocated({path.string(), "", "relations"}, "must not be empty"));
  }
}

void ReadFrames(const std::filesystem::path& path, TemplateLibrary& library,
                std::vector<std::string>& problems) {
  const Json json = ReadJsonFile(path);
  JsonReader root(json, path.string());
  // Only the object frame names an object (the anchor, whose frame it is).
  for (const std::string key : {"ego", "object"}) {
    auto phrases = root.Require<std::vector<std::string>>(key);
    const bool object = key == "object";
    CheckPhrases(phrases, object ? std::set<std::string>{"b"} : std::set<std::string>{},
                 object ? std::vector<std::string>{"b"} : std::vector<std::string>{}, path.string(), key, problems);
    library.frame_phrases[key] = std::move(phrases);
  }
  JsonReader world = root.Child("world");
  for (const std::string mode : {"camera_heading", "scene_axis"}) {
    auto phrases = world.Require<std::vector<std::string>>(mode);
    CheckPhrases(phrases, {}, {}, path.string(), world.KeyPath(mode), problems);
    library.frame_phrases["world." + mode] = std::move(phrases);
  }
  world.Finish();
  root.Finish();
}

void ReadTask(const std::filesystem::path& path, TemplateLibrary& library,
              std::vector<std::string>& problems) {
  const Json json = ReadJsonFile(path);
  JsonReader root(json, path.string());
  TaskTemplates task;
  task.file = path.string();
  task.task = root.Require<std::string>("task");
  const std::string answer = root.Require<std::string>("answer");
  task.formats = root.Require<std::vector<std::string>>("formats");
  task.phrasings = root.Require<std::vector<std::string>>("phrasings");
  root.Finish();

  const TaskInfo* rule = FindTask(task.task);
  if (rule == nullptr) {
    problems.push_back(FormatLocated({task.file, "", "task"}, fmt::format("no builder for task \"{}\" (known: {})",
                                                                        task.task, fmt::join(TaskNames(), ", "))));
    return;
  }
  if (answer == "yes_no") {
    task.answer = AnswerKind::kYesNo;
  } else if (answer == "box") {
    task.answer = AnswerKind::kBox;
  } else if (answer == "points") {
    task.answer = AnswerKind::kPoints;
  } else {
    problems.push_back(FormatLocated({task.file, "", "answer"},
                                     "must be \"yes_no\", \"box\" or \"points\", got \"" + answer + "\""));
  }
  if (task.answer != rule->answer) {
    problems.push_back(FormatLocated({task.file, "", "answer"}, fmt::format("task {} answers \"{}\", got \"{}\"",
                                                                          task.task, AnswerKindName(rule->answer), answer)));
  }
  if (task.formats.empty()) problems.push_back(FormatLocated({task.file, "", "formats"}, "must not be empty"));
  for (const std::string& format : task.formats) {
    if (!kFormats.count(format)) {
      problems.push_back(FormatLocated({task.file, "", "formats"}, "unknown format \"" + format + "\""));
    }
  }
  CheckPhrases(task.phrasings, rule->placeholders, rule->required, task.file, "phrasings", problems);
  for (size_t i = 0; i < task.phrasings.size(); ++i) {
    const std::string& text = task.phrasings[i];
    const std::string where = "phrasings[" + std::to_string(i) + "]";
    if (rule->names_frame && text.find("{frame}") == std::string::npos &&
        text.find("{Frame}") == std::string::npos) {
      problems.push_back(FormatLocated({task.file, "", where}, "missing placeholder {frame} or {Frame}"));
    }
    if (task.answer == AnswerKind::kYesNo && !text.ends_with(kYesNoEnding)) {
      problems.push_back(FormatLocated({task.file, "", where},
                                       "a yes/no question must end with \"" + std::string(kYesNoEnding) + "\""));
    }
    if (task.answer == AnswerKind::kPoints && !text.ends_with(kPointsEnding)) {
      problems.push_back(FormatLocated({task.file, "", where},
                                       "a point question must end with RoboPoint's answer-format sentence \"" +
                                           std::string(kPointsEnding) + "\""));
    }
  }
  if (library.tasks.count(task.task)) {
    problems.push_back(FormatLocated({task.file, "", "task"}, "task \"" + task.task + "\" is defined twice"));
    return;
  }
  library.tasks.emplace(task.task, std::move(task));
}

// Reads every file, collecting problems; files that cannot be parsed add one problem each.
TemplateLibrary ReadLibrary(const std::filesystem::path& dir, std::vector<std::string>& problems) {
  TemplateLibrary library;
  auto guarded = [&](const std::filesystem::path& path, auto read) {
    try {
      read(path, library, problems);
    } catch (const InputError& e) {
      problems.push_back(e.what());
    }
  };
  guarded(dir / "relations.json", ReadRelations);
  guarded(dir / "frames.json", ReadFrames);
  const std::filesystem::path tasks_dir = dir / "tasks";
  if (!std::filesystem::is_directory(tasks_dir)) {
    problems.push_back(FormatLocated({tasks_dir.string(), "", ""}, "missing folder of task templates"));
    return library;
  }
  std::vector<std::filesystem::path> task_files;
  for (const auto& entry : std::filesystem::directory_iterator(tasks_dir)) {
    if (entry.path().extension() == ".json") task_files.push_back(entry.path());
  }
  std::sort(task_files.begin(), task_files.end());
  for (const auto& path : task_files) guarded(path, ReadTask);
  for (const TaskInfo& task : TaskTable()) {
    if (!library.tasks.count(task.name)) {
      problems.push_back(FormatLocated({tasks_dir.string(), "", ""}, fmt::format("no template for task \"{}\"", task.name)));
    }
  }
  return library;
}

}  // namespace

std::string_view AnswerKindName(AnswerKind kind) {
  switch (kind) {
    case AnswerKind::kYesNo: return "yes_no";
    case AnswerKind::kBox: return "box";
    case AnswerKind::kPoints: return "points";
  }
  return "";
}

const std::vector<std::string>& TemplateLibrary::FramePhrases(Frame frame, WorldFront::Mode world_mode) const {
  if (frame != Frame::kWorld) return frame_phrases.at(std::string(FrameName(frame)));
  return frame_phrases.at(world_mode == WorldFront::Mode::kSceneAxis ? "world.scene_axis" : "world.camera_heading");
}

const TaskTemplates& TemplateLibrary::Task(const std::string& name) const {
  const auto it = tasks.find(name);
  if (it == tasks.end()) throw FieldError("tasks", "no templates for task \"" + name + "\"");
  return it->second;
}

std::vector<std::string> CheckTemplates(const std::filesystem::path& dir) {
  std::vector<std::string> problems;
  ReadLibrary(dir, problems);
  return problems;
}

TemplateLibrary LoadTemplates(const std::filesystem::path& dir) {
  std::vector<std::string> problems;
  TemplateLibrary library = ReadLibrary(dir, problems);
  if (!problems.empty()) {
    std::string message = "invalid templates (" + std::to_string(problems.size()) + " problems):";
    for (const std::string& problem : problems) message += "\n  " + problem;
    throw InputError({dir.string(), "", ""}, message);
  }
  return library;
}

std::string FillPlaceholders(const std::string& text, const std::map<std::string, std::string>& values) {
  std::string out;
  size_t pos = 0;
  while (true) {
    const size_t open = text.find('{', pos);
    if (open == std::string::npos) break;
    const size_t close = text.find('}', open);
    out.append(text, pos, open - pos);
    std::string name = text.substr(open + 1, close - open - 1);
    const bool capitalize = !name.empty() && std::isupper(static_cast<unsigned char>(name[0]));
    if (capitalize) name[0] = char(std::tolower(static_cast<unsigned char>(name[0])));
    std::string value = values.at(name);
    if (capitalize && !value.empty()) value[0] = char(std::toupper(static_cast<unsigned char>(value[0])));
    out += value;
    pos = close + 1;
  }
  out.append(text, pos, std::string::npos);
  return out;
}

const std::string& Pick(const std::vector<std::string>& choices, Rng& rng, size_t* index) {
  const size_t i = rng.Index(choices.size());
  if (index) *index = i;
  return choices[i];
}

}  // namespace spatialgen
