#include "core/iso8601.hpp"
#include "api/types.hpp"

namespace wmpulse::api::detail {
namespace {

using boost::json::value;
using graphql::field_context;
using graphql::resolved;
using field_spec = graphql::schema_builder::field_spec;

const metrics_view& view(const field_context& c) { return std::any_cast<const metrics_view&>(c.parent); }
resolved optional_ms(const std::optional<double>& v) { return v ? resolved::of(value(*v)) : resolved::null(); }

template <class F>
field_spec metric(std::string name, std::string type, std::string description, F get) {
  return {std::move(name), std::move(type), std::move(description),
          [get](const field_context& c) { return resolved::of(value(get(*view(c).m))); }};
}

// A queue figure (docs/METRICS.md "Queue figures"): null when the source knows no queues or agents.
template <class F>
field_spec queue_figure(std::string name, std::string type, std::string description, F get) {
  return {std::move(name), std::move(type), std::move(description) + " Null when the source knows no queues or agents (the tutorial protocol).",
          [get](const field_context& c) {
            const auto& k = view(c).m->contact;
            return k ? get(*k) : resolved::null();
          }};
}

template <class T>
resolved of(const T& v) { return resolved::of(value(v)); }
template <class T>
resolved of(const std::optional<T>& v) { return v ? resolved::of(value(*v)) : resolved::null(); }

std::vector<field_spec> queue_figure_fields() {
  using cm = metrics::contact_metrics;
  return {
      queue_figure("waiting", "Int", "Open sessions in a queue with no agent yet (Genesys oWaiting).", [](const cm& k) { return of(k.waiting); }),
      queue_figure("interacting", "Int", "Open sessions with an agent (Genesys oInteracting).", [](const cm& k) { return of(k.interacting); }),
      queue_figure("longestWaitingMs", "Float", "How long the oldest waiting session has waited, in milliseconds; null when none waits (Genesys oLongestWaiting).",
                   [](const cm& k) { return of(k.longest_waiting_ms); }),
      queue_figure("offered", "Int", "Queue entries within the window; a transfer offers again in the new queue (Genesys nOffered).",
                   [](const cm& k) { return of(k.offered); }),
      queue_figure("answered", "Int", "Sessions an agent answered within the window, in the queue that answered (Genesys tAnswered count).",
                   [](const cm& k) { return of(k.answered); }),
      queue_figure("abandoned", "Int", "Sessions that left the queue without an agent, not by transfer, within the window (Genesys tAbandon count).",
                   [](const cm& k) { return of(k.abandoned); }),
      queue_figure("shortAbandoned", "Int", "Abandons within the short-abandon threshold of their queue entry, within the window.",
                   [](const cm& k) { return of(k.short_abandoned); }),
      queue_figure("abandonRate", "Float", "abandoned / (answered + abandoned); also null when both are 0.", [](const cm& k) { return of(k.abandon_rate); }),
      queue_figure("serviceLevel", "Float", "Answered within serviceLevelTargetMs / (answered + abandoned - shortAbandoned), 0..1; also null when the divisor is 0.",
                   [](const cm& k) { return of(k.service_level); }),
      queue_figure("serviceLevelTargetMs", "Float", "The service level target: answered at most this long after the queue entry, in milliseconds.",
                   [](const cm& k) { return of(static_cast<double>(k.service_level_target_ms)); }),
      queue_figure("averageSpeedOfAnswerMs", "Float", "Mean time from queue entry to the agent connecting, over the answers within the window (Genesys tAnswered).",
                   [](const cm& k) { return of(k.average_speed_of_answer_ms); }),
      queue_figure("avgFirstResponseMs", "Float", "Mean time from the customer's first message to the agent's first reply, within the window (Genesys tFirstResponse).",
                   [](const cm& k) { return of(k.avg_first_response_ms); }),
      queue_figure("avgAgentResponseMs", "Float", "Mean time from each customer message to the agent's next reply, within the window (Genesys tAgentResponseTime).",
                   [](const cm& k) { return of(k.avg_agent_response_ms); }),
      queue_figure("avgHandleMs", "Float", "Mean time from the agent connecting to the agent's part ending, over the parts that ended within the window (Genesys tHandle, without after-call work).",
                   [](const cm& k) { return of(k.avg_handle_ms); }),
  };
}

std::vector<field_spec> metrics_fields() {
  using wm = metrics::window_metrics;
  return {
      metric("activeSessions", "Int!", "Sessions connected and not yet disconnected (nor closed by the idle timeout), however long ago they connected.",
             [](const wm& m) { return m.active_sessions; }),
      metric("totalConnections", "Int!", "Distinct sessions seen connecting since the service started counting; a repeated connect of an open session counts once.",
             [](const wm& m) { return m.total_connections; }),
      metric("avgSessionDurationMs", "Float!", "Mean duration, in milliseconds, of the sessions that disconnected within the window; 0 when none did.",
             [](const wm& m) { return m.avg_session_duration_ms; }),
      metric("messagesPerMinute", "Float!", "Messages whose timestamps fall within the window, scaled to one minute.",
             [](const wm& m) { return m.messages_per_minute; }),
      metric("inboundMessagesPerMinute", "Float!", "Messages from customers within the window, scaled to one minute; 0 when the source does not tell directions apart.",
             [](const wm& m) { return m.inbound_messages_per_minute; }),
      metric("outboundMessagesPerMinute", "Float!", "Messages to customers (agents, bots) within the window, scaled to one minute; 0 when the source does not tell directions apart.",
             [](const wm& m) { return m.outbound_messages_per_minute; }),
      metric("sessionsEndedInWindow", "Int!", "Sessions that disconnected within the window (the population of the duration statistics).",
             [](const wm& m) { return m.sessions_ended_in_window; }),
      metric("messagesInWindow", "Int!", "Messages whose timestamps fall within the window.", [](const wm& m) { return m.messages_in_window; }),
      {"sessionDurationP50Ms", "Float", "Median duration, in milliseconds, of the sessions that ended within the window; null when none did.",
       [](const field_context& c) { return optional_ms(view(c).m->duration_p50_ms); }},
      {"sessionDurationP90Ms", "Float", "90th percentile duration, in milliseconds, of the sessions that ended within the window; null when none did.",
       [](const field_context& c) { return optional_ms(view(c).m->duration_p90_ms); }},
      {"sessionDurationP99Ms", "Float", "99th percentile duration, in milliseconds, of the sessions that ended within the window; null when none did.",
       [](const field_context& c) { return optional_ms(view(c).m->duration_p99_ms); }},
      {"windowSeconds", "Float!", "Length of the sliding window the rates and durations are computed over, in seconds.",
       [](const field_context& c) { return resolved::of(value(static_cast<double>(view(c).window_ms) / 1000.0)); }},
      {"takenAt", "String!", "When these numbers were computed: the end of the window, as an ISO-8601 UTC timestamp.",
       [](const field_context& c) { return resolved::of(value(core::format_iso8601_ms(view(c).taken_at_ms))); }},
      {"countingSince", "String!",
       "Start of the counting period of totalConnections (service start, or the last midnight of the configured zone), as an ISO-8601 UTC timestamp.",
       [](const field_context& c) { return resolved::of(value(core::format_iso8601_ms(view(c).counting_since_ms))); }},
      {"takenAtMs", "Float!", "When these numbers were computed, in milliseconds since the Unix epoch.",
       [](const field_context& c) { return resolved::of(value(static_cast<double>(view(c).taken_at_ms))); }},
      {"queueId", "ID", "The queue these numbers are about; null for all queues together.",
       [](const field_context& c) { return view(c).queue_id.empty() ? resolved::null() : resolved::of(value(view(c).queue_id)); }},
  };
}

// The queue's name as the source's queue list gives it, or null.
resolved queue_name(const field_context& c) {
  const auto* name = root_state_of(c.root).status().queue_name(view(c).queue_id);
  return name ? resolved::of(value(*name)) : resolved::null();
}

// The levels of a Metrics object, judged by its queue's thresholds (the defaults for all queues).
resolved levels(const field_context& c) {
  const auto& r = root_state_of(c.root);
  const auto& v = view(c);
  const auto* name = r.status().queue_name(v.queue_id);
  const auto t = r.thresholds().for_queue(v.queue_id, name ? std::string_view(*name) : std::string_view());
  return resolved::obj(metrics::levels_of(v.m->contact, t));
}

template <class F>
field_spec level_field(std::string name, std::string figure, F get) {
  return {std::move(name), "Level", "The level " + figure + " reaches; null when " + figure + " is null.",
          [get](const field_context& c) {
            const auto& l = get(std::any_cast<const metrics::metric_levels&>(c.parent));
            return l ? resolved::of(value(metrics::to_string(*l))) : resolved::null();
          }};
}

std::vector<field_spec> level_fields() {
  using ml = metrics::metric_levels;
  return {
      level_field("waiting", "waiting", [](const ml& l) -> const auto& { return l.waiting; }),
      level_field("longestWaitingMs", "longestWaitingMs", [](const ml& l) -> const auto& { return l.longest_waiting_ms; }),
      level_field("serviceLevel", "serviceLevel (lower is worse)", [](const ml& l) -> const auto& { return l.service_level; }),
      level_field("abandonRate", "abandonRate", [](const ml& l) -> const auto& { return l.abandon_rate; }),
      level_field("avgFirstResponseMs", "avgFirstResponseMs", [](const ml& l) -> const auto& { return l.avg_first_response_ms; }),
  };
}

std::vector<field_spec> all_metrics_fields() {
  auto fields = metrics_fields();
  for (auto& f : queue_figure_fields()) fields.push_back(std::move(f));
  fields.push_back({"levels", "MetricLevels!",
                    "How the queue figures stand against their thresholds (docs/METRICS.md \"Thresholds\"): the queue's own, "
                    "else the default ones.",
                    levels});
  return fields;
}

std::vector<field_spec> queue_fields() {
  return {
      {"queueId", "ID!", "The Genesys Cloud queue id.",
       [](const field_context& c) { return resolved::of(value(std::any_cast<const metrics_view&>(c.parent).queue_id)); }},
      {"queueName", "String", "The queue's name from the source's queue list (refreshed with it); null when unknown.", queue_name},
      {"metrics", "Metrics!", "The queue's metrics over the current window.",
       [](const field_context& c) { return resolved::obj(std::any_cast<const metrics_view&>(c.parent)); }},
  };
}

std::vector<field_spec> history_fields() {
  return {
      {"at", "String!", "The second this point describes, as an ISO-8601 UTC timestamp.",
       [](const field_context& c) { return resolved::of(value(core::format_iso8601_ms(view(c).taken_at_ms))); }},
      {"atMs", "Float!", "The second this point describes, in milliseconds since the Unix epoch.",
       [](const field_context& c) { return resolved::of(value(static_cast<double>(view(c).taken_at_ms))); }},
      {"metrics", "Metrics!", "The metrics as they were at that second.",
       [](const field_context& c) { return resolved::obj(std::any_cast<const metrics_view&>(c.parent)); }},
  };
}

}  // namespace

std::shared_ptr<const metrics::window_metrics> unseen_queue(const root_state& r, std::string_view queue_id) {
  auto m = std::make_shared<metrics::window_metrics>();
  if (const auto& all = r.snapshot().all.contact) {
    const auto* name = r.status().queue_name(queue_id);
    m->contact.emplace();
    m->contact->service_level_target_ms =
        r.thresholds().for_queue(queue_id, name ? *name : "").service_level_target_ms.value_or(all->service_level_target_ms);
  }
  return m;
}

resolved metrics_object(const root_state& r, const std::optional<std::string>& queue_id) {
  const auto& s = r.snapshot();
  metrics_view v{&s.all, s.taken_at_ms, s.window_ms, s.counting_since_ms, {}, nullptr};
  if (queue_id) {
    v.queue_id = *queue_id;
    v.m = r.queue(*queue_id);
    if (!v.m) {
      auto unseen = unseen_queue(r, *queue_id);
      v.m = unseen.get();
      v.keep_alive = std::move(unseen);
    }
  }
  return resolved::obj(std::move(v));
}

void add_metrics_types(graphql::schema_builder& b) {
  b.enumeration("Level", "How a figure stands against its thresholds (docs/METRICS.md \"Thresholds\").",
                {{"OK", "Below the warn level, or no threshold is set.", {}},
                 {"WARN", "At or past the warn level (at or below it for serviceLevel).", {}},
                 {"ALERT", "At or past the alert level (at or below it for serviceLevel).", {}}});
  b.object("MetricLevels", "The level of each queue figure that has thresholds.", level_fields());
  b.object("Metrics", "Real-time metrics of web messaging sessions over a sliding window, for all queues or one.", all_metrics_fields());
  b.object("QueueMetrics", "The metrics of one queue.", queue_fields());
  b.object("HistoryPoint", "The metrics as they stood at one second in the past.", history_fields());
}

}  // namespace wmpulse::api::detail
