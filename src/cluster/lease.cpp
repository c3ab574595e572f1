#include "cluster/lease.hpp"

namespace wmpulse::cluster {

lease::lease(const core::clock& clock, core::millis ttl_ms) : clock_(clock), ttl_ms_(ttl_ms) {}

bool lease::holding() const { return held_ && clock_.steady_ms() < held_until_; }

core::millis lease::next_attempt_at() const {
  if (!attempted_) return clock_.steady_ms();
  return last_attempt_ + ttl_ms_ / 4;
}

void lease::taken(std::uint64_t revision, core::millis sent_steady_ms) {
  attempted_ = true;
  last_attempt_ = sent_steady_ms;
  held_ = true;
  held_until_ = sent_steady_ms + ttl_ms_ * 3 / 4;
  revision_ = revision;
  holder_.clear();
}

void lease::refused(std::string holder, core::millis sent_steady_ms) {
  attempted_ = true;
  last_attempt_ = sent_steady_ms;
  held_ = false;
  revision_ = 0;
  holder_ = std::move(holder);
}

// A holder keeps the lease until held_until passes; a later renewal may still succeed.
void lease::failed(core::millis sent_steady_ms) {
  attempted_ = true;
  last_attempt_ = sent_steady_ms;
}

}  // namespace wmpulse::cluster
