#pragma once
// The aggregator's clock when a log is replayed at start: while pinned it reads the time each
// replayed batch first arrived, so the aggregator (wall mode) places every event as it did
// the first time; released, it reads the real clock. Pinned and read on the ingest thread only.
#include <atomic>
#include <optional>

#include "core/clock.hpp"

namespace wmpulse::app {

class replay_clock final : public core::clock {
public:
  explicit replay_clock(const core::clock& real) : real_(real) {}
  core::millis now_ms() const override { return pinned_ ? *pinned_ : real_.now_ms(); }
  core::millis steady_ms() const override { return real_.steady_ms(); }
  void pin(core::millis t) { pinned_ = t; }
  void release() { pinned_.reset(); }

private:
  const core::clock& real_;
  std::optional<core::millis> pinned_;
};

}  // namespace wmpulse::app
