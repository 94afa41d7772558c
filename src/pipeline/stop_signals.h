#pragma once
// SIGINT and SIGTERM during a run (Ctrl-C, `kill`, Slurm's pre-emption or time limit): the
// first one asks the run to stop at the next scene boundary, so that the scenes in flight are
// finished, nothing half-written is left and the folder can be resumed; a second one ends the
// process at once (the default action), which resume survives too.
#include <csignal>

namespace spatialgen {

class StopSignals {
 public:
  // Installs the handlers when `enabled`; the earlier ones come back on destruction.
  explicit StopSignals(bool enabled);
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // The signal received (SIGINT or SIGTERM), 0 while none was.
  int received() const;

 private:
  bool enabled_;
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
};

}  // namespace spatialgen
