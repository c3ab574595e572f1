#include "cluster/lease.hpp"

#include <algorithm>

namespace wmpulse::cluster {

lease::lease(const core::clock& clock, core::millis ttl_ms) : clock_(clock), ttl_ms_(ttl_ms) {}

bool lease::holding() const { return held_ && clock_.steady_ms() < held_until_; }

core::millis lease::next_attempt_at() const {
  if (!attempted_) return clock_.steady_ms();
  const core::millis regular = last_attempt_ + ttl_ms_ / 4;
  if (!holder_expires_at_) return regular;
  return std::clamp(*holder_expires_at_, last_attempt_ + ttl_ms_ / 20, regular);
}

void lease::taken(std::uint64_t revision, core::millis sent_steady_ms) {
  holder_expires_at_.reset();
  attempted_ = true;
  last_attempt_ = sent_steady_ms;
  held_ = true;
  held_until_ = sent_steady_ms + ttl_ms_ * 3 / 4;
  revision_ = revision;
  holder_.clear();
}

void lease::refused(std::string holder, core::millis sent_steady_ms, std::optional<core::millis> written_wall_ms) {
  attempted_ = true;
  last_attempt_ = sent_steady_ms;
  held_ = false;
  revision_ = 0;
  holder_ = std::move(holder);
  holder_expires_at_.reset();
  // The bucket's TTL counts from the write on the server's clock; the wait from the wall clock.
  if (written_wall_ms) holder_expires_at_ = clock_.steady_ms() + (*written_wall_ms + ttl_ms_ - clock_.now_ms());
}

// A holder keeps the lease until held_until passes; a later renewal may still succeed.
void lease::failed(core::millis sent_steady_ms) {
  attempted_ = true;
  last_attempt_ = sent_steady_ms;
}

}  // namespace wmpulse::cluster
