#pragma once
// The template library: question wording as data (templates/). Holds the relation
// vocabulary, the frame phrases and, per task, its phrasings, answer kind and output formats.
// CheckTemplates() reports every problem it finds; LoadTemplates() throws on the first.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/rng.h"
#include "reframe/frames.h"
#include "reframe/relations.h"

namespace spatialgen {

struct RelationEntry {
  std::string name;                  // "left"
  RelationAxis axis = RelationAxis::kLeft;
  int sign = 1;                      // +1 along the axis, -1 against it
  std::vector<std::string> phrases;  // "to the left of", ...
};

enum class AnswerKind { kYesNo, kBox, kPoints };
std::string_view AnswerKindName(AnswerKind kind);  // "yes_no", "box", "points", as in templates and gt/

struct TaskTemplates {
  std::string task;                    // "configuration", "grounding"
  AnswerKind answer = AnswerKind::kYesNo;
  std::vector<std::string> formats;    // "robospatial" and/or "robopoint"
  std::vector<std::string> phrasings;  // with {placeholders}
  std::string file;                    // where it was read from, for messages
};

struct TemplateLibrary {
  std::vector<RelationEntry> relations;
  // Per frame ("ego", "object", and "world.camera_heading", "world.scene_axis"), its phrases.
  std::map<std::string, std::vector<std::string>> frame_phrases;

  // The phrases that name `frame`; the world frame's depend on what its front is.
  const std::vector<std::string>& FramePhrases(Frame frame, WorldFront::Mode world_mode) const;
  std::map<std::string, TaskTemplates> tasks;

  const TaskTemplates& Task(const std::string& name) const;  // throws when absent
};

// One problem found in the template files: "file: key.path: message".
std::vector<std::string> CheckTemplates(const std::filesystem::path& dir);
TemplateLibrary LoadTemplates(const std::filesystem::path& dir);

// Replaces each {name} in `text` by values.at(name); {Name} (capitalized) inserts the value
// with a capital first letter. Unknown names are a programmer error (checked at load).
std::string FillPlaceholders(const std::string& text, const std::map<std::string, std::string>& values);

// Picks one of `choices` with the seeded stream; returns its index too.
const std::string& Pick(const std::vector<std::string>& choices, Rng& rng, size_t* index = nullptr);

}  // namespace spatialgen
