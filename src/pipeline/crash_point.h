#pragma once
// Crash points for the resume tests. With SPATIALGEN_CRASH_AT=<point>:<n> in the environment,
// the process kills itself with SIGKILL (as kill -9 or a lost node would) the n-th time it
// passes <point>. The points sit where a crash is hardest to survive and a timer rarely lands:
// "scene_done" (after a scene's completion record), "qa_line" (after each line of the final
// QA-file writes), "manifest_write" (the manifest written but not yet in place) and
// "publish_move" (after each file or folder moved into the output folder). Without the
// variable a point does nothing.
namespace spatialgen {

void CrashPoint(const char* point);

}  // namespace spatialgen
