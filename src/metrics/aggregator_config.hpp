#pragma once
// How the aggregator counts; every field is explained in docs/METRICS.md.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/clock.hpp"

namespace wmpulse::metrics {

// Where "now" comes from: the service's clock (live sources), or the newest event time seen
// (replays and accelerated simulations). Now never goes back, but for a wall clock stepped
// back by more than clock_step_hold_ms (docs/METRICS.md, "Clock steps").
enum class clock_mode : std::uint8_t { wall, event };

// When totalConnections starts counting: at service start, or at the last midnight of a fixed
// UTC offset (so that a restart followed by a backfill recounts the same day).
enum class counting_period : std::uint8_t { since_start, daily };

struct aggregator_config {
  core::millis window_ms = 60'000;                       // 1 ms .. 1 h
  clock_mode clock = clock_mode::wall;
  core::millis idle_timeout_ms = 4 * 3'600'000;          // 0 disables; granularity 1 s
  std::size_t max_open_sessions = 1'000'000;             // connects beyond are refused, counted
  std::size_t max_closed_sessions = 1'000'000;           // remembered closed ids; oldest evicted
  core::millis closed_retention_ms = 15 * 60'000;        // how long a closed id is remembered
  core::millis future_tolerance_ms = 5'000;              // wall mode: skew accepted (clamped to now)
  core::millis clock_step_hold_ms = 5'000;               // wall mode: a step back this small holds now; larger rewinds
  counting_period period = counting_period::since_start;
  std::int32_t period_utc_offset_minutes = 0;            // daily period: midnight at UTC+offset
  std::size_t max_queues = 10'000;                       // queues beyond are folded into no queue
  std::size_t max_window_records = 8'000'000;            // messages + ended sessions in the window
  bool contact_figures = false;                          // the source knows queues and agents (Genesys)
  core::millis short_abandon_ms = 10'000;                // an abandon at most this long after entry is short
  core::millis service_level_target_ms = 20'000;         // answered at most this long after entry: in target

  // Empty when the configuration is usable, else what is wrong with it.
  std::string validate() const;
};

}  // namespace wmpulse::metrics
