#include "pipeline/crash_point.h"

#include <csignal>
#include <cstdlib>

#include <atomic>
#include <string>

namespace spatialgen {
namespace {

struct CrashSetting {
  std::string point;  // "" when no crash is asked for
  long hit = 0;       // crash on this pass (1: the first)
};

CrashSetting ReadSetting() {
  CrashSetting setting;
  const char* text = std::getenv("SPATIALGEN_CRASH_AT");
  if (text == nullptr) return setting;
  const std::string value(text);
  const size_t colon = value.rfind(':');
  if (colon == std::string::npos) return setting;
  setting.point = value.substr(0, colon);
  setting.hit = std::strtol(value.c_str() + colon + 1, nullptr, 10);
  return setting;
}

}  // namespace

void CrashPoint(const char* point) {
  static const CrashSetting setting = ReadSetting();
  static std::atomic<long> passes{0};
  if (setting.point.empty() || setting.point != point) return;
  if (passes.fetch_add(1) + 1 == setting.hit) std::raise(SIGKILL);
}

}  // namespace spatialgen
