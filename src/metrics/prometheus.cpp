#include "metrics/prometheus.hpp"

#include <charconv>
#include <cmath>
#include <initializer_list>
#include <utility>

namespace wmpulse::metrics {
namespace {

using label = std::pair<std::string_view, std::string_view>;

std::string format_number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[400];
  // Shortest round-trip digits; plain notation in the everyday range (timestamps read better).
  const auto a = std::fabs(v);
  const auto format = (a == 0 || (a >= 1e-4 && a < 1e15)) ? std::chars_format::fixed : std::chars_format::general;
  auto r = std::to_chars(buf, buf + sizeof buf, v, format);
  return std::string(buf, r.ptr);
}

std::string format_number(std::int64_t v) { return std::to_string(v); }
std::string format_number(std::uint64_t v) { return std::to_string(v); }

double seconds(double ms) { return ms / 1000.0; }

class exposition {
public:
  // Starts a family: HELP (escaped) and TYPE lines.
  void family(std::string_view name, std::string_view type, std::string_view help) {
    name_ = name;
    out_ += "# HELP ";
    out_ += name;
    out_ += ' ';
    for (char c : help) {
      if (c == '\\') out_ += "\\\\";
      else if (c == '\n') out_ += "\\n";
      else out_ += c;
    }
    out_ += "\n# TYPE ";
    out_ += name;
    out_ += ' ';
    out_ += type;
    out_ += '\n';
  }

  template <class T>
  void sample(T value, std::initializer_list<label> labels = {}) {
    out_ += name_;
    if (labels.size() > 0) {
      out_ += '{';
      bool first = true;
      for (const auto& [k, v] : labels) {
        if (!first) out_ += ',';
        first = false;
        out_ += k;
        out_ += "=\"";
        out_ += escape_label_value(v);
        out_ += '"';
      }
      out_ += '}';
    }
    out_ += ' ';
    out_ += format_number(value);
    out_ += '\n';
  }

  template <class T>
  void single(std::string_view name, std::string_view type, std::string_view help, T value) {
    family(name, type, help);
    sample(value);
  }

  std::string take() { return std::move(out_); }

private:
  std::string out_;
  std::string name_;
};

void window_families(exposition& x, const metrics_snapshot& s) {
  x.single("wmpulse_active_sessions", "gauge", "Sessions connected and not yet disconnected nor idle-closed.",
           s.all.active_sessions);
  x.single("wmpulse_connections_total", "counter",
           "Distinct sessions seen connecting since the counting start (a daily period restarts it).",
           s.all.total_connections);
  x.single("wmpulse_counting_since_timestamp_seconds", "gauge", "Start of the totalConnections counting period.",
           seconds(static_cast<double>(s.counting_since_ms)));
  x.single("wmpulse_window_seconds", "gauge", "Length of the sliding window.", seconds(static_cast<double>(s.window_ms)));
  x.single("wmpulse_snapshot_timestamp_seconds", "gauge", "The aggregator's now when these figures were taken.",
           seconds(static_cast<double>(s.taken_at_ms)));
  x.single("wmpulse_window_sessions_ended", "gauge", "Sessions that disconnected within the window.",
           s.all.sessions_ended_in_window);
  x.single("wmpulse_window_session_duration_avg_seconds", "gauge",
           "Mean duration of the sessions that disconnected within the window; 0 if none.",
           seconds(s.all.avg_session_duration_ms));
  x.family("wmpulse_window_session_duration_seconds", "gauge",
           "Percentiles (nearest rank, within 1%) of the durations of sessions that disconnected within the window.");
  const std::pair<std::string_view, const std::optional<double>*> quantiles[] = {
      {"0.5", &s.all.duration_p50_ms}, {"0.9", &s.all.duration_p90_ms}, {"0.99", &s.all.duration_p99_ms}};
  for (const auto& [q, v] : quantiles)
    if (*v) x.sample(seconds(**v), {{"quantile", q}});
  x.single("wmpulse_window_messages", "gauge", "Messages stamped within the window.", s.all.messages_in_window);
  x.single("wmpulse_window_messages_per_minute", "gauge", "Messages stamped within the window, scaled to one minute.",
           s.all.messages_per_minute);
  x.family("wmpulse_window_messages_per_minute_by_direction", "gauge",
           "Messages stamped within the window by direction, scaled to one minute (unknown direction omitted).");
  x.sample(s.all.inbound_messages_per_minute, {{"direction", "inbound"}});
  x.sample(s.all.outbound_messages_per_minute, {{"direction", "outbound"}});
}

template <class F>
void per_queue(exposition& x, const metrics_snapshot& s, std::string_view name, std::string_view type,
               std::string_view help, F value) {
  x.family(name, type, help);
  for (const auto& q : s.queues) x.sample(value(q.metrics), {{"queue", q.queue_id}});
}

void queue_families(exposition& x, const metrics_snapshot& s) {
  per_queue(x, s, "wmpulse_queue_active_sessions", "gauge", "Open sessions by queue.",
            [](const window_metrics& m) { return m.active_sessions; });
  per_queue(x, s, "wmpulse_queue_connections_total", "counter", "Distinct sessions seen connecting, by queue at connect.",
            [](const window_metrics& m) { return m.total_connections; });
  per_queue(x, s, "wmpulse_queue_window_sessions_ended", "gauge", "Sessions that disconnected within the window, by queue.",
            [](const window_metrics& m) { return m.sessions_ended_in_window; });
  per_queue(x, s, "wmpulse_queue_window_session_duration_avg_seconds", "gauge",
            "Mean duration of the sessions that disconnected within the window, by queue; 0 if none.",
            [](const window_metrics& m) { return seconds(m.avg_session_duration_ms); });
  per_queue(x, s, "wmpulse_queue_window_messages_per_minute", "gauge",
            "Messages stamped within the window, scaled to one minute, by queue.",
            [](const window_metrics& m) { return m.messages_per_minute; });
  x.family("wmpulse_queue_window_session_duration_seconds", "gauge",
           "Percentiles (nearest rank, within 1%) of session durations within the window, by queue.");
  for (const auto& q : s.queues) {
    const std::pair<std::string_view, const std::optional<double>*> quantiles[] = {
        {"0.5", &q.metrics.duration_p50_ms}, {"0.9", &q.metrics.duration_p90_ms}, {"0.99", &q.metrics.duration_p99_ms}};
    for (const auto& [name, v] : quantiles)
      if (*v) x.sample(seconds(**v), {{"queue", q.queue_id}, {"quantile", name}});
  }
}

void counter_families(exposition& x, const aggregator_counters& c) {
  const std::pair<std::string_view, std::uint64_t> totals[] = {
      {"events_applied", c.events_applied},
      {"duplicate_connects", c.duplicate_connects},
      {"duplicate_disconnects", c.duplicate_disconnects},
      {"late_connects", c.late_connects},
      {"unknown_session_disconnects", c.unknown_session_disconnects},
      {"unknown_session_messages", c.unknown_session_messages},
      {"future_events", c.future_events},
      {"future_events_refused", c.future_events_refused},
      {"too_old_events", c.too_old_events},
      {"idle_closed_sessions", c.idle_closed_sessions},
      {"refused_by_cap", c.refused_by_cap},
      {"queue_transfers", c.queue_transfers},
      {"closed_sessions_evicted", c.closed_sessions_evicted},
      {"window_records_refused", c.window_records_refused},
      {"queues_refused", c.queues_refused},
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
    x.single("wmpulse_source_lag_seconds", "gauge", "Wall time minus event time of the newest event.",
             seconds(static_cast<double>(*g.lag_ms)));
  x.single("wmpulse_source_channels", "gauge", "Genesys notification channels open.", std::int64_t{g.channels});
  x.single("wmpulse_source_topics", "gauge", "Genesys topics subscribed.", std::int64_t{g.topics});
  x.single("wmpulse_source_rejected_topics", "gauge", "Genesys topics the subscription rejected.",
           std::int64_t{g.rejected_topics});
  x.single("wmpulse_source_backfills_total", "counter", "Gap backfills run.", g.backfills);
  x.single("wmpulse_source_backfill_conversations_total", "counter", "Conversations merged by backfills.",
           g.backfill_conversations);
  x.single("wmpulse_source_messages_unknown_in_gaps_total", "counter", "Messages inside stream gaps that could not be counted.",
           g.messages_unknown_in_gaps);
}

void source_families(exposition& x, const events::source_status& st) {
  x.family("wmpulse_source_info", "gauge", "The event source in use.");
  x.sample(std::int64_t{1}, {{"kind", st.source_kind}, {"synthetic", st.synthetic ? "true" : "false"}});
  x.family("wmpulse_source_state", "gauge", "1 for the source's current connection state, 0 for the others.");
  using cs = events::connection_state;
  for (auto s : {cs::starting, cs::connecting, cs::connected, cs::reconnecting, cs::stopped, cs::failed})
    x.sample(std::int64_t{s == st.state ? 1 : 0}, {{"state", events::to_string(s)}});
  x.single("wmpulse_source_frames_received_total", "counter", "Frames received from the source.", st.frames_received);
  x.single("wmpulse_source_events_ingested_total", "counter", "Session events decoded and handed to the aggregator.",
           st.events_ingested);
  x.family("wmpulse_source_rejected_frames_total", "counter", "Frames rejected by the decoder, by reason.");
  for (std::size_t r = 0; r < events::decode_reason_count; ++r)
    x.sample(st.rejected[r], {{"reason", events::to_string(static_cast<events::decode_reason>(r))}});
  x.single("wmpulse_source_events_ignored_total", "counter", "Valid events out of scope (e.g. other messaging types).",
           st.events_ignored);
  x.single("wmpulse_source_reconnects_total", "counter", "Reconnections to the source.", st.reconnects);
  if (st.last_event_ms)
    x.single("wmpulse_source_last_event_timestamp_seconds", "gauge", "Event time of the newest event accepted.",
             seconds(static_cast<double>(*st.last_event_ms)));
  if (st.last_frame_ms)
    x.single("wmpulse_source_last_frame_timestamp_seconds", "gauge", "Wall time the last frame arrived.",
             seconds(static_cast<double>(*st.last_frame_ms)));
  genesys_families(x, st.genesys_or_zero());
}

}  // namespace

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string render_prometheus(const metrics_snapshot& snapshot, const events::source_status& status) {
  exposition x;
  window_families(x, snapshot);
  queue_families(x, snapshot);
  counter_families(x, snapshot.counters);
  source_families(x, status);
  return x.take();
}

}  // namespace wmpulse::metrics
