#pragma once
// The immutable picture of the aggregator that readers (GraphQL, Prometheus, the dashboard)
// see. Published whole after every applied batch and every clock tick; never half-applied.
// Exact semantics of each field: docs/METRICS.md.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "metrics/since_start.hpp"

namespace wmpulse::metrics {

// The queue figures (docs/METRICS.md "Queue figures"); only sources that know queues and
// agents produce them. Averages and ratios are nullopt when their divisor is 0.
struct contact_metrics {
  std::int64_t waiting = 0;                        // open sessions in a queue, no agent yet
  std::int64_t interacting = 0;                    // open sessions with an agent
  std::optional<std::int64_t> longest_waiting_ms;  // age of the oldest waiting; nullopt if none
  std::int64_t offered = 0;                        // in the window, as every count below
  std::int64_t answered = 0;
  std::int64_t abandoned = 0;
  std::int64_t short_abandoned = 0;
  std::optional<double> abandon_rate;              // abandoned / (answered + abandoned)
  std::optional<double> service_level;             // in target / (answered + abandoned - short)
  core::millis service_level_target_ms = 0;
  std::optional<double> average_speed_of_answer_ms;
  std::optional<double> avg_first_response_ms;
  std::optional<double> avg_agent_response_ms;
  std::optional<double> avg_handle_ms;
};

struct window_metrics {
  std::int64_t active_sessions = 0;      // connected, not yet disconnected (nor idle-closed)
  std::int64_t total_connections = 0;    // distinct sessions seen connecting since the counting start
  double avg_session_duration_ms = 0;    // mean duration of sessions that ended within the window; 0 if none
  double messages_per_minute = 0;        // messages stamped within the window, scaled to one minute
  double inbound_messages_per_minute = 0;
  double outbound_messages_per_minute = 0;
  std::int64_t sessions_ended_in_window = 0;
  std::int64_t messages_in_window = 0;
  // Percentiles of the durations of sessions that ended within the window; nullopt if none.
  std::optional<double> duration_p50_ms;
  std::optional<double> duration_p90_ms;
  std::optional<double> duration_p99_ms;
  std::optional<contact_metrics> contact;  // nullopt: the source knows no queues or agents
  since_start_counts since_start;          // counters and histograms, never reset (Prometheus)
};

struct queue_metrics {
  std::string queue_id;
  window_metrics metrics;
};

// Counters about the aggregator's own bookkeeping.
struct aggregator_counters {
  std::uint64_t events_applied = 0;
  std::uint64_t batches_applied = 0;            // apply(span) calls, so events per batch shows
  std::uint64_t duplicate_connects = 0;         // connect of a session already open
  std::uint64_t unknown_session_disconnects = 0;
  std::uint64_t unknown_session_messages = 0;   // counted in the rate, see METRICS.md
  std::uint64_t unknown_session_contact_events = 0;  // before their session's connect: kept for it
  std::uint64_t future_events = 0;              // stamped after the clock (skew), see METRICS.md
  std::uint64_t too_old_events = 0;             // older than the window when they arrived
  std::uint64_t idle_closed_sessions = 0;       // closed by the idle timeout
  std::uint64_t refused_by_cap = 0;             // connects refused because the session cap was reached
  std::int64_t tracked_sessions = 0;            // open + remembered closed ids
  // Added by the aggregator (see METRICS.md).
  std::uint64_t future_events_refused = 0;      // beyond the future tolerance: not applied
  std::uint64_t duplicate_disconnects = 0;      // disconnect of an id already closed
  std::uint64_t late_connects = 0;              // connect that arrived after its own disconnect
  std::uint64_t queue_transfers = 0;            // an open session moved to another queue
  std::uint64_t closed_sessions_evicted = 0;    // remembered closed ids dropped at their cap
  std::uint64_t window_records_refused = 0;     // messages/ends not counted: window record cap
  std::uint64_t queues_refused = 0;             // events whose queue was over the queue cap
  std::uint64_t clock_steps_back = 0;           // wall clock stepped back beyond the hold: window rewound
  std::uint64_t stale_contact_events = 0;       // contact-centre event for a span already counted
  std::int64_t open_sessions = 0;
  std::int64_t window_records = 0;
};

struct metrics_snapshot {
  core::millis taken_at_ms = 0;  // the aggregator's "now" when the snapshot was taken
  core::millis window_ms = 60'000;
  core::millis counting_since_ms = 0;  // start of the totalConnections counting period
  window_metrics all;
  std::vector<queue_metrics> queues;  // sorted by queue_id
  aggregator_counters counters;

  // The queue's metrics, or nullptr when the queue has not been seen.
  const window_metrics* find_queue(std::string_view queue_id) const;
};

}  // namespace wmpulse::metrics
