#pragma once
// Counts kept since the aggregator started, never reset and never windowed: what Prometheus
// counters and histograms need so that users can rate() them and aggregate them across queues
// and nodes. Each event costs O(1): one bucket found among a dozen fixed bounds, then counted.
#include <algorithm>
#include <array>
#include <cstdint>

#include "core/clock.hpp"

namespace wmpulse::metrics {

// Upper bounds (inclusive, like Prometheus' `le`) of the histogram buckets; +Inf is implied.
// Messaging sessions last minutes to hours; a wait is judged against service-level targets of
// 10–60 s, so the default target (20 s) and the usual ones are bucket bounds.
inline constexpr std::array<core::millis, 11> session_duration_bounds_ms{
    30'000, 60'000, 120'000, 300'000, 600'000, 900'000, 1'800'000, 3'600'000, 7'200'000, 14'400'000, 28'800'000};
inline constexpr std::array<core::millis, 12> answer_wait_bounds_ms{
    5'000, 10'000, 15'000, 20'000, 30'000, 45'000, 60'000, 120'000, 300'000, 600'000, 1'800'000, 3'600'000};

template <const auto& Bounds>
struct duration_histogram {
  static constexpr const auto& bounds_ms = Bounds;
  std::array<std::uint64_t, Bounds.size() + 1> buckets{};  // per bucket, not cumulative; the last is +Inf
  std::uint64_t count = 0;
  std::int64_t sum_ms = 0;

  void observe(core::millis duration_ms) {
    const auto i = std::lower_bound(Bounds.begin(), Bounds.end(), duration_ms) - Bounds.begin();
    ++buckets[static_cast<std::size_t>(i)];
    ++count;
    sum_ms += duration_ms;
  }
  // Observations at most bounds_ms[i] (i == bounds_ms.size(): all of them).
  std::uint64_t cumulative(std::size_t i) const {
    std::uint64_t n = 0;
    for (std::size_t b = 0; b <= i; ++b) n += buckets[b];
    return n;
  }
};

using session_duration_histogram = duration_histogram<session_duration_bounds_ms>;
using answer_wait_histogram = duration_histogram<answer_wait_bounds_ms>;

// For one scope (everything, or one queue); a session counts in the queue it was in at the time.
struct since_start_counts {
  std::uint64_t connections = 0;        // distinct sessions seen connecting
  std::uint64_t messages[3] = {0, 0, 0};  // by direction: unknown, inbound, outbound
  std::uint64_t offered = 0;            // queue entries
  std::uint64_t answered = 0;
  std::uint64_t abandoned = 0;
  session_duration_histogram session_durations;  // sessions that disconnected
  answer_wait_histogram answer_waits;            // queue entry to answer, of answered contacts
};

}  // namespace wmpulse::metrics
