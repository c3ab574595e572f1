#include "metrics/prometheus.hpp"

#include <functional>
#include <optional>

#include "metrics/exposition.hpp"

namespace wmpulse::metrics {
namespace {

double seconds(double ms) { return ms / 1000.0; }
std::optional<double> seconds(const std::optional<double>& ms) {
  return ms ? std::optional<double>(*ms / 1000.0) : std::nullopt;
}
double seconds(core::millis ms) { return static_cast<double>(ms) / 1000.0; }

// A figure written twice: overall as wmpulse_<name>, and by queue as wmpulse_queue_<name>.
// nullopt values (no divisor yet, no queue figures) are left out rather than written as 0.
struct figure {
  std::string_view name;
  std::string_view type;
  std::string_view help;
  std::function<std::optional<double>(const window_metrics&)> value;
};

template <class F>
auto contact(F f) {
  return [f](const window_metrics& m) -> std::optional<double> {
    if (!m.contact) return std::nullopt;
    return f(*m.contact);
  };
}

const std::vector<figure>& figures() {
  using cm = contact_metrics;
  using wm = window_metrics;
  static const std::vector<figure> all{
      {"active_sessions", "gauge", "Sessions connected and not yet disconnected nor idle-closed.",
       [](const wm& m) { return double(m.active_sessions); }},
      {"period_connections", "gauge",
       "Distinct sessions seen connecting since the counting period start (GraphQL totalConnections).",
       [](const wm& m) { return double(m.total_connections); }},
      {"window_sessions_ended", "gauge", "Sessions that disconnected within the window.",
       [](const wm& m) { return double(m.sessions_ended_in_window); }},
      {"window_session_duration_avg_seconds", "gauge",
       "Mean duration of the sessions that disconnected within the window; 0 if none.",
       [](const wm& m) { return seconds(m.avg_session_duration_ms); }},
      {"window_messages", "gauge", "Messages stamped within the window.",
       [](const wm& m) { return double(m.messages_in_window); }},
      {"window_messages_per_minute", "gauge", "Messages stamped within the window, scaled to one minute.",
       [](const wm& m) { return m.messages_per_minute; }},
      {"waiting_sessions", "gauge", "Open sessions in a queue with no agent yet.",
       contact([](const cm& c) { return std::optional<double>(double(c.waiting)); })},
      {"interacting_sessions", "gauge", "Open sessions with an agent.",
       contact([](const cm& c) { return std::optional<double>(double(c.interacting)); })},
      {"longest_wait_seconds", "gauge", "Age of the oldest waiting session; absent when none waits.",
       contact([](const cm& c) {
         return c.longest_waiting_ms ? std::optional<double>(seconds(*c.longest_waiting_ms)) : std::nullopt;
       })},
      {"window_offered", "gauge", "Queue entries within the window.",
       contact([](const cm& c) { return std::optional<double>(double(c.offered)); })},
      {"window_answered", "gauge", "Contacts answered by an agent within the window.",
       contact([](const cm& c) { return std::optional<double>(double(c.answered)); })},
      {"window_abandoned", "gauge", "Contacts that left the queue unanswered within the window.",
       contact([](const cm& c) { return std::optional<double>(double(c.abandoned)); })},
      {"window_short_abandoned", "gauge", "Abandons within the short-abandon threshold, within the window.",
       contact([](const cm& c) { return std::optional<double>(double(c.short_abandoned)); })},
      {"window_service_level_ratio", "gauge",
       "Answered within the target / (answered + abandoned - short abandons), within the window (0..1).",
       contact([](const cm& c) { return c.service_level; })},
      {"service_level_target_seconds", "gauge", "The service level's answer target.",
       contact([](const cm& c) { return std::optional<double>(seconds(c.service_level_target_ms)); })},
      {"window_abandon_ratio", "gauge", "Abandoned / (answered + abandoned), within the window (0..1).",
       contact([](const cm& c) { return c.abandon_rate; })},
      {"window_average_speed_of_answer_seconds", "gauge", "Mean wait of the contacts answered within the window.",
       contact([](const cm& c) { return seconds(c.average_speed_of_answer_ms); })},
      {"window_first_response_avg_seconds", "gauge",
       "Mean time from a customer's message to the agent's first reply, within the window.",
       contact([](const cm& c) { return seconds(c.avg_first_response_ms); })},
      {"window_agent_response_avg_seconds", "gauge",
       "Mean time from a customer's message to the agent's reply, within the window.",
       contact([](const cm& c) { return seconds(c.avg_agent_response_ms); })},
      {"window_handle_avg_seconds", "gauge", "Mean length of the agent parts that ended within the window.",
       contact([](const cm& c) { return seconds(c.avg_handle_ms); })},
  };
  return all;
}

void scope_figures(exposition& x, const metrics_snapshot& s) {
  for (const auto& f : figures()) {
    x.family("wmpulse_" + std::string(f.name), f.type, f.help);
    if (auto v = f.value(s.all)) x.sample(*v);
    x.family("wmpulse_queue_" + std::string(f.name), f.type, std::string(f.help) + " By queue.");
    for (const auto& q : s.queues)
      if (auto v = f.value(q.metrics)) x.sample(*v, {{"queue", q.queue_id}});
  }
}

constexpr std::string_view direction_names[] = {"unknown", "inbound", "outbound"};

// Counters and histograms since the start, overall and by queue (`queue` empty: overall).
void since_start_families(exposition& x, const metrics_snapshot& s) {
  const bool contact = s.all.contact.has_value();
  const auto each = [&](std::string_view name, std::string_view type, std::string_view help, auto write) {
    x.family("wmpulse_" + std::string(name), type, help);
    write(s.all.since_start, std::string_view{});
    x.family("wmpulse_queue_" + std::string(name), type, std::string(help) + " By queue.");
    for (const auto& q : s.queues) write(q.metrics.since_start, std::string_view(q.queue_id));
  };
  const auto plain = [&](auto member) {
    return [&x, member](const since_start_counts& c, std::string_view queue) {
      if (queue.empty()) x.sample(c.*member);
      else x.sample(c.*member, {{"queue", queue}});
    };
  };
  each("connections_total", "counter", "Distinct sessions seen connecting since the process started.",
       plain(&since_start_counts::connections));
  each("messages_total", "counter", "Messages since the process started, by direction.",
       [&](const since_start_counts& c, std::string_view queue) {
         for (int d = 0; d < 3; ++d) {
           if (queue.empty()) x.sample(c.messages[d], {{"direction", direction_names[d]}});
           else x.sample(c.messages[d], {{"queue", queue}, {"direction", direction_names[d]}});
         }
       });
  each("session_duration_seconds", "histogram", "Durations of the sessions that disconnected since the process started.",
       [&](const since_start_counts& c, std::string_view queue) {
         if (queue.empty()) x.histogram(c.session_durations);
         else x.histogram(c.session_durations, {{"queue", queue}});
       });
  if (!contact) return;
  each("offered_total", "counter", "Queue entries since the process started.", plain(&since_start_counts::offered));
  each("answered_total", "counter", "Contacts answered by an agent since the process started.",
       plain(&since_start_counts::answered));
  each("abandoned_total", "counter", "Contacts that left the queue unanswered since the process started.",
       plain(&since_start_counts::abandoned));
  each("answer_wait_seconds", "histogram",
       "Waits from queue entry to answer of the contacts answered since the process started.",
       [&](const since_start_counts& c, std::string_view queue) {
         if (queue.empty()) x.histogram(c.answer_waits);
         else x.histogram(c.answer_waits, {{"queue", queue}});
       });
}

void window_families(exposition& x, const metrics_snapshot& s) {
  x.single("wmpulse_counting_since_timestamp_seconds", "gauge", "Start of the period_connections counting period.",
           seconds(s.counting_since_ms));
  x.single("wmpulse_window_seconds", "gauge", "Length of the sliding window.", seconds(s.window_ms));
  x.single("wmpulse_snapshot_timestamp_seconds", "gauge", "The aggregator's now when these figures were taken.",
           seconds(s.taken_at_ms));
  x.family("wmpulse_window_messages_per_minute_by_direction", "gauge",
           "Messages stamped within the window by direction, scaled to one minute (unknown direction omitted).");
  x.sample(s.all.inbound_messages_per_minute, {{"direction", "inbound"}});
  x.sample(s.all.outbound_messages_per_minute, {{"direction", "outbound"}});
}

void counter_families(exposition& x, const aggregator_counters& c) {
  const std::pair<std::string_view, std::uint64_t> totals[] = {
      {"events_applied", c.events_applied},
      {"duplicate_connects", c.duplicate_connects},
      {"duplicate_disconnects", c.duplicate_disconnects},
      {"late_connects", c.late_connects},
      {"unknown_session_disconnects", c.unknown_session_disconnects},
      {"unknown_session_messages", c.unknown_session_messages},
      {"unknown_session_contact_events", c.unknown_session_contact_events},
      {"future_events", c.future_events},
      {"future_events_refused", c.future_events_refused},
      {"too_old_events", c.too_old_events},
      {"idle_closed_sessions", c.idle_closed_sessions},
      {"refused_by_cap", c.refused_by_cap},
      {"queue_transfers", c.queue_transfers},
      {"closed_sessions_evicted", c.closed_sessions_evicted},
      {"window_records_refused", c.window_records_refused},
      {"queues_refused", c.queues_refused},
      {"stale_contact_events", c.stale_contact_events},
      {"clock_steps_back", c.clock_steps_back},
  };
  for (const auto& [what, v] : totals) {
    const auto name = "wmpulse_aggregator_" + std::string(what) + "_total";
    x.single(name, "counter", "Aggregator bookkeeping: " + std::string(what) + " (see docs/METRICS.md).", v);
  }
  x.single("wmpulse_aggregator_open_sessions", "gauge", "Open sessions tracked.", c.open_sessions);
  x.single("wmpulse_aggregator_tracked_sessions", "gauge", "Open sessions plus remembered closed session ids.",
           c.tracked_sessions);
  x.single("wmpulse_aggregator_window_records", "gauge", "Messages and ended sessions held for the window.",
           c.window_records);
}

// Written for every source (zero where not Genesys; the lag only when known): one shape for all.
void genesys_families(exposition& x, const events::genesys_figures& g) {
  if (g.lag_ms)
    x.single("wmpulse_source_lag_seconds", "gauge", "Wall time minus event time of the newest event.", seconds(*g.lag_ms));
  x.single("wmpulse_source_channels", "gauge", "Genesys notification channels open.", std::int64_t{g.channels});
  x.single("wmpulse_source_topics", "gauge", "Genesys topics subscribed.", std::int64_t{g.topics});
  x.single("wmpulse_source_rejected_topics", "gauge", "Genesys topics the subscription rejected.",
           std::int64_t{g.rejected_topics});
  x.single("wmpulse_source_backfills_total", "counter", "Gap backfills run.", g.backfills);
  x.single("wmpulse_source_backfill_conversations_total", "counter", "Conversations merged by backfills.",
           g.backfill_conversations);
  x.single("wmpulse_source_messages_unknown_in_gaps_total", "counter", "Messages inside stream gaps that could not be counted.",
           g.messages_unknown_in_gaps);
  x.single("wmpulse_source_gap_message_fetches_pending", "gauge",
           "Conversations open across a socket gap whose messages are still to be fetched.", g.gap_fetches_pending);
  x.single("wmpulse_source_gap_message_fetches_total", "counter",
           "Conversations whose messages were fetched after a socket gap.", g.gap_fetches);
  x.single("wmpulse_source_gap_messages_recovered_total", "counter",
           "Messages fetched after a socket gap that no snapshot had carried.", g.gap_messages_recovered);
}

// Only while recording (--record): a series that is always zero would say nothing.
void recorder_families(exposition& x, const core::recorder_stats& r) {
  x.single("wmpulse_recorder_frames_written_total", "counter", "Frames written to the recording (--record).", r.frames_written);
  x.single("wmpulse_recorder_frames_dropped_total", "counter",
           "Frames not recorded: a write failed or the recorder's queue was full.", r.frames_dropped);
  x.single("wmpulse_recorder_write_errors_total", "counter", "Writes to the recording that failed.", r.write_errors);
  x.single("wmpulse_recorder_rotations_total", "counter", "Times the recording was rotated by size.", r.rotations);
}

void event_families(exposition& x, const events::source_status& st) {
  x.family("wmpulse_events_total", "counter",
           "Events since the process started by outcome: accepted (handed to the aggregator), ignored (valid but "
           "out of scope) or rejected (a frame the decoder refused, by reason).");
  x.sample(st.events_ingested, {{"outcome", "accepted"}});
  x.sample(st.events_ignored, {{"outcome", "ignored"}});
  for (std::size_t r = 0; r < events::decode_reason_count; ++r)
    x.sample(st.rejected[r], {{"outcome", "rejected"}, {"reason", events::to_string(static_cast<events::decode_reason>(r))}});
}

void source_families(exposition& x, const events::source_status& st) {
  x.family("wmpulse_source_info", "gauge", "The event source in use.");
  x.sample(std::int64_t{1}, {{"kind", st.source_kind}, {"synthetic", st.synthetic ? "true" : "false"}});
  x.family("wmpulse_source_state", "gauge", "1 for the source's current connection state, 0 for the others.");
  using cs = events::connection_state;
  for (auto s : {cs::starting, cs::connecting, cs::connected, cs::reconnecting, cs::stopped, cs::failed})
    x.sample(std::int64_t{s == st.state ? 1 : 0}, {{"state", events::to_string(s)}});
  x.single("wmpulse_ready", "gauge", "1 when /readyz answers 200: the source is connected and its initial recovery done.",
           std::int64_t{events::readiness_of(st).ready ? 1 : 0});
  x.family("wmpulse_cluster_role", "gauge", "1 for this node's part in the cluster (single without one), 0 for the others.");
  for (auto r : {events::node_role::single, events::node_role::leader, events::node_role::follower})
    x.sample(std::int64_t{r == st.role ? 1 : 0}, {{"role", events::to_string(r)}});
  if (st.stream_lag)
    x.single("wmpulse_cluster_stream_lag_messages", "gauge", "Stream messages not yet applied by this node.", *st.stream_lag);
  x.single("wmpulse_source_frames_received_total", "counter", "Frames received from the source.", st.frames_received);
  x.single("wmpulse_source_reconnects_total", "counter", "Reconnections to the source.", st.reconnects);
  if (st.last_event_ms)
    x.single("wmpulse_source_last_event_timestamp_seconds", "gauge", "Event time of the newest event accepted.",
             seconds(*st.last_event_ms));
  if (st.last_frame_ms)
    x.single("wmpulse_source_last_frame_timestamp_seconds", "gauge", "Wall time the last frame arrived.",
             seconds(*st.last_frame_ms));
  genesys_families(x, st.genesys_or_zero());
  if (st.recorder) recorder_families(x, *st.recorder);
  x.family("wmpulse_queue_info", "gauge", "A queue's display name; join on `queue` to label other series with it.");
  for (const auto& q : st.queue_labels) x.sample(std::int64_t{1}, {{"queue", q.id}, {"queue_name", q.name}});
}

void process_families(exposition& x, const exporter_facts& f) {
  x.family("wmpulse_build_info", "gauge", "Always 1; the labels tell which build is running.");
  x.sample(std::int64_t{1}, {{"version", f.version}, {"build", f.build}, {"compiler", f.compiler}});
  if (!f.process) return;
  const auto& p = *f.process;
  x.single("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.", p.cpu_seconds);
  x.single("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", p.resident_bytes);
  x.single("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.", p.virtual_bytes);
  x.single("process_open_fds", "gauge", "Number of open file descriptors.", p.open_fds);
  if (p.max_fds) x.single("process_max_fds", "gauge", "Maximum number of open file descriptors.", *p.max_fds);
  x.single("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.",
           p.start_time_seconds);
}

}  // namespace

std::string render_prometheus(const metrics_snapshot& snapshot, const events::source_status& status,
                              const exporter_facts& facts) {
  exposition x;
  scope_figures(x, snapshot);
  window_families(x, snapshot);
  since_start_families(x, snapshot);
  counter_families(x, snapshot.counters);
  event_families(x, status);
  source_families(x, status);
  process_families(x, facts);
  return x.take();
}

}  // namespace wmpulse::metrics
