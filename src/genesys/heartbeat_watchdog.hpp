#pragma once
// When a notification socket is dead or due an application ping, judged on the steady reading
// of a core::clock (facts §4.2: heartbeats every 30 s; a socket silent for longer than the
// heartbeat timeout is dead). The socket asks every check_interval() ms; tests drive a manual
// clock instead of waiting.
#include "core/clock.hpp"

namespace wmpulse::genesys {

class heartbeat_watchdog {
public:
  enum class verdict { wait, ping, silent };

  heartbeat_watchdog(const core::clock& clock, core::millis heartbeat_timeout_ms, core::millis ping_interval_ms);

  // The socket is connected: silence and ping pacing count from now.
  void start();
  void frame_received();
  // `silent` once no frame has come for heartbeat_timeout_ms; `ping` once none has come for
  // ping_interval_ms and no ping was asked for as long (the ping is then counted as sent).
  verdict check();
  // How often check() should be called: a quarter of the shorter period, at least 50 ms.
  core::millis check_interval() const;

private:
  const core::clock& clock_;
  core::millis heartbeat_timeout_ms_;
  core::millis ping_interval_ms_;
  core::millis last_frame_ms_;
  core::millis last_ping_ms_;
};

}  // namespace wmpulse::genesys
