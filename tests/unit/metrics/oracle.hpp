#pragma once
// A brute-force model of docs/METRICS.md: it keeps every fact it was told and recomputes
// every metric from scratch at each query, with no windows, wheels or rings. Slow on
// purpose; the aggregator must agree with it exactly.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "events/session_event.hpp"
#include "metrics/aggregator_config.hpp"
#include "metrics/snapshot.hpp"

namespace wmpulse::metrics::testing {

class oracle {
public:
  oracle(const aggregator_config& c, const core::clock& clock)
      : c_(c), clock_(clock), now_(c.clock == clock_mode::wall ? clock.now_ms() : 0) {
    counting_since_ = c.period == counting_period::daily ? period_start(now_) : now_;
  }

  void apply(const events::session_event& e) {
    advance(c_.clock == clock_mode::wall ? clock_.now_ms() : e.time_ms);
    if (c_.clock == clock_mode::event && !seen_ && c_.period == counting_period::since_start) counting_since_ = now_;
    seen_ = true;
    auto at = e.time_ms;
    if (at > now_) {
      ++k_.future_events;
      if (at - now_ > c_.future_tolerance_ms) {
        ++k_.future_events_refused;
        return;
      }
      at = now_;
    }
    const auto q = queue_of(e.queue_id);
    if (at <= now_ - c_.window_ms) ++k_.too_old_events;
    // Sessions keep their own timestamps (e.time_ms); `at` (clamped) only places what counts.
    if (e.kind == events::event_kind::connected) connect(e.session_id, e.time_ms, at, q);
    if (e.kind == events::event_kind::disconnected) disconnect(e.session_id, e.time_ms, q);
    if (e.kind == events::event_kind::message) message(e.session_id, e.time_ms, at, q, e.dir);
    if (e.kind == events::event_kind::transferred) transferred(e.session_id, e.time_ms, q);
    if (e.kind >= events::event_kind::queued && c_.contact_figures) contact(e, at, q);
    ++k_.events_applied;
  }

  // Targets by queue id; answers are judged by their queue's target when they are counted.
  void set_service_level_targets(std::map<std::string, core::millis> by_queue_id) { targets_ = std::move(by_queue_id); }

  metrics_snapshot snapshot() {
    if (c_.clock == clock_mode::wall) advance(clock_.now_ms());
    metrics_snapshot s;
    s.taken_at_ms = now_;
    s.window_ms = c_.window_ms;
    s.counting_since_ms = counting_since_;
    s.all = metrics_for(std::nullopt);
    std::vector<std::string> ids = registered_;
    std::sort(ids.begin(), ids.end());
    for (const auto& id : ids) s.queues.push_back({id, metrics_for(id)});
    s.counters = k_;
    s.counters.open_sessions = open_count();
    s.counters.tracked_sessions = static_cast<std::int64_t>(sessions_.size());
    s.counters.window_records = live_facts();
    return s;
  }

private:
  struct session {
    bool open = false;
    core::millis connect = 0, last_seen = 0, end = 0;
    bool connect_seen = false;
    bool pending = false;  // only contact events seen: neither connected nor ended
    std::string queue;
    core::millis queue_since = 0;  // the event time its queue was last set
    core::millis forget_at = 0;
    std::uint64_t closed_seq = 0;
    std::vector<events::session_event> spans;  // contact-centre events accepted for this life
  };
  // kind: 0 unknown, 1 inbound, 2 outbound message; 3 ended session; 4 offered, 5 answered,
  // 6 abandoned, 7 handled, 8 first response, 9 agent response
  struct fact {
    core::millis at;
    int kind;
    std::string queue;
    std::int64_t duration;
    bool in_target = false;  // an answer within its queue's target at the time
  };
  struct connection {
    core::millis at;
    std::string queue;
  };

  static core::millis floor_div(core::millis a, core::millis b) {
    auto d = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --d;
    return d;
  }
  core::millis period_start(core::millis t) const {
    const core::millis day = 86'400'000, off = c_.period_utc_offset_minutes * 60'000LL;
    return floor_div(t + off, day) * day - off;
  }
  core::millis deadline(core::millis last) const {
    const auto x = last + c_.idle_timeout_ms;
    return (floor_div(x - 1, 1000) + 1) * 1000;
  }

  void advance(core::millis n) {
    if (n <= now_) return;
    now_ = n;
    if (c_.period == counting_period::daily && period_start(now_) > counting_since_) counting_since_ = period_start(now_);
    if (c_.idle_timeout_ms > 0) {
      std::vector<std::string> due;
      for (auto& [id, s] : sessions_)
        if (s.open && deadline(s.last_seen) <= now_) due.push_back(id);
      for (const auto& id : due) idle_close(id);
    }
    for (auto it = sessions_.begin(); it != sessions_.end();) {
      if (!it->second.open && it->second.forget_at <= now_) it = sessions_.erase(it);
      else ++it;
    }
  }

  std::string queue_of(const std::string& id) {
    if (id.empty()) return {};
    if (std::find(registered_.begin(), registered_.end(), id) != registered_.end()) return id;
    if (registered_.size() >= c_.max_queues) {
      ++k_.queues_refused;
      return {};
    }
    registered_.push_back(id);
    return id;
  }

  std::int64_t open_count() const {
    return std::count_if(sessions_.begin(), sessions_.end(), [](const auto& p) { return p.second.open; });
  }
  std::int64_t live_facts() const {
    return std::count_if(facts_.begin(), facts_.end(), [&](const fact& f) { return f.at > now_ - c_.window_ms; });
  }

  void record(core::millis at, int kind, const std::string& q, std::int64_t d) {
    if (at <= now_ - c_.window_ms) return;
    if (live_facts() >= static_cast<std::int64_t>(c_.max_window_records)) {
      ++k_.window_records_refused;
      return;
    }
    facts_.push_back({at, kind, q, d, kind == 5 && d <= target_of(q)});
  }

  void count_connection(core::millis at, const std::string& q) {
    if (c_.period == counting_period::daily && at < counting_since_) return;
    connections_.push_back({at, q});
  }

  void remember_closed(session& s) {
    s.open = false;
    s.forget_at = now_ + c_.closed_retention_ms;
    s.closed_seq = ++seq_;
    for (;;) {
      const auto closed = std::count_if(sessions_.begin(), sessions_.end(), [](const auto& p) { return !p.second.open; });
      if (closed <= static_cast<std::int64_t>(c_.max_closed_sessions)) break;
      auto oldest = sessions_.end();
      for (auto it = sessions_.begin(); it != sessions_.end(); ++it)
        if (!it->second.open && (oldest == sessions_.end() || it->second.closed_seq < oldest->second.closed_seq)) oldest = it;
      sessions_.erase(oldest);
      ++k_.closed_sessions_evicted;
    }
  }

  void idle_close(const std::string& id) {
    auto& s = sessions_[id];
    ++k_.idle_closed_sessions;
    s.end = s.last_seen;
    remember_closed(s);
  }

  bool refused_by_cap() {
    if (open_count() < static_cast<std::int64_t>(c_.max_open_sessions)) return false;
    ++k_.refused_by_cap;
    return true;
  }

  // A pending session keeps its contact events, and its newest queue entry moves it.
  void open(const std::string& id, core::millis t, core::millis at, const std::string& q) {
    auto& s = sessions_[id];
    const session before = s;
    s = session{};
    if (before.pending) s.spans = before.spans;
    s.open = s.connect_seen = true;
    s.connect = s.last_seen = t;
    s.queue = q;
    s.queue_since = t;
    count_connection(at, q);
    if (before.pending) transfer(s, before.queue, before.queue_since);
    if (c_.idle_timeout_ms > 0 && deadline(t) <= now_) idle_close(id);
  }

  void connect(const std::string& id, core::millis t, core::millis at, const std::string& q) {
    auto it = sessions_.find(id);
    if (it == sessions_.end()) {
      if (!refused_by_cap()) open(id, t, at, q);
      return;
    }
    auto& s = it->second;
    if (s.open || (t <= s.end && s.connect_seen)) {
      ++k_.duplicate_connects;
      return;
    }
    if (t <= s.end) {
      ++k_.late_connects;
      s.connect_seen = true;
      if (!q.empty()) s.queue = q;
      count_connection(at, s.queue);
      record(std::min(s.end, now_), 3, s.queue, s.end - t);
      return;
    }
    if (!refused_by_cap()) open(id, t, at, q);
  }

  void disconnect(const std::string& id, core::millis at, const std::string& q) {
    auto it = sessions_.find(id);
    if (it == sessions_.end()) {
      ++k_.unknown_session_disconnects;
      auto& s = sessions_[id];
      s.end = at;
      s.queue = q;
      remember_closed(s);
      return;
    }
    auto& s = it->second;
    if (s.pending) {
      ++k_.unknown_session_disconnects;
      s.pending = false;
      s.end = at;
      if (!q.empty()) s.queue = q;
      return;
    }
    if (!s.open) {
      ++k_.duplicate_disconnects;
      return;
    }
    transfer(s, q, at);
    s.end = std::max(at, s.connect);
    remember_closed(s);
    record(std::min(s.end, now_), 3, s.queue, s.end - s.connect);
  }

  // An open session is in the queue of its newest queue-carrying event in event time; an older
  // one delivered late does not move it (and counts in its own queue).
  void transfer(session& s, const std::string& q, core::millis t) {
    if (q.empty()) return;
    if (q == s.queue) {
      s.queue_since = std::max(s.queue_since, t);
      return;
    }
    if (t < s.queue_since) return;
    s.queue = q;
    s.queue_since = t;
    if (s.open) ++k_.queue_transfers;
  }

  // Moves an open session only; an unknown or closed one: its connect or end carries the queue.
  void transferred(const std::string& id, core::millis t, const std::string& q) {
    auto it = sessions_.find(id);
    if (it == sessions_.end() || !it->second.open) return;
    transfer(it->second, q, t);
    it->second.last_seen = std::max(it->second.last_seen, t);
  }

  void message(const std::string& id, core::millis t, core::millis at, std::string q, events::direction d) {
    auto it = sessions_.find(id);
    if (it == sessions_.end()) {
      ++k_.unknown_session_messages;
    } else if (it->second.open) {
      // A message in its session's queue does not date the queue (the service keeps that out of
      // its hot path); one naming another queue moves the session unless it is older.
      if (q != it->second.queue) transfer(it->second, q, t);
      it->second.last_seen = std::max(it->second.last_seen, t);
      if (q.empty()) q = it->second.queue;
    } else if (q.empty()) {
      q = it->second.queue;
    }
    record(at, d == events::direction::inbound ? 1 : d == events::direction::outbound ? 2 : 0, q, 0);
  }

  // ---- queue figures ------------------------------------------------------------------
  static constexpr core::millis none_ms = std::numeric_limits<core::millis>::min();
  using kind = events::event_kind;

  // What a contact event is deduplicated by: a queue entry's time, else its span's start.
  static core::millis key_of(const events::session_event& e) { return e.kind == kind::queued ? e.time_ms : e.start_ms; }

  // The latest key among the session's accepted events of kind k (none_ms if none), and that
  // event's own time in *time.
  static core::millis latest(const session& s, kind k, core::millis* time = nullptr) {
    core::millis best = none_ms;
    for (const auto& f : s.spans) {
      if (f.kind != k || key_of(f) <= best) continue;
      best = key_of(f);
      if (time) *time = f.time_ms;
    }
    return best;
  }
  static core::millis latest_entry(const session& s) {
    return std::max({latest(s, kind::queued), latest(s, kind::answered), latest(s, kind::abandoned)});
  }

  // 0: none; 1: waiting since *since; 2: interacting.
  static int state(const session& s, core::millis* since) {
    const auto entry = latest_entry(s);
    if (!s.open || entry == none_ms || latest(s, kind::abandoned) == entry) return 0;
    core::millis agent_at = none_ms;
    if (latest(s, kind::answered, &agent_at) == entry) return latest(s, kind::agent_ended) >= agent_at ? 0 : 2;
    *since = entry;
    return 1;
  }

  // A span at or before the latest of its kind; a reply: one counted already, or one below the
  // third latest counted (the aggregator remembers two exactly, and a floor).
  static bool stale(const session& s, const events::session_event& e) {
    std::vector<core::millis> keys;
    for (const auto& f : s.spans)
      if (f.kind == e.kind) keys.push_back(key_of(f));
    std::sort(keys.begin(), keys.end(), std::greater<>());
    if (e.kind != kind::responded) return !keys.empty() && keys.front() >= key_of(e);
    if (std::find(keys.begin(), keys.end(), key_of(e)) != keys.end()) return true;
    return keys.size() >= 3 && key_of(e) < keys[2];
  }

  void contact(const events::session_event& e, core::millis at, std::string q) {
    if (!sessions_.contains(e.session_id)) {
      ++k_.unknown_session_contact_events;
      auto& s = sessions_[e.session_id];
      s.pending = true;
      s.end = none_ms;
      s.queue = q;
      s.queue_since = none_ms;
      remember_closed(s);
    }
    if (auto it = sessions_.find(e.session_id); it != sessions_.end()) {
      auto& s = it->second;
      if (stale(s, e)) {
        ++k_.stale_contact_events;
        return;
      }
      const bool newest = e.kind == kind::queued && e.time_ms > latest_entry(s);
      s.spans.push_back(e);
      if (newest && (s.open || s.pending)) transfer(s, q, e.time_ms);
      if (q.empty()) q = s.queue;
    }
    const auto span = std::max<core::millis>(0, e.time_ms - e.start_ms);
    if (e.kind == kind::queued) record(at, 4, q, 0);
    if (e.kind == kind::answered) record(at, 5, q, span);
    if (e.kind == kind::abandoned) record(at, 6, q, span);
    if (e.kind == kind::agent_ended) record(at, 7, q, span);
    if (e.kind == kind::responded && e.first_response) record(at, 8, q, span);
    if (e.kind == kind::responded) record(at, 9, q, span);
  }

  static std::optional<double> mean(std::int64_t sum, std::int64_t n) {
    if (n <= 0) return std::nullopt;
    return static_cast<double>(sum) / static_cast<double>(n);
  }

  core::millis target_of(const std::string& q) const {
    auto it = targets_.find(q);
    return q.empty() || it == targets_.end() ? c_.service_level_target_ms : it->second;
  }

  template <class InScope>
  contact_metrics contact_for(InScope in_scope, core::millis target) const {
    contact_metrics m;
    std::optional<core::millis> oldest;
    for (const auto& [id, s] : sessions_) {
      core::millis since = 0;
      const int st = in_scope(s.queue) ? state(s, &since) : 0;
      if (st == 2) ++m.interacting;
      if (st != 1) continue;
      ++m.waiting;
      if (!oldest || since < *oldest) oldest = since;
    }
    if (oldest) m.longest_waiting_ms = std::max<core::millis>(0, now_ - *oldest);
    std::int64_t n[10] = {}, sum[10] = {}, in_target = 0;
    for (const auto& f : facts_) {
      if (f.kind < 4 || f.at <= now_ - c_.window_ms || f.at > now_ || !in_scope(f.queue)) continue;
      ++n[f.kind];
      sum[f.kind] += f.duration;
      if (f.kind == 5 && f.in_target) ++in_target;
      if (f.kind == 6 && f.duration <= c_.short_abandon_ms) ++m.short_abandoned;
    }
    m.offered = n[4];
    m.answered = n[5];
    m.abandoned = n[6];
    m.abandon_rate = mean(m.abandoned, m.answered + m.abandoned);
    m.service_level = mean(in_target, m.answered + m.abandoned - m.short_abandoned);
    m.service_level_target_ms = target;
    m.average_speed_of_answer_ms = mean(sum[5], n[5]);
    m.avg_handle_ms = mean(sum[7], n[7]);
    m.avg_first_response_ms = mean(sum[8], n[8]);
    m.avg_agent_response_ms = mean(sum[9], n[9]);
    return m;
  }

  static std::optional<double> percentile(std::vector<std::int64_t> v, int p) {
    if (v.empty()) return std::nullopt;
    std::sort(v.begin(), v.end());
    const auto n = static_cast<std::int64_t>(v.size());
    const auto rank = std::max<std::int64_t>(1, (n * p + 99) / 100);
    return static_cast<double>(v[static_cast<std::size_t>(rank - 1)]);
  }

  window_metrics metrics_for(const std::optional<std::string>& q) const {
    const auto in_scope = [&](const std::string& fq) { return !q || fq == *q; };
    window_metrics m;
    for (const auto& [id, s] : sessions_)
      if (s.open && in_scope(s.queue)) ++m.active_sessions;
    for (const auto& c : connections_)
      if (in_scope(c.queue) && (c_.period == counting_period::since_start || c.at >= counting_since_)) ++m.total_connections;
    std::int64_t by_kind[3] = {0, 0, 0}, sum = 0;
    std::vector<std::int64_t> durations;
    for (const auto& f : facts_) {
      if (f.kind > 3 || f.at <= now_ - c_.window_ms || f.at > now_ || !in_scope(f.queue)) continue;
      if (f.kind == 3) {
        durations.push_back(f.duration);
        sum += f.duration;
      } else {
        ++by_kind[f.kind];
      }
    }
    const double w = static_cast<double>(c_.window_ms);
    m.messages_in_window = by_kind[0] + by_kind[1] + by_kind[2];
    m.messages_per_minute = static_cast<double>(m.messages_in_window) * 60'000.0 / w;
    m.inbound_messages_per_minute = static_cast<double>(by_kind[1]) * 60'000.0 / w;
    m.outbound_messages_per_minute = static_cast<double>(by_kind[2]) * 60'000.0 / w;
    m.sessions_ended_in_window = static_cast<std::int64_t>(durations.size());
    if (!durations.empty()) m.avg_session_duration_ms = static_cast<double>(sum) / static_cast<double>(durations.size());
    m.duration_p50_ms = percentile(durations, 50);
    m.duration_p90_ms = percentile(durations, 90);
    m.duration_p99_ms = percentile(durations, 99);
    if (c_.contact_figures) m.contact = contact_for(in_scope, q ? target_of(*q) : c_.service_level_target_ms);
    return m;
  }

  aggregator_config c_;
  const core::clock& clock_;
  core::millis now_;
  core::millis counting_since_ = 0;
  bool seen_ = false;
  std::map<std::string, session> sessions_;
  std::vector<fact> facts_;
  std::vector<connection> connections_;
  std::vector<std::string> registered_;
  std::map<std::string, core::millis> targets_;
  aggregator_counters k_;
  std::uint64_t seq_ = 0;
};

}  // namespace wmpulse::metrics::testing
