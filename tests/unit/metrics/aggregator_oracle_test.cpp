// Thousands of seeded random streams, each checked against the brute-force oracle at random
// query times. A failure prints the seed; rerun one seed with WMPULSE_ORACLE_SEED=<seed>.
#include <gtest/gtest.h>

#include <limits>

#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "compare.hpp"
#include "metrics/aggregator.hpp"
#include "oracle.hpp"

namespace wmpulse::metrics {
namespace {

using events::direction;
using events::event_kind;
using events::session_event;

struct stream_shape {
  aggregator_config config;
  core::millis start = 0;
  int sessions = 0;
  int ops = 0;
  int id_form = 0;  // 0: short ids, 1: UUIDs, 2: 40 characters, 3: all three
};

// Session n's id, in the forms the aggregator stores differently (inline, packed, on the heap).
std::string session_id(int n, int form) {
  if (form == 3) form = n % 3;
  if (form == 0) return "s" + std::to_string(n);
  const auto digits = std::to_string(1000 + n);  // four digits
  if (form == 1) return "0f8fad5b-d9cb-469f-a165-7086772" + digits + "e";
  return std::string(36, 'L') + digits;
}

stream_shape random_shape(std::mt19937_64& rng) {
  auto pick = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
  stream_shape s;
  auto& c = s.config;
  c.window_ms = pick(1, 4) == 1 ? pick(1, 50) : pick(200, 3'000);
  c.clock = pick(0, 1) ? clock_mode::wall : clock_mode::event;
  c.idle_timeout_ms = pick(0, 2) == 0 ? 0 : pick(1, 6'000);
  c.max_open_sessions = static_cast<std::size_t>(pick(0, 3) == 0 ? pick(0, 6) : 1'000);
  c.max_closed_sessions = 1'000'000;  // eviction order is checked by hand-written cases
  c.closed_retention_ms = pick(0, 6'000);
  c.future_tolerance_ms = pick(0, 400);
  // The oracle models a held clock; rewinds on large steps back are covered by the rules tests.
  c.clock_step_hold_ms = std::numeric_limits<core::millis>::max() / 4;
  c.period = pick(0, 1) ? counting_period::daily : counting_period::since_start;
  c.period_utc_offset_minutes = static_cast<std::int32_t>(pick(-28, 28) * 30);
  c.max_queues = static_cast<std::size_t>(pick(0, 3) == 0 ? pick(0, 3) : 100);
  c.max_window_records = static_cast<std::size_t>(pick(0, 3) == 0 ? pick(0, 20) : 1'000'000);
  c.contact_figures = pick(0, 2) != 0;
  c.short_abandon_ms = pick(0, 400);
  c.service_level_target_ms = pick(0, 600);
  // Start a few seconds before a midnight of the period's offset, so that streams cross it.
  const core::millis day = 86'400'000;
  s.start = 20'000 * day + pick(-15'000, 15'000) - c.period_utc_offset_minutes * 60'000LL;
  s.sessions = static_cast<int>(pick(2, 40));
  s.ops = static_cast<int>(pick(50, 400));
  s.id_form = static_cast<int>(pick(0, 3));
  return s;
}

// A span that often ends exactly at, just past or just before a threshold, sometimes negative
// (the two timestamps from clocks that disagree).
core::millis random_span(std::mt19937_64& rng, const aggregator_config& c) {
  auto pick = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
  const auto threshold = pick(0, 1) ? c.short_abandon_ms : c.service_level_target_ms;
  switch (pick(0, 5)) {
    case 0: return threshold;
    case 1: return threshold + 1;
    case 2: return threshold - 1;
    case 3: return -pick(1, 50);
    default: return pick(0, 2 * threshold + 10);
  }
}

event_kind random_kind(std::mt19937_64& rng, bool contact) {
  const auto k = std::uniform_int_distribution<int>(0, contact ? 17 : 9)(rng);
  if (k >= 10) return static_cast<event_kind>(static_cast<int>(event_kind::queued) + (k - 10) % 5);
  return k < 3 ? event_kind::connected : k < 5 ? event_kind::disconnected : k < 9 ? event_kind::message : event_kind::transferred;
}

session_event random_event(std::mt19937_64& rng, const stream_shape& s, core::millis around) {
  auto pick = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
  static const std::string queues[] = {"", "", "support", "sales", "q\"x\\y\n"};
  session_event e;
  e.kind = random_kind(rng, s.config.contact_figures);
  e.session_id = session_id(static_cast<int>(pick(0, s.sessions - 1)), s.id_form);
  e.queue_id = queues[pick(0, 4)];
  e.dir = static_cast<direction>(pick(0, 2));
  const auto w = s.config.window_ms;
  switch (pick(0, 9)) {
    case 0: e.time_ms = around - pick(0, 2 * w + 10); break;            // late, maybe too old
    case 1: e.time_ms = around + pick(0, 2 * s.config.future_tolerance_ms + 10); break;  // ahead
    case 2: e.time_ms = around - pick(0, 3 * s.config.idle_timeout_ms + 10); break;
    default: e.time_ms = around - pick(0, w / 2 + 1); break;             // slightly out of order
  }
  e.start_ms = e.time_ms - random_span(rng, s.config);
  e.first_response = pick(0, 1) == 1;
  return e;
}

// Moves the wall clock (wall mode) or the stream's time base (event mode), with jumps.
core::millis random_step(std::mt19937_64& rng, const stream_shape& s) {
  auto pick = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
  switch (pick(0, 19)) {
    case 0: return -pick(1, 2 * s.config.window_ms);  // the clock steps back
    case 1: return pick(0, 5 * (s.config.window_ms + s.config.idle_timeout_ms) + 3'000);  // a jump ahead
    default: return pick(0, s.config.window_ms / 5 + 30);
  }
}

// Summed over all streams, to show that the streams exercise every rule.
aggregator_counters exercised;
std::int64_t rollovers = 0;
std::int64_t exercised_waiting = 0, exercised_interacting = 0, exercised_short = 0, exercised_in_target = 0;

void tally(const metrics_snapshot& s, core::millis first_counting_since) {
  const auto& c = s.counters;
  exercised.duplicate_connects += c.duplicate_connects;
  exercised.duplicate_disconnects += c.duplicate_disconnects;
  exercised.late_connects += c.late_connects;
  exercised.unknown_session_disconnects += c.unknown_session_disconnects;
  exercised.unknown_session_messages += c.unknown_session_messages;
  exercised.unknown_session_contact_events += c.unknown_session_contact_events;
  exercised.future_events += c.future_events;
  exercised.future_events_refused += c.future_events_refused;
  exercised.too_old_events += c.too_old_events;
  exercised.idle_closed_sessions += c.idle_closed_sessions;
  exercised.refused_by_cap += c.refused_by_cap;
  exercised.queue_transfers += c.queue_transfers;
  exercised.window_records_refused += c.window_records_refused;
  exercised.queues_refused += c.queues_refused;
  exercised.stale_contact_events += c.stale_contact_events;
  if (s.all.contact) {
    const auto& k = *s.all.contact;
    exercised_waiting += k.waiting;
    exercised_interacting += k.interacting;
    exercised_short += k.short_abandoned;
    exercised_in_target += k.service_level && *k.service_level > 0 && *k.service_level < 1;
  }
  if (s.counting_since_ms != first_counting_since) ++rollovers;
}

void run_stream(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const auto shape = random_shape(rng);
  core::manual_clock clock(shape.start);
  aggregator agg(shape.config, clock);
  testing::oracle model(shape.config, clock);
  core::millis base = shape.start;
  const auto first_counting_since = agg.snapshot().counting_since_ms;
  (void)model.snapshot();
  // Half the streams reach the aggregator in batches (the path the ingest thread takes), cut
  // wherever the wall clock moves or a snapshot is taken.
  const bool batched = std::uniform_int_distribution<int>(0, 1)(rng) == 1;
  std::vector<session_event> pending, sent;
  const auto flush = [&] {
    agg.apply(pending);
    pending.clear();
  };
  for (int i = 0; i < shape.ops; ++i) {
    base += random_step(rng, shape);
    if (shape.config.clock == clock_mode::wall) {
      flush();
      clock.set(base);
    }
    if (std::uniform_int_distribution<int>(0, 9)(rng) == 0) {
      flush();
      ASSERT_TRUE(testing::same_snapshot(agg.snapshot(), model.snapshot())) << "seed " << seed << " op " << i;
      continue;
    }
    if (std::uniform_int_distribution<int>(0, 29)(rng) == 0) {  // per-queue targets change (a new queue list)
      std::map<std::string, core::millis> targets;
      for (const char* q : {"support", "sales"})
        if (std::uniform_int_distribution<int>(0, 1)(rng)) targets[q] = std::uniform_int_distribution<core::millis>(0, 600)(rng);
      flush();
      agg.set_service_level_targets({targets.begin(), targets.end()});
      model.set_service_level_targets(targets);
    }
    // One event in ten repeats an earlier one (a duplicated snapshot, a replay).
    const bool repeat = !sent.empty() && std::uniform_int_distribution<int>(0, 9)(rng) == 0;
    const auto e = repeat ? sent[std::uniform_int_distribution<std::size_t>(0, sent.size() - 1)(rng)]
                          : random_event(rng, shape, base);
    sent.push_back(e);
    if (batched) pending.push_back(e); else agg.apply(e);
    model.apply(e);
    if (std::uniform_int_distribution<int>(0, 4)(rng) == 0) {
      flush();
      ASSERT_TRUE(testing::same_snapshot(agg.snapshot(), model.snapshot())) << "seed " << seed << " op " << i;
    }
  }
  flush();
  const auto last = agg.snapshot();
  ASSERT_TRUE(testing::same_snapshot(last, model.snapshot())) << "seed " << seed << " at end";
  tally(last, first_counting_since);
}

// Conversations as the Genesys connector reports them, stamped by a source clock `skew_ms`
// off the service's wall clock: every duration is the difference of the stream's own
// timestamps, so the skew changes none of them (issue 12 item 3).
void run_skewed(core::millis skew_ms, contact_metrics& contact, double& avg_duration_ms) {
  aggregator_config c;
  c.contact_figures = true;
  c.window_ms = 3'600'000;  // nothing leaves the window: only the skew differs between runs
  c.future_tolerance_ms = 5'000;
  c.service_level_target_ms = 4'000;
  c.short_abandon_ms = 2'000;
  const core::millis t0 = 1'700'000'000'000;
  core::manual_clock clock(t0);
  aggregator agg(c, clock);
  testing::oracle model(c, clock);
  for (int n = 0; n < 40; ++n) {
    const auto id = "conv-" + std::to_string(n);
    const std::string q = n % 3 == 0 ? "billing" : "sales";
    const core::millis wall = t0 + n * 1'000, wait = 500 + 300 * n, talk = 5'000 + 700 * n;
    const core::millis at = wall + skew_ms;  // the source's clock
    auto send = [&](event_kind k, core::millis t, core::millis start, direction d = direction::unknown) {
      session_event e{k, id, t, q, d};
      e.start_ms = start;
      e.first_response = k == event_kind::responded && t - start == 1'200;
      clock.set(std::max(clock.now_ms(), t - skew_ms));  // delivered when the wall reaches it
      agg.apply(e);
      model.apply(e);
    };
    send(event_kind::connected, at, at);
    send(event_kind::queued, at, at);
    if (n % 5 == 4) {  // gives up waiting; every other one within the short-abandon threshold
      send(event_kind::abandoned, at + wait, at);
      send(event_kind::disconnected, at + wait, at);
      continue;
    }
    send(event_kind::answered, at + wait, at);
    send(event_kind::message, at + wait + 100, at, direction::inbound);
    send(event_kind::responded, at + wait + 1'300, at + wait + 100, direction::outbound);
    send(event_kind::responded, at + wait + 2'500, at + wait + 1'800, direction::outbound);
    send(event_kind::agent_ended, at + wait + talk, at + wait);
    send(event_kind::disconnected, at + wait + talk, at);
    ASSERT_TRUE(testing::same_snapshot(agg.snapshot(), model.snapshot())) << "skew " << skew_ms << " conversation " << n;
  }
  clock.set(clock.now_ms() + 10'000);
  const auto s = agg.snapshot();
  ASSERT_TRUE(testing::same_snapshot(s, model.snapshot())) << "skew " << skew_ms;
  contact = s.all.contact.value();
  avg_duration_ms = s.all.avg_session_duration_ms;
}

TEST(aggregator_oracle, a_source_clock_ahead_or_behind_changes_no_duration) {
  contact_metrics exact, skewed;
  double exact_avg = 0, skewed_avg = 0;
  run_skewed(0, exact, exact_avg);
  ASSERT_GT(exact.answered, 0);
  ASSERT_GT(exact.abandoned, 0);
  ASSERT_GT(exact.short_abandoned, 0);
  for (core::millis skew : {-90'000, -1'000, 800, 4'000}) {  // behind; ahead within the future tolerance
    run_skewed(skew, skewed, skewed_avg);
    if (::testing::Test::HasFatalFailure()) return;
    EXPECT_EQ(skewed_avg, exact_avg) << "session duration, skew " << skew;
    EXPECT_EQ(skewed.average_speed_of_answer_ms, exact.average_speed_of_answer_ms) << "skew " << skew;
    EXPECT_EQ(skewed.avg_first_response_ms, exact.avg_first_response_ms) << "skew " << skew;
    EXPECT_EQ(skewed.avg_agent_response_ms, exact.avg_agent_response_ms) << "skew " << skew;
    EXPECT_EQ(skewed.avg_handle_ms, exact.avg_handle_ms) << "skew " << skew;
    EXPECT_EQ(skewed.service_level, exact.service_level) << "skew " << skew;
    EXPECT_EQ(skewed.short_abandoned, exact.short_abandoned) << "skew " << skew;
  }
}

TEST(aggregator_oracle, random_streams_match_the_oracle_exactly) {
  if (const char* one = std::getenv("WMPULSE_ORACLE_SEED")) {
    run_stream(std::strtoull(one, nullptr, 10));
    return;
  }
  for (std::uint64_t seed = 1; seed <= 3'000; ++seed) {
    run_stream(seed);
    if (::testing::Test::HasFatalFailure()) return;
  }
  const auto& c = exercised;
  for (auto n : {c.duplicate_connects, c.duplicate_disconnects, c.late_connects, c.unknown_session_disconnects,
                 c.unknown_session_messages, c.unknown_session_contact_events, c.future_events, c.future_events_refused, c.too_old_events,
                 c.idle_closed_sessions, c.refused_by_cap, c.queue_transfers, c.window_records_refused, c.queues_refused,
                 c.stale_contact_events})
    EXPECT_GT(n, 100u);
  for (auto n : {exercised_waiting, exercised_interacting, exercised_short, exercised_in_target}) EXPECT_GT(n, 100);
  EXPECT_GT(rollovers, 100);
}

}  // namespace
}  // namespace wmpulse::metrics
