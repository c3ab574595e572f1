#pragma once
// The exact metrics (docs/METRICS.md semantics) of what the simulator has published.
// A session is one web messaging conversation: connected at the customer's connectedTime,
// disconnected at the customer's endTime; messages are message ids stamped with messageTime.
// A fact counts once it has been published by min(at, published_up_to).
// totalConnections counts the connects of the daily counting period holding `at` (from local
// midnight at the offset, as the service counts for Genesys: docs/METRICS.md).
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
};

struct expected_query {
  millis at = 0;
  millis window_ms = 60'000;
  std::string queue_id;          // empty: all queues
  millis published_up_to = 0;    // the publisher's watermark
  int counting_utc_offset_minutes = 0;  // the service's --counting-utc-offset
};

expected_metrics compute_expected(const std::deque<sim_conversation>& conversations, const expected_query& q);

// The start of the daily counting period holding `at`: the last midnight at UTC+offset.
millis counting_day_start(millis at, int utc_offset_minutes);

// The queue the conversation is in at t: the latest acd participant started by then (its
// first queue before that). Per-queue figures attribute each fact to the queue at its time.
std::string_view queue_at(const sim_conversation& c, millis t);

// Nearest-rank percentile (the smallest value with at least p% of values at or below it).
double nearest_rank(std::vector<double> sorted_values, double p);

// JSON with the GraphQL Metrics field names (activeSessions, totalConnections, …).
boost::json::object to_json(const expected_metrics& m);

}  // namespace wmpulse::sim
