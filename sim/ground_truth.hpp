#pragma once
// The exact metrics (docs/METRICS.md semantics) of what the simulator has published.
// A session is one web messaging conversation: connected at the customer's connectedTime,
// disconnected at the customer's endTime; messages are message ids stamped with messageTime.
// A fact counts once it has been published by min(at, published_up_to).
// Per queue: connects count in the queue at connect time, open sessions in their queue at
// `at`, durations in the queue at the end, messages in the queue at the message's time.
#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "sim/model.hpp"

namespace wmpulse::sim {

struct expected_metrics {
  std::int64_t active_sessions = 0;
  std::int64_t total_connections = 0;
  double avg_session_duration_ms = 0;
  double messages_per_minute = 0;
  double inbound_messages_per_minute = 0;
  double outbound_messages_per_minute = 0;
  std::int64_t sessions_ended_in_window = 0;
  std::int64_t messages_in_window = 0;
  std::optional<double> duration_p50_ms, duration_p90_ms, duration_p99_ms;
  // Queue figures (docs/METRICS.md "Queue figures"): gauges at `at`, counts in the window.
  std::int64_t waiting = 0, interacting = 0;
  std::optional<double> longest_waiting_ms;
  std::int64_t offered = 0, answered = 0, abandoned = 0, short_abandoned = 0;
  std::optional<double> abandon_rate, service_level;
  std::optional<double> average_speed_of_answer_ms, avg_first_response_ms, avg_agent_response_ms, avg_handle_ms;
};

// The thresholds the service uses by default (docs/METRICS.md), restated here on purpose: the
// ground truth shares no code with the service.
inline constexpr millis short_abandon_ms = 10'000;
inline constexpr millis service_level_target_ms = 20'000;

struct expected_query {
  millis at = 0;
  millis window_ms = 60'000;
  std::string queue_id;          // empty: all queues
  millis published_up_to = 0;    // the publisher's watermark
  // When set, totalConnections counts the daily period holding `at` (from local midnight at
  // this UTC offset), as the service counts for Genesys; otherwise every connect.
  std::optional<int> counting_utc_offset_minutes;
};

// What the queue figures add up over the conversations, before the averages.
struct queue_sums {
  std::int64_t in_target = 0, handled = 0, first = 0, replies = 0;
  double wait = 0, handle = 0, first_sum = 0, reply_sum = 0;
};
// One conversation's part (`open`: it is an open session at `limit`), then the ratios.
void compute_queue_figures(const sim_conversation& c, const expected_query& q, millis limit, bool open, expected_metrics& m,
                           queue_sums& acc);
void finish_queue_figures(const queue_sums& acc, expected_metrics& m);

expected_metrics compute_expected(const std::deque<sim_conversation>& conversations, const expected_query& q);

// The queue the conversation is in at t: the latest acd participant started by then (its
// first queue before that). Per-queue figures attribute each fact to the queue at its time.
std::string_view queue_at(const sim_conversation& c, millis t);

// Nearest-rank percentile (the smallest value with at least p% of values at or below it).
double nearest_rank(std::vector<double> sorted_values, double p);

// JSON with the GraphQL Metrics field names (activeSessions, totalConnections, …).
boost::json::object to_json(const expected_metrics& m);

}  // namespace wmpulse::sim
