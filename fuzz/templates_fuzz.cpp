// The template files (qa_gen/templates.h), in a copy of the shipped templates: the input's
// first byte picks the file it replaces. A library that `templates check` passes must also
// fill every phrasing with the placeholders its task allows.
#include <cctype>

#include "fuzz/fixtures.h"
#include "qa_gen/task_table.h"
#include "qa_gen/templates.h"

using namespace spatialgen;

namespace {

const std::filesystem::path& Dir() {
  static const std::filesystem::path dir = [] {
    const std::filesystem::path copy = fuzz::Scratch() / "templates";
    std::filesystem::copy(std::filesystem::path(SPATIALGEN_SOURCE_DIR) / "templates", copy,
                          std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
    return copy;
  }();
  return dir;
}

const char* const kFiles[] = {"relations.json", "frames.json", "tasks/configuration.json", "tasks/grounding.json",
                              "tasks/context.json", "tasks/extra.json"};

void FillEverything(const TemplateLibrary& library) {
  std::map<std::string, std::string> values;
  for (const TaskInfo& task : TaskTable()) {
    for (std::string name : task.placeholders) {
      name[0] = char(std::tolower(static_cast<unsigned char>(name[0])));
      values[name] = "value";
    }
  }
  for (const auto& [name, task] : library.tasks) {
    for (const std::string& phrasing : task.phrasings) FillPlaceholders(phrasing, values);
  }
  for (const auto& [frame, phrases] : library.frame_phrases) {
    for (const std::string& phrase : phrases) FillPlaceholders(phrase, values);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::Quiet();
  Dir();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fuzz::Selected input = fuzz::Select(data, size, 6);
  const std::filesystem::path file = Dir() / kFiles[input.file];
  {
    const fuzz::SwappedFile swapped(file, input.bytes);
    fuzz::Refusing([&] {
      if (CheckTemplates(Dir()).empty()) FillEverything(LoadTemplates(Dir()));
    });
  }
  if (input.file == 5) std::filesystem::remove(file);  // tasks/extra.json is not a shipped file
  return 0;
}
