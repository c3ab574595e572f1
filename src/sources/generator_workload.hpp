#pragma once
// The generator's pure part: given "now", which events happened since the last call.
#include <cstdint>
#include <queue>
#include <random>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "events/session_event.hpp"

namespace wmpulse::sources {

class generator_workload {
public:
  generator_workload(std::uint64_t seed, double sessions_per_minute, double mean_session_seconds,
                     double mean_message_gap_seconds, int queues, core::millis start);

  // Every event stamped in (last call, now], in time order.
  std::vector<events::session_event> advance_to(core::millis now);

private:
  struct pending {
    events::session_event event;
    bool operator>(const pending& o) const { return event.time_ms > o.event.time_ms; }
  };
  void schedule_session(core::millis start);
  core::millis exp_ms(double mean_seconds);

  std::mt19937_64 rng_;
  double sessions_per_minute_;
  double mean_session_seconds_;
  double mean_message_gap_seconds_;
  int queues_;
  core::millis next_arrival_;
  std::uint64_t next_id_ = 1;
  std::priority_queue<pending, std::vector<pending>, std::greater<>> queue_;
};

}  // namespace wmpulse::sources
