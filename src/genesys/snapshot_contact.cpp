#include "genesys/snapshot_contact.hpp"

#include <algorithm>
#include <optional>
#include <string_view>

namespace wmpulse::genesys {
namespace {

using events::direction;
using events::event_kind;
using events::session_event;

using participants = std::vector<const participant_snapshot*>;

session_event span(event_kind k, const conversation_snapshot& s, core::millis t, core::millis start, const std::string& queue) {
  session_event e{k, s.id, t, queue, direction::unknown};
  e.start_ms = start;
  return e;
}

// The participants of one purpose that have the time `at` gives, oldest first.
template <class At>
participants by_time(const conversation_snapshot& s, std::string_view purpose, At at) {
  participants out;
  for (const auto& p : s.participants)
    if (p.purpose == purpose && at(p)) out.push_back(&p);
  std::sort(out.begin(), out.end(), [&](const auto* a, const auto* b) { return *at(*a) < *at(*b); });
  return out;
}

// The queue visits: acd participants with a queue and a start.
participants visits_of(const conversation_snapshot& s) {
  return by_time(s, "acd", [](const participant_snapshot& p) {
    return p.queue_id.empty() ? std::optional<core::millis>{} : p.start_ms;
  });
}

// The visit an agent who connected at t answered: the latest entry at or before t.
const participant_snapshot* visit_at(const participants& visits, core::millis t) {
  const participant_snapshot* found = nullptr;
  for (const auto* v : visits)
    if (*v->start_ms <= t) found = v;
  return found;
}

// Left the queue without an agent and not by transfer (facts §10.1): an abandon. The acd part
// ends when an agent is offered it, before the agent connects, so "without an agent" means no
// agent connected while this was the latest visit. A missing disconnectType is no abandon.
bool abandoned(const participant_snapshot& visit, const participants& visits, const participants& agents) {
  if (!visit.end_ms || visit.disconnect_type.empty() || visit.disconnect_type.starts_with("transfer")) return false;
  return std::none_of(agents.begin(), agents.end(), [&](const auto* a) { return visit_at(visits, *a->connected_ms) == &visit; });
}

void emit_visits(const conversation_snapshot& s, const participants& visits, const participants& agents, contact_seen& seen,
                 std::vector<session_event>& out) {
  for (const auto* v : visits) {
    const auto entry = *v->start_ms;
    if (entry > seen.queued) {
      seen.queued = entry;
      out.push_back(span(event_kind::queued, s, entry, 0, v->queue_id));
    }
    if (entry > seen.abandoned && abandoned(*v, visits, agents)) {
      seen.abandoned = entry;
      out.push_back(span(event_kind::abandoned, s, *v->end_ms, entry, v->queue_id));
    }
  }
}

void emit_agents(const conversation_snapshot& s, const participants& visits, const participants& agents, contact_seen& seen,
                 std::vector<session_event>& out) {
  for (const auto* a : agents) {
    const auto connected = *a->connected_ms;
    const auto* visit = visit_at(visits, connected);
    const std::string& queue = visit ? visit->queue_id : a->queue_id;
    if (visit && *visit->start_ms > seen.answered) {
      seen.answered = *visit->start_ms;
      out.push_back(span(event_kind::answered, s, connected, *visit->start_ms, queue));
    }
    if (a->end_ms && connected > seen.agent_ended) {
      seen.agent_ended = connected;
      out.push_back(span(event_kind::agent_ended, s, *a->end_ms, connected, queue));
    }
  }
}

std::vector<core::millis> message_times(const conversation_snapshot& s, std::string_view purpose) {
  std::vector<core::millis> out;
  for (const auto& p : s.participants)
    if (p.purpose == purpose)
      for (const auto& m : p.messages)
        if (m.kind == entry_kind::message) out.push_back(m.time_ms);
  std::sort(out.begin(), out.end());
  return out;
}

// Each customer message paired with the agents' next message after it.
void emit_replies(const conversation_snapshot& s, const participants& visits, contact_seen& seen,
                  std::vector<session_event>& out) {
  const auto asked = message_times(s, "customer");
  const auto replied = message_times(s, "agent");
  for (const auto c : asked) {
    if (c <= seen.responded) continue;
    const auto reply = std::upper_bound(replied.begin(), replied.end(), c);
    if (reply == replied.end()) return;  // nor for any later one
    seen.responded = c;
    const auto* visit = visit_at(visits, *reply);
    auto e = span(event_kind::responded, s, *reply, c, visit ? visit->queue_id : std::string{});
    e.first_response = c == asked.front();
    out.push_back(std::move(e));
  }
}

}  // namespace

void emit_contact_spans(const conversation_snapshot& s, contact_seen& seen, std::vector<session_event>& out) {
  const auto visits = visits_of(s);
  const auto agents = by_time(s, "agent", [](const participant_snapshot& p) { return p.connected_ms; });
  emit_visits(s, visits, agents, seen, out);
  emit_agents(s, visits, agents, seen, out);
  emit_replies(s, visits, seen, out);
}

}  // namespace wmpulse::genesys
