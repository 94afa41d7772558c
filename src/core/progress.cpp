#include "core/progress.h"

#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

namespace spatialgen {
namespace {
// How often a non-terminal progress line is written, and a terminal bar redrawn.
constexpr auto kLogInterval = std::chrono::seconds(5);
constexpr auto kBarInterval = std::chrono::milliseconds(100);
}  // namespace

Progress::Progress(std::string label, int64_t total, bool enabled)
    : label_(std::move(label)),
      total_(total),
      enabled_(enabled),
      terminal_(isatty(fileno(stderr)) != 0),
      start_(std::chrono::steady_clock::now()),
      last_print_(start_) {}

Progress::~Progress() { Finish(); }

void Progress::Advance(int64_t amount) {
  const int64_t done = done_.fetch_add(amount) + amount;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_print_ < (terminal_ ? kBarInterval : kLogInterval)) return;
  std::unique_lock lock(print_mutex_, std::try_to_lock);
  if (!lock.owns_lock() || finished_) return;
  last_print_ = now;
  Print(done, false);
}

void Progress::Finish() {
  std::lock_guard lock(print_mutex_);
  if (finished_ || !enabled_) return;
  finished_ = true;
  Print(done_.load(), true);
}

void Progress::Print(int64_t done, bool final) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double fraction = total_ > 0 ? double(done) / double(total_) : 1.0;
  const double rate = seconds > 0 ? double(done) / seconds : 0.0;
  const std::string suffix = suffix_ ? suffix_(seconds) : "";
  if (terminal_) {
    constexpr int kWidth = 30;
    const int filled = int(fraction * kWidth);
    fmt::print(stderr, "\r{} [{}{}] {}/{} {:.1f}/s{}{}", label_, std::string(filled, '#'),
               std::string(kWidth - filled, '.'), done, total_, rate, suffix, final ? "\n" : "");
  } else {
    fmt::print(stderr, "{}: {}/{} ({:.0f}%) {:.1f}/s{}, {:.1f} s\n", label_, done, total_,
               fraction * 100.0, rate, suffix, seconds);
  }
  std::fflush(stderr);
}

}  // namespace spatialgen
