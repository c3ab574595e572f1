#include "genesys/snapshot_differ.hpp"

#include <algorithm>
#include <functional>

namespace wmpulse::genesys {
namespace {

using events::direction;
using events::event_kind;
using events::session_event;

std::uint64_t hash_id(std::string_view id) {
  // FNV-1a: stable across runs, unlike std::hash, so tests are reproducible.
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : id) h = (h ^ c) * 1099511628211ULL;
  return h;
}

bool is_ended_state(const std::string& s) { return s == "disconnected" || s == "terminated"; }

const participant_snapshot* customer_of(const conversation_snapshot& s) {
  for (const auto& p : s.participants)
    if (p.purpose == "customer") return &p;
  return nullptr;
}

std::optional<core::millis> connected_time(const participant_snapshot& customer) {
  if (customer.connected_ms) return customer.connected_ms;
  if (customer.state == "connected") return customer.start_ms;
  return std::nullopt;
}

bool all_participants_ended(const conversation_snapshot& s) {
  if (s.participants.empty()) return false;
  return std::all_of(s.participants.begin(), s.participants.end(),
                     [](const participant_snapshot& p) { return is_ended_state(p.state) || p.end_ms; });
}

// When the conversation ended for the customer, or nullopt while it goes on (facts §9.8:
// an agent's end alone is not the end; the customer's or everyone's is).
std::optional<core::millis> end_time(const conversation_snapshot& s, const participant_snapshot& customer) {
  if (customer.end_ms) return customer.end_ms;
  if (s.conversation_end_ms) return s.conversation_end_ms;
  if (!is_ended_state(customer.state) && !all_participants_ended(s)) return std::nullopt;
  core::millis latest = customer.connected_ms.value_or(customer.start_ms.value_or(0));
  for (const auto& p : s.participants) {
    if (p.end_ms) latest = std::max(latest, *p.end_ms);
    for (const auto& m : p.messages) latest = std::max(latest, m.time_ms);
  }
  return latest;
}

// The queue the conversation is in at time t: the latest acd participant started by t, else
// the first one (a customer connects before being routed). The aggregator moves a session
// when a later event carries another queue, so a transfer follows (docs/METRICS.md, Queues).
std::string queue_at(const conversation_snapshot& s, core::millis t, const std::string& known) {
  const participant_snapshot* first = nullptr;
  const participant_snapshot* latest = nullptr;
  for (const auto& p : s.participants) {
    if (p.queue_id.empty() || p.purpose != "acd") continue;
    if (!first) first = &p;
    if (p.start_ms && *p.start_ms <= t && (!latest || *p.start_ms >= *latest->start_ms)) latest = &p;
  }
  if (latest) return latest->queue_id;
  if (first) return first->queue_id;
  if (!known.empty()) return known;
  for (const auto& p : s.participants)
    if (!p.queue_id.empty()) return p.queue_id;
  return s.topic_queue_id;
}

// The acd participant started last: the queue the conversation is in now.
const participant_snapshot* latest_acd(const conversation_snapshot& s) {
  const participant_snapshot* latest = nullptr;
  for (const auto& p : s.participants)
    if (p.purpose == "acd" && !p.queue_id.empty() && p.start_ms && (!latest || *p.start_ms >= *latest->start_ms)) latest = &p;
  return latest;
}

bool routed_to_any(const conversation_snapshot& s, const std::set<std::string>& queues) {
  return std::any_of(s.participants.begin(), s.participants.end(),
                     [&](const participant_snapshot& p) { return p.purpose == "acd" && queues.contains(p.queue_id); });
}

}  // namespace

snapshot_differ::snapshot_differ(differ_settings settings) : settings_(settings) {}

snapshot_differ::kind snapshot_differ::classify(const conversation_snapshot& s) const {
  bool typed = false;
  for (const auto& p : s.participants) {
    if (p.media_type == "webmessaging") return kind::web;
    if (!p.media_type.empty()) typed = true;
  }
  return typed ? kind::other : kind::unknown;
}

void snapshot_differ::apply(const conversation_snapshot& s, core::millis now, std::vector<session_event>& out) {
  apply_snapshot(s, now, out, true);
}

void snapshot_differ::apply_snapshot(const conversation_snapshot& s, core::millis now, std::vector<session_event>& out,
                                     bool live) {
  ++counters_.snapshots;
  auto it = conversations_.find(s.id);
  if (it == conversations_.end()) {
    if (tombstones_.contains(hash_id(s.id))) {
      ++counters_.stale_snapshots;
      return;
    }
    it = conversations_.emplace(s.id, state{}).first;
  }
  state& st = it->second;
  if (st.type == kind::unknown) {
    st.type = classify(s);
    if (st.type == kind::other) ++counters_.ignored_conversations;
  }
  if (st.type != kind::web) {
    ++counters_.ignored_snapshots;
    if (st.type == kind::unknown) conversations_.erase(it);  // nothing learnt; don't hold it
    else if (!st.ended && (s.conversation_end_ms || all_participants_ended(s))) {
      st.ended = true;
      st.ended_seen_at = now;
    }
    return;
  }
  if (live) ++st.live_snapshots;
  apply_web(s, st, now, out);
}

void snapshot_differ::apply_found(const conversation_snapshot& s, const std::set<std::string>& followed_queues,
                                  core::millis now, std::vector<session_event>& out) {
  if (!conversations_.contains(s.id) && !routed_to_any(s, followed_queues)) {
    ++counters_.found_out_of_scope;
    return;
  }
  apply_snapshot(s, now, out, false);
}

void snapshot_differ::apply_fetched(const conversation_snapshot& s, const std::set<std::string>& followed_queues,
                                    core::millis now, std::vector<session_event>& out) {
  const auto before = messages_counted(s.id).value_or(0);
  apply_found(s, followed_queues, now, out);
  const auto it = conversations_.find(s.id);
  if (it == conversations_.end() || !it->second.ended || it->second.messages <= before) return;
  counters_.messages_unknown -= std::min(counters_.messages_unknown, it->second.messages - before);
}

std::uint64_t snapshot_differ::live_snapshots(const std::string& id) const {
  const auto it = conversations_.find(id);
  return it == conversations_.end() ? 0 : it->second.live_snapshots;
}

std::optional<std::uint64_t> snapshot_differ::messages_counted(const std::string& id) const {
  const auto it = conversations_.find(id);
  if (it == conversations_.end() || it->second.type != kind::web || !it->second.connected) return std::nullopt;
  return it->second.messages;
}

void snapshot_differ::apply_web(const conversation_snapshot& s, state& st, core::millis now,
                                std::vector<session_event>& out) {
  const participant_snapshot* customer = customer_of(s);
  if (!customer) {
    emit_messages(s, st, out);  // agent-side messages before the customer shows up
    return;
  }
  const auto connected_at = connected_time(*customer);
  if (!st.connected && connected_at) {
    st.connected = true;
    st.start_ms = *connected_at;
    st.queue_id = queue_at(s, *connected_at, st.queue_id);
    out.push_back({event_kind::connected, s.id, *connected_at, st.queue_id, direction::unknown});
  }
  const std::size_t first_new = out.size();
  emit_messages(s, st, out);
  if (st.connected) emit_contact_spans(s, st.spans, out);
  if (st.ended) return;
  const auto ended_at = end_time(s, *customer);
  if (!ended_at) {
    emit_transfer(s, st, out);  // (an end carries its queue itself)
    std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(first_new), out.end(),
                     [](const session_event& a, const session_event& b) { return a.time_ms < b.time_ms; });
    return;
  }
  st.ended = true;
  st.ended_seen_at = now;
  // A customer who never connected was never a session; nothing to close.
  if (st.connected) {
    const core::millis t = std::max(*ended_at, st.start_ms);
    out.push_back({event_kind::disconnected, s.id, t, queue_at(s, t, st.queue_id), direction::unknown});
  }
  if (s.message_count && *s.message_count > st.messages) counters_.messages_unknown += *s.message_count - st.messages;
}

// A transfer moves an open session to its new queue at once, not only with its next message or
// its end: a queue topic carries the conversation from the routing on (docs/GENESYS.md).
void snapshot_differ::emit_transfer(const conversation_snapshot& s, state& st, std::vector<session_event>& out) {
  const participant_snapshot* acd = latest_acd(s);
  if (!st.connected || !acd || *acd->start_ms <= st.routed_seen_ms) return;
  st.routed_seen_ms = *acd->start_ms;
  if (*acd->start_ms <= st.start_ms) return;  // routed before it connected: the connect carries the queue
  if (queue_at(s, *acd->start_ms - 1, st.queue_id) == acd->queue_id) return;
  out.push_back({event_kind::transferred, s.id, *acd->start_ms, acd->queue_id, direction::unknown});
}

// The owning participant's purpose says who sent it (the customer's entries are inbound, the
// agents', bots' and flows' outbound); a messageStatus that names a direction (received; sent,
// queued, delivery-*) is about the message itself and wins when the two disagree (counted).
direction snapshot_differ::direction_of(const participant_snapshot& p, const message_ref& m) {
  const direction by_purpose = p.purpose == "customer" ? direction::inbound : direction::outbound;
  if (m.status == status_direction::none) return by_purpose;
  const direction by_status = m.status == status_direction::inbound ? direction::inbound : direction::outbound;
  if (!p.purpose.empty() && by_status != by_purpose) ++counters_.direction_disagreements;
  return by_status;
}

void snapshot_differ::emit_messages(const conversation_snapshot& s, state& st, std::vector<session_event>& out) {
  const std::size_t first_new = out.size();
  for (const auto& p : s.participants) {
    for (const auto& m : p.messages) {
      const std::uint64_t h = hash_id(m.id);
      if (std::find(st.message_hashes.begin(), st.message_hashes.end(), h) != st.message_hashes.end()) continue;
      st.message_hashes.push_back(h);
      if (m.kind != entry_kind::message) {
        ++counters_.non_message_entries;
        continue;
      }
      ++st.messages;
      out.push_back({event_kind::message, s.id, m.time_ms, queue_at(s, m.time_ms, st.queue_id), direction_of(p, m)});
    }
  }
  std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(first_new), out.end(),
                   [](const session_event& a, const session_event& b) { return a.time_ms < b.time_ms; });
}

void snapshot_differ::sweep(core::millis now) {
  for (auto it = conversations_.begin(); it != conversations_.end();) {
    if (it->second.ended && now - it->second.ended_seen_at >= settings_.end_grace_ms) {
      tombstones_[hash_id(it->first)] = now;
      it = conversations_.erase(it);
    } else {
      ++it;
    }
  }
  std::erase_if(tombstones_, [&](const auto& t) { return now - t.second >= settings_.tombstone_ms; });
}

std::size_t snapshot_differ::open() const {
  return static_cast<std::size_t>(std::count_if(conversations_.begin(), conversations_.end(), [](const auto& c) {
    return c.second.type == kind::web && c.second.connected && !c.second.ended;
  }));
}

std::vector<std::string> snapshot_differ::open_started_before(core::millis t) const {
  std::vector<std::string> ids;
  for (const auto& [id, st] : conversations_)
    if (st.type == kind::web && st.connected && !st.ended && st.start_ms < t) ids.push_back(id);
  std::sort(ids.begin(), ids.end());  // a stable order: reproducible requests
  return ids;
}

}  // namespace wmpulse::genesys
