#include "sim/ground_truth.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/counting_period.hpp"

namespace wmpulse::sim {
namespace json = boost::json;

double nearest_rank(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const auto n = v.size();
  auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * double(n)));
  rank = std::clamp<std::size_t>(rank, 1, n);
  return v[rank - 1];
}

std::string_view queue_at(const sim_conversation& c, millis t) {
  std::string_view q = c.home_queue();
  for (const auto& p : c.participants)  // in start order
    if (p.purpose == "acd" && p.start <= t) q = p.queue_id;
  return q;
}

expected_metrics compute_expected(const std::deque<sim_conversation>& conversations, const expected_query& q) {
  expected_metrics m;
  const millis limit = std::min(q.at, q.published_up_to);
  const millis from = q.at - q.window_ms;  // the window is (at - window, at]
  const millis counting_since = q.counting_utc_offset_minutes
                                    ? core::counting_period_start(q.at, *q.counting_utc_offset_minutes)
                                    : std::numeric_limits<millis>::min();
  std::vector<double> durations;
  std::int64_t inbound = 0, outbound = 0;
  queue_sums queue_acc;
  for (const auto& c : conversations) {
    // A conversation the bot resolved never reaches a queue topic: not counted (docs/GENESYS.md "Scope").
    if (!c.web() || c.bot_only || c.routed > limit) continue;
    const auto& cust = c.customer();
    if (c.published_at(cust.connected) > limit) continue;
    auto in_queue = [&](millis t) { return q.queue_id.empty() || queue_at(c, t) == q.queue_id; };
    if (cust.connected >= counting_since && in_queue(cust.connected)) ++m.total_connections;
    const bool ended = cust.end && *cust.end <= limit;
    if (!ended && in_queue(limit)) ++m.active_sessions;
    compute_queue_figures(c, q, limit, !ended, m, queue_acc);
    if (ended && *cust.end > from && *cust.end <= q.at && in_queue(*cust.end))
      durations.push_back(double(*cust.end - cust.connected));
    for (const auto& msg : c.messages) {
      if (!msg.counted() || msg.time <= from || msg.time > q.at || c.published_at(msg.time) > limit || !in_queue(msg.time)) continue;
      (msg.dir == msg_dir::inbound ? inbound : outbound) += 1;
    }
  }
  finish_queue_figures(queue_acc, m);
  const double minutes = double(q.window_ms) / 60'000.0;
  m.messages_in_window = inbound + outbound;
  m.messages_per_minute = double(m.messages_in_window) / minutes;
  m.inbound_messages_per_minute = double(inbound) / minutes;
  m.outbound_messages_per_minute = double(outbound) / minutes;
  m.sessions_ended_in_window = std::int64_t(durations.size());
  if (!durations.empty()) {
    double sum = 0;
    for (double d : durations) sum += d;
    m.avg_session_duration_ms = sum / double(durations.size());
    m.duration_p50_ms = nearest_rank(durations, 50);
    m.duration_p90_ms = nearest_rank(durations, 90);
    m.duration_p99_ms = nearest_rank(durations, 99);
  }
  return m;
}

json::object to_json(const expected_metrics& m) {
  auto opt = [](const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); };
  return json::object{{"activeSessions", m.active_sessions},
                      {"totalConnections", m.total_connections},
                      {"avgSessionDurationMs", m.avg_session_duration_ms},
                      {"messagesPerMinute", m.messages_per_minute},
                      {"inboundMessagesPerMinute", m.inbound_messages_per_minute},
                      {"outboundMessagesPerMinute", m.outbound_messages_per_minute},
                      {"sessionsEndedInWindow", m.sessions_ended_in_window},
                      {"messagesInWindow", m.messages_in_window},
                      {"sessionDurationP50Ms", opt(m.duration_p50_ms)},
                      {"sessionDurationP90Ms", opt(m.duration_p90_ms)},
                      {"sessionDurationP99Ms", opt(m.duration_p99_ms)},
                      {"waiting", m.waiting},
                      {"interacting", m.interacting},
                      {"longestWaitingMs", opt(m.longest_waiting_ms)},
                      {"offered", m.offered},
                      {"answered", m.answered},
                      {"abandoned", m.abandoned},
                      {"shortAbandoned", m.short_abandoned},
                      {"abandonRate", opt(m.abandon_rate)},
                      {"serviceLevel", opt(m.service_level)},
                      {"serviceLevelTargetMs", double(service_level_target_ms)},
                      {"averageSpeedOfAnswerMs", opt(m.average_speed_of_answer_ms)},
                      {"avgFirstResponseMs", opt(m.avg_first_response_ms)},
                      {"avgAgentResponseMs", opt(m.avg_agent_response_ms)},
                      {"avgHandleMs", opt(m.avg_handle_ms)}};
}

}  // namespace wmpulse::sim
