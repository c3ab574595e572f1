#include "metrics/aggregator.hpp"

#include <algorithm>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/counting_period.hpp"
#include "metrics/compact_id.hpp"
#include "metrics/contact_state.hpp"
#include "metrics/duration_sketch.hpp"
#include "metrics/huge_page_allocator.hpp"
#include "metrics/idle_wheel.hpp"
#include "metrics/session_index.hpp"
#include "metrics/window_ring.hpp"

namespace wmpulse::metrics {
namespace {

constexpr core::millis day_ms = 86'400'000;

core::millis floor_div(core::millis a, core::millis b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// What the window holds for one scope (everything, or one queue), plus its session gauges.
struct totals {
  std::int64_t messages[3] = {0, 0, 0};  // by record_kind: unknown, inbound, outbound
  std::int64_t ended = 0;
  std::int64_t duration_sum_ms = 0;
  duration_sketch durations;
  std::int64_t active = 0;
  std::int64_t connections = 0;
  // Queue figures: counts and span sums in the window, then the gauges.
  std::int64_t offered = 0, answered = 0, answered_in_target = 0, wait_sum_ms = 0;
  std::int64_t abandoned = 0, short_abandoned = 0;
  std::int64_t handled = 0, handle_sum_ms = 0;
  std::int64_t first_responses = 0, first_response_sum_ms = 0, responses = 0, response_sum_ms = 0;
  std::int64_t waiting = 0, interacting = 0;
  since_start_counts since_start;
};

// One cache line per session: a lookup among millions costs one miss (prefetched in batches).
struct alignas(64) session {
  compact_id id;
  core::millis connect_ms = 0;
  core::millis last_ms = 0;  // open: last activity (connect or message); closed: its end
  std::uint32_t queue = 0;
  std::uint32_t generation = 0;
  std::uint32_t tag = 0;  // hash tag in the index
  bool open = false;
  bool connect_seen = false;
};
static_assert(sizeof(session) == 64);

using session_vector = std::vector<session, huge_page_allocator<session>>;

struct same_id {
  const session_vector* sessions;
  bool operator()(std::uint32_t slot, std::string_view id) const { return (*sessions)[slot].id.equals(id); }
};
using index_type = session_index<same_id>;

struct closed_entry {
  std::uint32_t slot;
  std::uint32_t generation;
  core::millis forget_at;
  std::uint32_t tag;  // lets forgetting prefetch the index entry of entries further on
};

record_kind kind_of(events::direction d) {
  switch (d) {
    case events::direction::inbound: return record_kind::message_inbound;
    case events::direction::outbound: return record_kind::message_outbound;
    case events::direction::unknown: break;
  }
  return record_kind::message_unknown;
}

std::optional<double> ratio(std::int64_t n, std::int64_t d) {
  if (d <= 0) return std::nullopt;
  return static_cast<double>(n) / static_cast<double>(d);
}

// `oldest_wait` is the entry of the longest waiting session, or no_time.
// `target_ms` is the scope's service level target (the default one for all queues together).
contact_metrics to_contact(const totals& t, core::millis target_ms, core::millis now, core::millis oldest_wait) {
  contact_metrics m;
  m.waiting = t.waiting;
  m.interacting = t.interacting;
  if (oldest_wait != no_time) m.longest_waiting_ms = std::max<core::millis>(0, now - oldest_wait);
  m.offered = t.offered;
  m.answered = t.answered;
  m.abandoned = t.abandoned;
  m.short_abandoned = t.short_abandoned;
  m.abandon_rate = ratio(t.abandoned, t.answered + t.abandoned);
  m.service_level = ratio(t.answered_in_target, t.answered + t.abandoned - t.short_abandoned);
  m.service_level_target_ms = target_ms;
  m.average_speed_of_answer_ms = ratio(t.wait_sum_ms, t.answered);
  m.avg_first_response_ms = ratio(t.first_response_sum_ms, t.first_responses);
  m.avg_agent_response_ms = ratio(t.response_sum_ms, t.responses);
  m.avg_handle_ms = ratio(t.handle_sum_ms, t.handled);
  return m;
}

// Notes a reply to the customer message stamped `m`; false when it was counted already (or is
// at or below the floor, when more than two later replies came first).
bool note_reply(contact_record& c, core::millis m) {
  if (m <= c.responded_floor || m == c.responded_to || m == c.responded_before) return false;
  if (m < c.responded_before) {
    c.responded_floor = m;
    return true;
  }
  c.responded_floor = std::max(c.responded_floor, c.responded_before);
  c.responded_before = m;
  if (c.responded_before > c.responded_to) std::swap(c.responded_before, c.responded_to);
  return true;
}

// Notes the span `e` reports in the session's record; false when it is stale (a span of its
// kind starting at or after this one was already counted; replies: note_reply).
bool note_span(contact_record& c, const events::session_event& e) {
  const auto later = [](core::millis& latest, core::millis t) {
    if (t <= latest) return false;
    latest = t;
    return true;
  };
  switch (e.kind) {
    case events::event_kind::queued: return later(c.queued, e.time_ms);
    case events::event_kind::answered:
      if (!later(c.answered_entry, e.start_ms)) return false;
      c.answered_at = e.time_ms;
      return true;
    case events::event_kind::abandoned: return later(c.abandoned_entry, e.start_ms);
    case events::event_kind::agent_ended: return later(c.handled_start, e.start_ms);
    case events::event_kind::responded: return note_reply(c, e.start_ms);
    default: return false;
  }
}

window_metrics to_metrics(const totals& t, core::millis window_ms) {
  window_metrics m;
  m.active_sessions = t.active;
  m.total_connections = t.connections;
  m.since_start = t.since_start;
  m.sessions_ended_in_window = t.ended;
  m.messages_in_window = t.messages[0] + t.messages[1] + t.messages[2];
  const auto per_minute = [&](std::int64_t n) { return static_cast<double>(n) * 60'000.0 / static_cast<double>(window_ms); };
  m.messages_per_minute = per_minute(m.messages_in_window);
  m.inbound_messages_per_minute = per_minute(t.messages[1]);
  m.outbound_messages_per_minute = per_minute(t.messages[2]);
  if (t.ended > 0) {
    m.avg_session_duration_ms = static_cast<double>(t.duration_sum_ms) / static_cast<double>(t.ended);
    m.duration_p50_ms = t.durations.percentile(50);
    m.duration_p90_ms = t.durations.percentile(90);
    m.duration_p99_ms = t.durations.percentile(99);
  }
  return m;
}

}  // namespace

std::string aggregator_config::validate() const {
  if (window_ms < 1 || window_ms > 3'600'000) return "window must be between 1 ms and 1 h";
  if (idle_timeout_ms < 0) return "idle timeout must not be negative";
  if (idle_timeout_ms > 7 * day_ms) return "idle timeout must be at most 7 days";
  if (closed_retention_ms < 0) return "closed-session retention must not be negative";
  if (future_tolerance_ms < 0) return "future tolerance must not be negative";
  if (clock_step_hold_ms < 0) return "clock step hold must not be negative";
  if (period_utc_offset_minutes < -14 * 60 || period_utc_offset_minutes > 14 * 60)
    return "counting period UTC offset must be within -14:00..+14:00";
  if (max_open_sessions > 100'000'000 || max_closed_sessions > 100'000'000) return "session caps must be at most 100000000";
  if (max_window_records >= UINT32_MAX) return "window record cap too large";
  if (max_queues >= (1u << 28)) return "queue cap too large";
  if (short_abandon_ms < 0) return "short-abandon threshold must not be negative";
  if (service_level_target_ms < 0) return "service level target must not be negative";
  return {};
}

struct aggregator::impl {
  impl(const aggregator_config& c, const core::clock& clk)
      : config(c), clock(clk), now(c.clock == clock_mode::wall ? clk.now_ms() : 0),
        ring(c.window_ms, c.max_window_records), index(same_id{&sessions}), queues(1) {
    counting_since = c.period == counting_period::daily ? period_start(now) : now;
    if (c.idle_timeout_ms > 0) wheel.emplace(c.idle_timeout_ms / 1000 + 1, floor_div(now, 1000));
  }

  aggregator_config config;
  const core::clock& clock;
  core::millis now;
  core::millis counting_since;
  bool seen_event = false;
  aggregator::second_ended_handler second_ended;
  window_ring ring;
  std::optional<idle_wheel> wheel;

  session_vector sessions;
  index_type index;
  std::vector<std::uint32_t> free_slots;
  std::deque<closed_entry> closed_fifo;
  std::int64_t open_count = 0;
  std::int64_t closed_count = 0;

  totals all;
  std::vector<totals> queues;  // [0] unused: "no queue"
  std::vector<std::string> queue_ids{std::string{}};
  std::unordered_map<std::string, std::uint32_t> queue_index;
  std::vector<std::uint32_t> queues_sorted;
  aggregator_counters counters;
  // Per session slot: the event time its queue was last set. Out of the hot record: read only
  // when an event names another queue, or moves it (a transfer, a queue entry, an end).
  std::vector<core::millis> queue_since;
  // Queue figures (config.contact_figures): per session slot, and per queue ([0]: no queue).
  std::vector<contact_record> contacts;
  std::vector<waiting_heap> heaps{1};
  // Service level targets: per queue index ([0]: the default), and the configured ones by id.
  std::vector<core::millis> targets{config.service_level_target_ms};
  std::unordered_map<std::string, core::millis> targets_by_id;

  core::millis target_of(const std::string& queue_id) const {
    auto it = targets_by_id.find(queue_id);
    return it == targets_by_id.end() ? config.service_level_target_ms : it->second;
  }

  void set_targets(std::unordered_map<std::string, core::millis> by_id) {
    targets_by_id = std::move(by_id);
    for (std::uint32_t q = 1; q < queues.size(); ++q) targets[q] = target_of(queue_ids[q]);
  }

  // ---- time ---------------------------------------------------------------------------
  core::millis period_start(core::millis t) const {
    return core::counting_period_start(t, config.period_utc_offset_minutes);
  }

  core::millis deadline(core::millis last_seen) const {
    return (floor_div(last_seen + config.idle_timeout_ms - 1, 1000) + 1) * 1000;
  }

  // Event mode moves now only here; the handler (event mode only) sees the second that ends.
  void advance(core::millis to) {
    if (to <= now) return;
    if (second_ended && seen_event && floor_div(to, 1000) != floor_div(now, 1000))
      second_ended(std::make_shared<const metrics_snapshot>(build_snapshot()));
    const auto from = now;
    now = to;
    roll_period();
    ring.advance(from, now, [this](const window_record& r) { account(r, -1); });
    if (wheel) wheel->advance(floor_div(now, 1000), [this](const wheel_entry& e) { on_idle_due(e); });
    forget_closed();
  }

  // Wall mode. A small step back is held (now stays until the clock catches up); a larger one is
  // the host's time being corrected, and now follows it rather than freezing the window and
  // making every event "too old" until the clock catches up (docs/METRICS.md, "Clock steps").
  void follow_wall(core::millis wall) {
    if (now - wall <= config.clock_step_hold_ms) advance(wall);
    else rewind(wall);
  }

  void rewind(core::millis to) {
    ++counters.clock_steps_back;
    ring.rewind(now, to, [this](const window_record& r) { account(r, -1); });
    now = to;
    if (config.period == counting_period::daily) counting_since = std::min(counting_since, period_start(now));
    if (wheel) {  // the wheel only moves forward: file every open session again from the new now
      wheel.emplace(config.idle_timeout_ms / 1000 + 1, floor_div(now, 1000));
      for (std::uint32_t slot = 0; slot < sessions.size(); ++slot)
        if (sessions[slot].open) schedule_idle(slot);
    }
  }

  void roll_period() {
    if (config.period != counting_period::daily) return;
    const auto start = period_start(now);
    if (start <= counting_since) return;
    counting_since = start;
    all.connections = 0;
    for (auto& q : queues) q.connections = 0;
  }

  // ---- the window ---------------------------------------------------------------------
  totals* queue_totals(std::uint32_t q) { return q == 0 ? nullptr : &queues[q]; }

  void account(const window_record& r, int sign) {
    for (auto* t : {&all, queue_totals(r.queue)}) {
      if (t == nullptr) continue;
      const auto d = r.duration_ms;
      switch (r.kind()) {
        case record_kind::ended:
          t->ended += sign;
          t->duration_sum_ms += sign * d;
          if (sign > 0) t->durations.add(d); else t->durations.remove(d);
          break;
        case record_kind::offered: t->offered += sign; break;
        case record_kind::answered_in_target: t->answered_in_target += sign; [[fallthrough]];
        case record_kind::answered:
          t->answered += sign;
          t->wait_sum_ms += sign * d;
          break;
        case record_kind::abandoned:
          t->abandoned += sign;
          if (d <= config.short_abandon_ms) t->short_abandoned += sign;
          break;
        case record_kind::handled: t->handled += sign, t->handle_sum_ms += sign * d; break;
        case record_kind::first_response: t->first_responses += sign, t->first_response_sum_ms += sign * d; break;
        case record_kind::agent_response: t->responses += sign, t->response_sum_ms += sign * d; break;
        default: t->messages[static_cast<int>(r.kind())] += sign; break;
      }
    }
  }

  // A record's place in the window: a span that ends in the future (a source clock running
  // ahead) is filed at now; its duration stays the difference of its own timestamps.
  core::millis placed(core::millis t) const { return std::min(t, now); }

  void record(core::millis at, record_kind kind, std::uint32_t queue, std::int64_t duration_ms) {
    if (at <= now - config.window_ms) return;
    const window_record r(duration_ms, queue, kind);
    if (!ring.add(at, r)) {
      ++counters.window_records_refused;
      return;
    }
    account(r, +1);
  }

  // Counts since the start, for everything and for the queue (if any).
  template <class F>
  void for_scopes(std::uint32_t queue, F&& f) {
    f(all.since_start);
    if (auto* t = queue_totals(queue)) f(t->since_start);
  }

  // ---- queues -------------------------------------------------------------------------
  std::uint32_t queue_of(const std::string& id) {
    if (id.empty()) return 0;
    if (auto it = queue_index.find(id); it != queue_index.end()) return it->second;
    if (queue_index.size() >= config.max_queues) {
      ++counters.queues_refused;
      return 0;
    }
    const auto q = static_cast<std::uint32_t>(queues.size());
    queues.emplace_back();
    heaps.emplace_back();
    targets.push_back(target_of(id));
    queue_ids.push_back(id);
    queue_index.emplace(id, q);
    auto pos = std::lower_bound(queues_sorted.begin(), queues_sorted.end(), id,
                                [this](std::uint32_t a, const std::string& b) { return queue_ids[a] < b; });
    queues_sorted.insert(pos, q);
    return q;
  }

  void count_connection(core::millis at, std::uint32_t queue) {
    for_scopes(queue, [](since_start_counts& c) { ++c.connections; });
    if (config.period == counting_period::daily && at < counting_since) return;
    ++all.connections;
    if (auto* t = queue_totals(queue)) ++t->connections;
  }

  // An open session follows the queue of its newest event in event time: an event stamped before
  // the one that set its queue (delivered late, e.g. recovered after a gap) does not move it back.
  // Returns the queue the event counts in: its own, else the session's.
  std::uint32_t follow_queue(std::uint32_t slot, std::uint32_t queue, core::millis t) {
    auto& s = sessions[slot];
    if (queue == 0) return s.queue;
    if (queue == s.queue) {
      queue_since[slot] = std::max(queue_since[slot], t);
      return queue;
    }
    if (t < queue_since[slot]) return queue;
    queue_since[slot] = t;
    move_to_queue(slot, queue);
    return queue;
  }

  void move_to_queue(std::uint32_t slot, std::uint32_t queue) {
    auto& s = sessions[slot];
    if (queue == 0 || queue == s.queue) return;
    if (s.open) {
      if (auto* t = queue_totals(s.queue)) --t->active;
      ++queues[queue].active;
      ++counters.queue_transfers;
    }
    s.queue = queue;
    recount(slot);
  }

  // ---- queue figures: gauges ------------------------------------------------------------
  auto waiting_still(std::uint32_t queue) {
    return [this, queue](const waiting_entry& e) {
      const auto& c = contacts[e.slot];
      return sessions[e.slot].generation == e.generation && c.waits == e.wait &&
             c.counted.state == contact_state::waiting && c.counted.queue == queue;
    };
  }

  // Brings the gauges in line with the session's state (open, queue, contact record).
  void recount(std::uint32_t slot) {
    if (!config.contact_figures) return;
    auto& c = contacts[slot];
    const auto& s = sessions[slot];
    gauge g;
    if (s.open) {
      g.state = c.state(g.since);
      g.queue = s.queue;
      if (g.state != contact_state::waiting) g.since = 0;
    }
    if (g.state == contact_state::none) g = gauge{};
    if (g == c.counted) return;
    count_gauge(c.counted, -1);
    c.counted = g;
    count_gauge(g, +1);
    if (g.state == contact_state::waiting)
      heaps[g.queue].push({g.since, slot, s.generation, ++c.waits}, waiting_still(g.queue));
  }

  void count_gauge(const gauge& g, int sign) {
    if (g.state == contact_state::none) return;
    for (auto* t : {&all, queue_totals(g.queue)}) {
      if (t == nullptr) continue;
      (g.state == contact_state::waiting ? t->waiting : t->interacting) += sign;
    }
    if (g.state == contact_state::waiting) heaps[g.queue].live += sign;
  }

  core::millis oldest_wait(std::uint32_t queue) { return heaps[queue].oldest(waiting_still(queue)); }

  core::millis oldest_wait_overall() {
    auto oldest = no_time;
    for (std::uint32_t q = 0; q < heaps.size(); ++q) {
      const auto t = oldest_wait(q);
      if (t != no_time && (oldest == no_time || t < oldest)) oldest = t;
    }
    return oldest;
  }

  // ---- queue figures: events ------------------------------------------------------------
  void on_contact(const events::session_event& e, std::uint32_t tag, core::millis at, std::uint32_t queue) {
    if (!config.contact_figures) return;
    auto slot = index.find(e.session_id, tag);
    if (slot == index_type::none) slot = pending_slot(e.session_id, tag, queue);
    if (slot != index_type::none) {
      auto& c = contacts[slot];
      const bool newest_entry = e.kind == events::event_kind::queued && e.time_ms > c.latest_entry();
      if (!note_span(c, e)) {
        ++counters.stale_contact_events;
        return;
      }
      if (newest_entry && (sessions[slot].open || pending(slot))) follow_queue(slot, queue, e.time_ms);
      if (queue == 0) queue = sessions[slot].queue;
      recount(slot);
    }
    record_spans(e, at, queue);
  }

  // A contact event ahead of its session's connect (a stream reordered by a publish sent again,
  // or a recovery): its spans wait in a closed slot with no end, so that the connect keeps them
  // and the session's state does not depend on the order the events came in.
  std::uint32_t pending_slot(const std::string& id, std::uint32_t tag, std::uint32_t queue) {
    ++counters.unknown_session_contact_events;
    const auto slot = new_slot(id, tag);
    sessions[slot].last_ms = no_time;
    sessions[slot].queue = queue;
    const auto remembered = sessions[slot].generation + 1;
    remember_closed(slot);
    return sessions[slot].generation == remembered ? slot : index_type::none;  // else no room for closed ids
  }

  // Neither connected nor ended: only contact events seen so far.
  bool pending(std::uint32_t slot) const { return !sessions[slot].open && sessions[slot].last_ms == no_time; }

  void record_spans(const events::session_event& e, core::millis at, std::uint32_t queue) {
    const auto span = std::max<core::millis>(0, e.time_ms - e.start_ms);
    switch (e.kind) {
      case events::event_kind::queued:
        for_scopes(queue, [](since_start_counts& c) { ++c.offered; });
        record(at, record_kind::offered, queue, 0);
        break;
      case events::event_kind::answered:
        for_scopes(queue, [span](since_start_counts& c) {
          ++c.answered;
          c.answer_waits.observe(span);
        });
        record(at, span <= targets[queue] ? record_kind::answered_in_target : record_kind::answered, queue, span);
        break;
      case events::event_kind::abandoned:
        for_scopes(queue, [](since_start_counts& c) { ++c.abandoned; });
        record(at, record_kind::abandoned, queue, span);
        break;
      case events::event_kind::agent_ended: record(at, record_kind::handled, queue, span); break;
      case events::event_kind::responded:
        if (e.first_response) record(at, record_kind::first_response, queue, span);
        record(at, record_kind::agent_response, queue, span);
        break;
      default: break;
    }
  }

  // ---- sessions -----------------------------------------------------------------------
  std::uint32_t new_slot(const std::string& id, std::uint32_t tag) {
    std::uint32_t slot;
    if (!free_slots.empty()) {
      slot = free_slots.back();
      free_slots.pop_back();
    } else {
      slot = static_cast<std::uint32_t>(sessions.size());
      sessions.emplace_back();
      queue_since.emplace_back();
      if (config.contact_figures) contacts.emplace_back();
    }
    auto& s = sessions[slot];
    const auto generation = s.generation;
    s = session{};
    s.generation = generation + 1;
    s.id.assign(id);
    s.tag = tag;
    queue_since[slot] = no_time;
    if (config.contact_figures) contacts[slot] = contact_record{};
    index.insert(tag, slot);
    return slot;
  }

  // `stamped`: the connect's own timestamp; `at`: where it counts (clamped to now).
  // A pending slot's contact spans are kept, and its newest queue entry moves the session as it
  // would have, had it come after the connect.
  void open(std::uint32_t slot, core::millis stamped, core::millis at, std::uint32_t queue) {
    auto& s = sessions[slot];
    const bool early = pending(slot);
    const auto early_queue = s.queue;
    const auto early_since = queue_since[slot];
    s.open = true;
    s.connect_seen = true;
    s.connect_ms = s.last_ms = stamped;
    if (config.contact_figures && !early) contacts[slot] = contact_record{};
    s.queue = queue;
    queue_since[slot] = stamped;
    ++open_count;
    ++all.active;
    if (auto* t = queue_totals(queue)) ++t->active;
    count_connection(at, queue);
    if (early) {
      follow_queue(slot, early_queue, early_since);
      recount(slot);
    }
    schedule_idle(slot);
  }

  void schedule_idle(std::uint32_t slot) {
    if (!wheel) return;
    const auto& s = sessions[slot];
    const auto due = deadline(s.last_ms);
    if (due <= now) {
      idle_close(slot);
      return;
    }
    wheel->schedule(due / 1000, {slot, s.generation});
  }

  void on_idle_due(const wheel_entry& e) {
    const auto& s = sessions[e.slot];
    if (s.generation != e.generation || !s.open) return;
    schedule_idle(e.slot);
  }

  void idle_close(std::uint32_t slot) {
    ++counters.idle_closed_sessions;
    close(slot, sessions[slot].last_ms);  // ends at its last activity
  }

  // Turns an open session into a remembered closed id.
  void close(std::uint32_t slot, core::millis end) {
    auto& s = sessions[slot];
    s.open = false;
    s.last_ms = end;
    --open_count;
    --all.active;
    if (auto* t = queue_totals(s.queue)) --t->active;
    remember_closed(slot);
    recount(slot);
  }

  void remember_closed(std::uint32_t slot) {
    auto& s = sessions[slot];
    ++s.generation;
    ++closed_count;
    closed_fifo.push_back({slot, s.generation, now + config.closed_retention_ms, s.tag});
    while (closed_count > static_cast<std::int64_t>(config.max_closed_sessions)) {
      if (forget_front()) ++counters.closed_sessions_evicted;
    }
  }

  // Pops the oldest closed entry; true when it was still current and has been forgotten.
  bool forget_front() {
    constexpr std::size_t ahead = 8;
    if (closed_fifo.size() > ahead) {
      const auto& later = closed_fifo[ahead];
      __builtin_prefetch(&sessions[later.slot]);
      index.prefetch(later.tag);
    }
    const auto e = closed_fifo.front();
    closed_fifo.pop_front();
    auto& s = sessions[e.slot];
    if (s.generation != e.generation || s.open) return false;
    --closed_count;
    ++s.generation;
    index.erase(e.slot, s.tag);
    s.id.clear();
    free_slots.push_back(e.slot);
    return true;
  }

  void forget_closed() {
    while (!closed_fifo.empty() && closed_fifo.front().forget_at <= now) forget_front();
  }

  bool at_cap() {
    if (open_count < static_cast<std::int64_t>(config.max_open_sessions)) return false;
    ++counters.refused_by_cap;
    return true;
  }

  // ---- events -------------------------------------------------------------------------
  void on_connect(const events::session_event& e, std::uint32_t tag, core::millis at, std::uint32_t queue) {
    const auto slot = index.find(e.session_id, tag);
    const auto t = e.time_ms;
    if (slot == index_type::none) {
      if (!at_cap()) open(new_slot(e.session_id, tag), t, at, queue);
      return;
    }
    auto& s = sessions[slot];
    if (s.open || (t <= s.last_ms && s.connect_seen)) {
      ++counters.duplicate_connects;
      return;
    }
    if (t <= s.last_ms) {  // its disconnect came first: count it where it belongs
      ++counters.late_connects;
      s.connect_seen = true;
      move_to_queue(slot, queue);
      count_connection(at, s.queue);
      count_end(s.queue, s.last_ms - t);
      record(placed(s.last_ms), record_kind::ended, s.queue, s.last_ms - t);
      return;
    }
    if (at_cap()) return;
    --closed_count;  // a new life of a closed id; its closed entry goes stale
    ++s.generation;
    open(slot, t, at, queue);
  }

  void on_disconnect(const events::session_event& e, std::uint32_t tag, core::millis /*at*/, std::uint32_t queue) {
    const auto slot = index.find(e.session_id, tag);
    if (slot == index_type::none) {
      ++counters.unknown_session_disconnects;
      const auto fresh = new_slot(e.session_id, tag);
      auto& s = sessions[fresh];
      s.last_ms = e.time_ms;
      s.queue = queue;
      remember_closed(fresh);
      return;
    }
    auto& s = sessions[slot];
    if (pending(slot)) {  // its contact events came first: now it is a closed id like any unknown one
      ++counters.unknown_session_disconnects;
      s.last_ms = e.time_ms;
      if (queue != 0) s.queue = queue;
      return;
    }
    if (!s.open) {
      ++counters.duplicate_disconnects;
      return;
    }
    follow_queue(slot, queue, e.time_ms);
    const auto end = std::max(e.time_ms, s.connect_ms);
    const auto duration = end - s.connect_ms;
    const auto q = s.queue;
    close(slot, end);
    count_end(q, duration);
    record(placed(end), record_kind::ended, q, duration);
  }

  void count_end(std::uint32_t queue, core::millis duration) {
    for_scopes(queue, [duration](since_start_counts& c) { c.session_durations.observe(duration); });
  }

  void on_message(const events::session_event& e, std::uint32_t tag, core::millis at, std::uint32_t queue) {
    const auto slot = index.find(e.session_id, tag);
    if (slot == index_type::none) {
      ++counters.unknown_session_messages;
    } else {
      auto& s = sessions[slot];
      if (s.open) {
        // The common case (its own queue) touches only the session record.
        queue = queue == s.queue ? queue : follow_queue(slot, queue, e.time_ms);
        s.last_ms = std::max(s.last_ms, e.time_ms);
      } else if (queue == 0) {
        queue = s.queue;
      }
    }
    const auto kind = kind_of(e.dir);
    for_scopes(queue, [kind](since_start_counts& c) { ++c.messages[static_cast<int>(kind)]; });
    record(at, kind, queue, 0);
  }

  void on_transfer(const events::session_event& e, std::uint32_t tag, core::millis /*at*/, std::uint32_t queue) {
    const auto slot = index.find(e.session_id, tag);
    if (slot == index_type::none || !sessions[slot].open) return;  // its connect or end carries the queue
    follow_queue(slot, queue, e.time_ms);
    sessions[slot].last_ms = std::max(sessions[slot].last_ms, e.time_ms);
  }

  void apply(const events::session_event& e) { apply(e, index_type::tag_of(e.session_id)); }

  // `tag` is the session id's hash tag in the index.
  void apply(const events::session_event& e, std::uint32_t tag) {
    if (config.clock == clock_mode::wall) {
      follow_wall(clock.now_ms());
    } else {
      advance(e.time_ms);
      if (!seen_event && config.period == counting_period::since_start) counting_since = now;
      seen_event = true;
    }
    auto at = e.time_ms;
    if (at > now) {
      ++counters.future_events;
      if (at - now > config.future_tolerance_ms) {
        ++counters.future_events_refused;
        return;
      }
      at = now;
    }
    const auto queue = queue_of(e.queue_id);
    if (at <= now - config.window_ms) ++counters.too_old_events;
    switch (e.kind) {
      case events::event_kind::connected: on_connect(e, tag, at, queue); break;
      case events::event_kind::disconnected: on_disconnect(e, tag, at, queue); break;
      case events::event_kind::message: on_message(e, tag, at, queue); break;
      case events::event_kind::transferred: on_transfer(e, tag, at, queue); break;
      default: on_contact(e, tag, at, queue); break;
    }
    ++counters.events_applied;
  }

  // A pipeline of prefetches: step i prefetches the index entry of event i + far and the
  // session record of event i (its index entry prefetched `far` steps before), and applies
  // event i - near. Every event, including the head of the batch, has its two misses in
  // flight alongside others' instead of waiting for them one after the other.
  void apply_batch(std::span<const events::session_event> batch) {
    constexpr std::size_t far = 8, near = 4, ring = 16;  // ring > far + near; distances measured best
    std::uint32_t tags[ring];  // tags[e % ring]: the hash tag of event e
    const auto n = batch.size();
    ++counters.batches_applied;
    for (std::size_t e = 0; e < std::min(far, n); ++e) prefetch_index(tags[e], batch[e]);
    for (std::size_t i = 0; i < n + near; ++i) {
      if (i < n) {
        const auto slot = index.probable_slot(tags[i % ring]);
        if (slot != index_type::none) __builtin_prefetch(&sessions[slot], 1);  // for writing: messages update it
      }
      if (i + far < n) prefetch_index(tags[(i + far) % ring], batch[i + far]);
      if (i >= near) apply(batch[i - near], tags[(i - near) % ring]);
    }
  }

  void prefetch_index(std::uint32_t& tag, const events::session_event& e) {
    tag = index_type::tag_of(e.session_id);
    index.prefetch(tag);
  }
  void tick() {
    if (config.clock == clock_mode::wall) follow_wall(clock.now_ms());
  }

  metrics_snapshot make_snapshot() {
    tick();
    return build_snapshot();
  }

  // The figures as of now, without moving now.
  metrics_snapshot build_snapshot() {
    metrics_snapshot s;
    s.taken_at_ms = now;
    s.window_ms = config.window_ms;
    s.counting_since_ms = counting_since;
    s.all = to_metrics(all, config.window_ms);
    if (config.contact_figures) s.all.contact = to_contact(all, targets[0], now, oldest_wait_overall());
    s.queues.reserve(queues_sorted.size());
    for (auto q : queues_sorted) {
      s.queues.push_back({queue_ids[q], to_metrics(queues[q], config.window_ms)});
      if (config.contact_figures) s.queues.back().metrics.contact = to_contact(queues[q], targets[q], now, oldest_wait(q));
    }
    s.counters = counters;
    s.counters.open_sessions = open_count;
    s.counters.tracked_sessions = open_count + closed_count;
    s.counters.window_records = static_cast<std::int64_t>(ring.size());
    return s;
  }
};

namespace {
const aggregator_config& checked(const aggregator_config& c) {
  if (auto problem = c.validate(); !problem.empty()) throw std::invalid_argument("aggregator: " + problem);
  return c;
}
}  // namespace

aggregator::aggregator(const aggregator_config& config, const core::clock& clock)
    : impl_(std::make_unique<impl>(checked(config), clock)) {}
aggregator::~aggregator() = default;

void aggregator::apply(const events::session_event& event) { impl_->apply(event); }
void aggregator::apply(std::span<const events::session_event> batch) { impl_->apply_batch(batch); }
void aggregator::tick() { impl_->tick(); }
void aggregator::on_second_ended(second_ended_handler handler) {
  impl_->second_ended = impl_->config.clock == clock_mode::event ? std::move(handler) : nullptr;
}
void aggregator::set_service_level_targets(std::unordered_map<std::string, core::millis> by_queue_id) {
  impl_->set_targets(std::move(by_queue_id));
}
metrics_snapshot aggregator::snapshot() { return impl_->make_snapshot(); }
std::shared_ptr<const metrics_snapshot> aggregator::shared_snapshot() {
  return std::make_shared<const metrics_snapshot>(impl_->make_snapshot());
}
core::millis aggregator::now() const { return impl_->now; }
const aggregator_config& aggregator::config() const { return impl_->config; }

}  // namespace wmpulse::metrics
