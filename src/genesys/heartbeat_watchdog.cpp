#include "genesys/heartbeat_watchdog.hpp"

#include <algorithm>

namespace wmpulse::genesys {

heartbeat_watchdog::heartbeat_watchdog(const core::clock& clock, core::millis heartbeat_timeout_ms,
                                       core::millis ping_interval_ms)
    : clock_(clock),
      heartbeat_timeout_ms_(heartbeat_timeout_ms),
      ping_interval_ms_(ping_interval_ms),
      last_frame_ms_(clock.steady_ms()),
      last_ping_ms_(last_frame_ms_) {}

void heartbeat_watchdog::start() { last_frame_ms_ = last_ping_ms_ = clock_.steady_ms(); }

void heartbeat_watchdog::frame_received() { last_frame_ms_ = clock_.steady_ms(); }

heartbeat_watchdog::verdict heartbeat_watchdog::check() {
  const core::millis now = clock_.steady_ms();
  if (now - last_frame_ms_ >= heartbeat_timeout_ms_) return verdict::silent;
  if (now - last_frame_ms_ < ping_interval_ms_ || now - last_ping_ms_ < ping_interval_ms_) return verdict::wait;
  last_ping_ms_ = now;
  return verdict::ping;
}

core::millis heartbeat_watchdog::check_interval() const {
  return std::max<core::millis>(50, std::min(ping_interval_ms_, heartbeat_timeout_ms_) / 4);
}

}  // namespace wmpulse::genesys
