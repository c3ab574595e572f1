// The queue figures of /sim/expected, straight from the timelines (docs/METRICS.md "Queue
// figures"): each acd participant is a visit, the agent participant right after it (if any)
// answered it, and each customer message is answered by the next agent message (a bot's is none).
#include <algorithm>
#include <utility>

#include "sim/ground_truth.hpp"

namespace wmpulse::sim {
namespace {

std::optional<double> ratio(double n, std::int64_t d) {
  if (d <= 0) return std::nullopt;
  return n / double(d);
}

// The agent that answered the visit at index i: the participant after it, when an agent.
const sim_participant* answering_agent(const sim_conversation& c, std::size_t i) {
  if (i + 1 < c.participants.size() && c.participants[i + 1].purpose == "agent") return &c.participants[i + 1];
  return nullptr;
}

bool is_abandon(const sim_participant& visit, const sim_participant* agent) {
  return visit.end && !agent && !visit.disconnect_type.empty() && !visit.disconnect_type.starts_with("transfer");
}

// Waiting/interacting at `limit` of an open conversation: its latest visit started by then.
void count_state(const sim_conversation& c, const expected_query& q, millis limit, expected_metrics& m) {
  std::optional<std::size_t> latest;
  for (std::size_t i = 0; i < c.participants.size(); ++i)
    if (c.participants[i].purpose == "acd" && c.participants[i].start <= limit) latest = i;
  if (!latest) return;
  const auto& visit = c.participants[*latest];
  if (!q.queue_id.empty() && visit.queue_id != q.queue_id) return;
  const auto* agent = answering_agent(c, *latest);
  if (agent && agent->connected <= limit) {
    if (!agent->end || *agent->end > limit) ++m.interacting;
    return;
  }
  if (visit.end && *visit.end <= limit && is_abandon(visit, agent)) return;
  ++m.waiting;
  const double age = double(std::max<millis>(0, q.at - visit.start));
  m.longest_waiting_ms = std::max(m.longest_waiting_ms.value_or(0), age);
}

void count_visits(const sim_conversation& c, const expected_query& q, millis limit, expected_metrics& m, queue_sums& s) {
  const millis from = q.at - q.window_ms;
  const auto in_window = [&](millis t) { return t > from && t <= q.at && t <= limit; };
  for (std::size_t i = 0; i < c.participants.size(); ++i) {
    const auto& visit = c.participants[i];
    if (visit.purpose != "acd" || (!q.queue_id.empty() && visit.queue_id != q.queue_id)) continue;
    if (in_window(visit.start)) ++m.offered;
    const auto* agent = answering_agent(c, i);
    if (is_abandon(visit, agent) && in_window(*visit.end)) {
      ++m.abandoned;
      if (*visit.end - visit.start <= short_abandon_ms) ++m.short_abandoned;
    }
    if (!agent) continue;
    if (in_window(agent->connected)) {
      ++m.answered;
      s.wait += double(agent->connected - visit.start);
      if (agent->connected - visit.start <= service_level_target_ms) ++s.in_target;
    }
    if (agent->end && in_window(*agent->end)) {
      ++s.handled;
      s.handle += double(*agent->end - agent->connected);
    }
  }
}

// Customer messages and agent messages only: receipts and events are no messages, and a bot's
// message is no agent's reply.
void count_replies(const sim_conversation& c, const expected_query& q, millis limit, queue_sums& s) {
  const millis from = q.at - q.window_ms;
  bool first = true;
  const auto by_agent = [&](const sim_message& r) { return r.counted() && c.participants[r.participant].purpose == "agent"; };
  for (std::size_t i = 0; i < c.messages.size(); ++i) {
    if (c.messages[i].dir != msg_dir::inbound || !c.messages[i].counted()) continue;
    const bool is_first = std::exchange(first, false);
    const auto reply = std::find_if(c.messages.begin() + std::ptrdiff_t(i), c.messages.end(), [&](const sim_message& r) {
      return r.dir == msg_dir::outbound && by_agent(r) && r.time > c.messages[i].time;
    });
    if (reply == c.messages.end() || reply->time <= from || reply->time > q.at || reply->time > limit) continue;
    if (!q.queue_id.empty() && queue_at(c, reply->time) != q.queue_id) continue;
    const double d = double(reply->time - c.messages[i].time);
    ++s.replies;
    s.reply_sum += d;
    if (is_first) ++s.first, s.first_sum += d;
  }
}

}  // namespace

void compute_queue_figures(const sim_conversation& c, const expected_query& q, millis limit, bool open, expected_metrics& m,
                           queue_sums& acc) {
  if (open) count_state(c, q, limit, m);
  count_visits(c, q, limit, m, acc);
  count_replies(c, q, limit, acc);
}

void finish_queue_figures(const queue_sums& acc, expected_metrics& m) {
  const auto& s = acc;
  m.abandon_rate = ratio(double(m.abandoned), m.answered + m.abandoned);
  m.service_level = ratio(double(s.in_target), m.answered + m.abandoned - m.short_abandoned);
  m.average_speed_of_answer_ms = ratio(s.wait, m.answered);
  m.avg_handle_ms = ratio(s.handle, s.handled);
  m.avg_first_response_ms = ratio(s.first_sum, s.first);
  m.avg_agent_response_ms = ratio(s.reply_sum, s.replies);
}

}  // namespace wmpulse::sim
