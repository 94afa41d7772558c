#include "pipeline/stop_signals.h"

#include <atomic>

namespace spatialgen {
namespace {

std::atomic<int> received_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "the handler may only touch lock-free atomics");

void OnStopSignal(int signal) { received_signal.store(signal); }

}  // namespace

StopSignals::StopSignals(bool enabled) : enabled_(enabled) {
  received_signal.store(0);
  if (!enabled_) return;
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;  // the second signal takes the default action
  sigaction(SIGINT, &action, &previous_int_);
  sigaction(SIGTERM, &action, &previous_term_);
}

StopSignals::~StopSignals() {
  if (!enabled_) return;
  sigaction(SIGINT, &previous_int_, nullptr);
  sigaction(SIGTERM, &previous_term_, nullptr);
}

int StopSignals::received() const { return received_signal.load(); }

}  // namespace spatialgen
