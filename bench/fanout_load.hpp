#pragma once
// The load generator of the fan-out bench: N graphql-transport-ws subscribers in one thread,
// each checking every frame against the exact expected text. Beast connects and subscribes;
// then one epoll loop reads the plain sockets and parses the frames by hand, so that the
// client's CPU per frame stays small next to the server's (it reports it: client_cpu_us).
// It runs in a child process so the server's RSS is measured alone.
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "check_reporter.hpp"
#include "net/net.hpp"

namespace wmpulse::bench {

struct tick_report {
  std::int64_t value = 0;       // the tick every subscriber has now received
  std::int64_t bad_frames = 0;  // frames that differed from the reference text, so far
  std::int64_t failed = 0;      // subscribers that could not connect or were cut
  std::int64_t client_cpu_us = 0;  // the load generator's CPU time (user + system) so far
};

// The frame a subscriber must receive for tick `value` (the naive reference), numbers written
// as JavaScript writes them (core::write_json): 1234.5, not 1.2345E3.
inline std::string expected_frame(std::int64_t value) {
  const char* duration = break_reference ? "1234.25" : "1234.5";
  return R"({"id":"s","type":"next","payload":{"data":{"realTimeMetrics":{"activeSessions":)" + std::to_string(value) +
         R"(,"totalConnections":)" + std::to_string(value * 3) + R"(,"avgSessionDurationMs":)" + duration +
         R"(,"messagesPerMinute":17.25}}}})";
}

// Connects `subscribers` clients to 127.0.0.1:port (at most `concurrent_connects` handshakes
// at a time) and calls `report` each time all of them have received one more tick.
void run_load(std::uint16_t port, int subscribers, int concurrent_connects,
              const std::function<void(const tick_report&)>& report);

}  // namespace wmpulse::bench
