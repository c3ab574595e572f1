// One hand-written case per rule of docs/METRICS.md.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "metrics/aggregator.hpp"

namespace wmpulse::metrics {
namespace {

using events::direction;
using events::event_kind;
using events::session_event;

constexpr core::millis t0 = 1'700'000'000'000;  // a whole second

session_event connect(std::string id, core::millis t, std::string q = {}) {
  return {event_kind::connected, std::move(id), t, std::move(q), direction::unknown};
}
session_event disconnect(std::string id, core::millis t, std::string q = {}) {
  return {event_kind::disconnected, std::move(id), t, std::move(q), direction::unknown};
}
session_event message(std::string id, core::millis t, direction d = direction::unknown, std::string q = {}) {
  return {event_kind::message, std::move(id), t, std::move(q), d};
}

struct rules : ::testing::Test {
  core::manual_clock clock{t0};
  aggregator_config config;
  aggregator& agg() {
    if (!agg_) agg_ = std::make_unique<aggregator>(config, clock);
    return *agg_;
  }
  metrics_snapshot at(core::millis t) {
    clock.set(t);
    return agg().snapshot();
  }
  void apply_at(core::millis t, const session_event& e) {
    clock.set(t);
    agg().apply(e);
  }

private:
  std::unique_ptr<aggregator> agg_;
};

TEST_F(rules, open_session_stays_active_however_long_ago_it_connected) {
  apply_at(t0, connect("a", t0));
  EXPECT_EQ(at(t0 + 3 * 3'600'000).all.active_sessions, 1);  // the tutorial dropped it after 60 s
  apply_at(t0 + 3 * 3'600'000, disconnect("a", t0 + 3 * 3'600'000));
  const auto s = agg().snapshot();
  EXPECT_EQ(s.all.active_sessions, 0);
  EXPECT_EQ(s.all.sessions_ended_in_window, 1);
  EXPECT_DOUBLE_EQ(s.all.avg_session_duration_ms, 3 * 3'600'000.0);
}

TEST_F(rules, repeated_connect_of_an_open_session_counts_once) {
  apply_at(t0, connect("a", t0));
  apply_at(t0 + 10, connect("a", t0 + 10));
  const auto s = agg().snapshot();
  EXPECT_EQ(s.all.total_connections, 1);
  EXPECT_EQ(s.all.active_sessions, 1);
  EXPECT_EQ(s.counters.duplicate_connects, 1u);
}

TEST_F(rules, replayed_connect_and_disconnect_after_close_change_nothing) {
  apply_at(t0, connect("a", t0));
  apply_at(t0 + 100, disconnect("a", t0 + 100));
  apply_at(t0 + 200, connect("a", t0));          // resent after a source reconnect
  apply_at(t0 + 200, disconnect("a", t0 + 100));
  const auto s = agg().snapshot();
  EXPECT_EQ(s.all.total_connections, 1);
  EXPECT_EQ(s.all.active_sessions, 0);
  EXPECT_EQ(s.all.sessions_ended_in_window, 1);
  EXPECT_EQ(s.counters.duplicate_connects, 1u);
  EXPECT_EQ(s.counters.duplicate_disconnects, 1u);
}

TEST_F(rules, connect_after_the_recorded_end_is_a_new_session) {
  apply_at(t0, connect("a", t0));
  apply_at(t0 + 100, disconnect("a", t0 + 100));
  apply_at(t0 + 300, connect("a", t0 + 300));
  const auto s = agg().snapshot();
  EXPECT_EQ(s.all.total_connections, 2);
  EXPECT_EQ(s.all.active_sessions, 1);
}

TEST_F(rules, connect_arriving_after_its_disconnect_counts_where_it_belongs) {
  apply_at(t0 + 500, disconnect("a", t0 + 400));
  EXPECT_EQ(agg().snapshot().counters.unknown_session_disconnects, 1u);
  EXPECT_EQ(agg().snapshot().all.sessions_ended_in_window, 0);
  apply_at(t0 + 600, connect("a", t0 + 100));
  const auto s = agg().snapshot();
  EXPECT_EQ(s.all.total_connections, 1);
  EXPECT_EQ(s.all.active_sessions, 0);
  EXPECT_EQ(s.all.sessions_ended_in_window, 1);
  EXPECT_DOUBLE_EQ(s.all.avg_session_duration_ms, 300);
  EXPECT_EQ(s.counters.late_connects, 1u);
}

TEST_F(rules, messages_of_unknown_sessions_count_in_the_rate) {
  apply_at(t0, message("ghost", t0, direction::inbound));
  const auto s = agg().snapshot();
  EXPECT_EQ(s.all.messages_in_window, 1);
  EXPECT_EQ(s.counters.unknown_session_messages, 1u);
  EXPECT_EQ(s.all.active_sessions, 0);
  EXPECT_EQ(s.counters.tracked_sessions, 0);
}

TEST_F(rules, average_and_percentiles_cover_sessions_ended_within_the_window_only) {
  config.window_ms = 60'000;
  EXPECT_EQ(at(t0).all.avg_session_duration_ms, 0);
  EXPECT_FALSE(at(t0).all.duration_p50_ms.has_value());
  apply_at(t0, connect("a", t0));
  apply_at(t0, connect("b", t0));
  apply_at(t0 + 1'000, disconnect("a", t0 + 1'000));
  apply_at(t0 + 61'000, disconnect("b", t0 + 61'000));
  auto s = agg().snapshot();  // window (t0+1000, t0+61000]: only b
  EXPECT_EQ(s.all.sessions_ended_in_window, 1);
  EXPECT_DOUBLE_EQ(s.all.avg_session_duration_ms, 61'000);
  ASSERT_TRUE(s.all.duration_p99_ms.has_value());
  EXPECT_NEAR(*s.all.duration_p99_ms, 61'000, 610);
  s = at(t0 + 121'000);
  EXPECT_EQ(s.all.sessions_ended_in_window, 0);
  EXPECT_EQ(s.all.avg_session_duration_ms, 0);
}

TEST_F(rules, window_is_open_at_its_start_and_closed_at_now_at_any_millisecond) {
  config.window_ms = 1'234;
  apply_at(t0 + 7, message("x", t0 + 7));
  EXPECT_EQ(at(t0 + 7 + 1'233).all.messages_in_window, 1);
  EXPECT_EQ(at(t0 + 7 + 1'234).all.messages_in_window, 0);  // (now - window, now]
}

TEST_F(rules, messages_per_minute_scales_the_window_to_a_minute) {
  config.window_ms = 30'000;
  for (int i = 0; i < 15; ++i) apply_at(t0 + i, message("x", t0 + i, i % 3 == 0 ? direction::inbound : direction::outbound));
  const auto s = agg().snapshot();
  EXPECT_DOUBLE_EQ(s.all.messages_per_minute, 30);
  EXPECT_DOUBLE_EQ(s.all.inbound_messages_per_minute, 10);
  EXPECT_DOUBLE_EQ(s.all.outbound_messages_per_minute, 20);
}

TEST_F(rules, late_events_count_where_they_belong_and_too_old_ones_are_counted_apart) {
  config.window_ms = 10'000;
  apply_at(t0 + 20'000, message("x", t0 + 12'000));  // late but inside (t0+10000, t0+20000]
  apply_at(t0 + 20'000, message("x", t0 + 10'000));  // exactly at the open start: too old
  auto s = agg().snapshot();
  EXPECT_EQ(s.all.messages_in_window, 1);
  EXPECT_EQ(s.counters.too_old_events, 1u);
  EXPECT_EQ(at(t0 + 22'000).all.messages_in_window, 0);  // and it leaves when its time is up
}

TEST_F(rules, old_connects_still_open_sessions_and_count) {
  config.window_ms = 10'000;
  apply_at(t0 + 3'600'000, connect("a", t0));  // a backfilled connect from an hour ago
  const auto s = agg().snapshot();
  EXPECT_EQ(s.all.active_sessions, 1);
  EXPECT_EQ(s.all.total_connections, 1);
  EXPECT_EQ(s.counters.too_old_events, 1u);
}

TEST_F(rules, future_events_within_tolerance_are_clamped_to_now_beyond_are_refused) {
  config.future_tolerance_ms = 1'000;
  config.window_ms = 5'000;
  apply_at(t0, message("x", t0 + 1'000));
  apply_at(t0, message("x", t0 + 1'001));
  auto s = agg().snapshot();
  EXPECT_EQ(s.all.messages_in_window, 1);
  EXPECT_EQ(s.counters.future_events, 2u);
  EXPECT_EQ(s.counters.future_events_refused, 1u);
  EXPECT_EQ(s.counters.events_applied, 1u);
  EXPECT_EQ(at(t0 + 4'999).all.messages_in_window, 1);  // placed at t0, not t0+1000
  EXPECT_EQ(at(t0 + 5'000).all.messages_in_window, 0);
}

// Issue 12 item 3: clamping decides the window slot, never the duration.
TEST_F(rules, a_duration_is_the_difference_of_the_sessions_own_timestamps_whatever_the_skew) {
  config.future_tolerance_ms = 1'000;
  config.window_ms = 10'000;
  apply_at(t0, connect("ahead", t0 + 200));             // source clock 200 ms ahead: clamped to t0
  apply_at(t0 + 5'000, disconnect("ahead", t0 + 5'900)); // 900 ms ahead: clamped to t0 + 5000
  apply_at(t0 + 5'000, connect("behind", t0 + 4'000));  // source clock 1 s behind
  apply_at(t0 + 6'500, disconnect("behind", t0 + 5'500));
  auto s = agg().snapshot();
  EXPECT_EQ(s.all.sessions_ended_in_window, 2);
  EXPECT_DOUBLE_EQ(s.all.avg_session_duration_ms, (5'700.0 + 1'500.0) / 2);
  EXPECT_EQ(s.counters.future_events, 2u);
  EXPECT_EQ(at(t0 + 14'999).all.sessions_ended_in_window, 2);  // "ahead" ended in the slot of t0 + 5000
  EXPECT_EQ(at(t0 + 15'000).all.sessions_ended_in_window, 1);
}

TEST_F(rules, wall_clock_stepping_back_holds_now) {
  apply_at(t0 + 5'000, message("x", t0 + 5'000));
  clock.set(t0);
  EXPECT_EQ(agg().snapshot().taken_at_ms, t0 + 5'000);
}

TEST_F(rules, event_clock_is_the_newest_event_time_and_never_goes_back) {
  config.clock = clock_mode::event;
  config.window_ms = 1'000;
  agg().apply(message("x", t0 + 5'000));
  agg().apply(message("x", t0 + 4'500));  // late, still in (t0+4000, t0+5000]
  agg().apply(message("x", t0 + 3'000));  // too old
  clock.set(t0 + 999'999);                // the wall clock is ignored
  auto s = agg().snapshot();
  EXPECT_EQ(s.taken_at_ms, t0 + 5'000);
  EXPECT_EQ(s.all.messages_in_window, 2);
  EXPECT_EQ(s.counters.too_old_events, 1u);
  EXPECT_EQ(s.counters.future_events, 0u);
}

TEST_F(rules, idle_timeout_closes_silent_sessions_on_whole_seconds_and_counts_them_apart) {
  config.idle_timeout_ms = 10'000;
  apply_at(t0 + 200, connect("a", t0 + 200));
  apply_at(t0 + 5'000, message("a", t0 + 5'000));  // activity moves the deadline
  EXPECT_EQ(at(t0 + 14'999).all.active_sessions, 1);
  EXPECT_EQ(at(t0 + 15'000).all.active_sessions, 0);  // 5000 + 10000, on a whole second
  auto s = agg().snapshot();
  EXPECT_EQ(s.counters.idle_closed_sessions, 1u);
  EXPECT_EQ(s.all.sessions_ended_in_window, 0);  // not an observed end: not in the durations
  EXPECT_EQ(s.all.total_connections, 1);
  apply_at(t0 + 16'000, disconnect("a", t0 + 16'000));  // the real end, too late
  EXPECT_EQ(agg().snapshot().counters.duplicate_disconnects, 1u);
}

TEST_F(rules, idle_deadline_rounds_up_to_the_next_whole_second) {
  config.idle_timeout_ms = 1'000;
  apply_at(t0 + 1, connect("a", t0 + 1));
  EXPECT_EQ(at(t0 + 1'999).all.active_sessions, 1);  // deadline t0+1001 rounds up to t0+2000
  EXPECT_EQ(at(t0 + 2'000).all.active_sessions, 0);
}

TEST_F(rules, session_cap_refuses_new_connects_and_counts_them) {
  config.max_open_sessions = 2;
  apply_at(t0, connect("a", t0));
  apply_at(t0, connect("b", t0));
  apply_at(t0, connect("c", t0));
  apply_at(t0, message("c", t0));
  auto s = agg().snapshot();
  EXPECT_EQ(s.all.active_sessions, 2);
  EXPECT_EQ(s.all.total_connections, 2);
  EXPECT_EQ(s.counters.refused_by_cap, 1u);
  EXPECT_EQ(s.counters.unknown_session_messages, 1u);
  apply_at(t0 + 1, disconnect("a", t0 + 1));
  apply_at(t0 + 1, connect("c", t0 + 1));
  EXPECT_EQ(agg().snapshot().all.active_sessions, 2);
}

TEST_F(rules, closed_ids_are_forgotten_after_the_retention) {
  config.closed_retention_ms = 1'000;
  apply_at(t0, connect("a", t0));
  apply_at(t0 + 10, disconnect("a", t0 + 10));
  EXPECT_EQ(agg().snapshot().counters.tracked_sessions, 1);
  EXPECT_EQ(at(t0 + 1'010).counters.tracked_sessions, 0);
  apply_at(t0 + 1'010, connect("a", t0 + 5));  // a replay after the retention counts again
  EXPECT_EQ(agg().snapshot().all.total_connections, 2);
}

TEST_F(rules, remembered_closed_ids_are_evicted_oldest_first_at_their_cap) {
  config.max_closed_sessions = 2;
  for (const char* id : {"a", "b", "c"}) {
    apply_at(t0, connect(id, t0));
    apply_at(t0 + 1, disconnect(id, t0 + 1));
  }
  auto s = agg().snapshot();
  EXPECT_EQ(s.counters.closed_sessions_evicted, 1u);
  EXPECT_EQ(s.counters.tracked_sessions, 2);
  apply_at(t0 + 2, connect("a", t0));  // a forgotten: its replay opens it again
  apply_at(t0 + 2, connect("c", t0));  // c remembered: a duplicate
  s = agg().snapshot();
  EXPECT_EQ(s.all.active_sessions, 1);
  EXPECT_EQ(s.counters.duplicate_connects, 1u);
}

TEST_F(rules, daily_period_counts_from_midnight_at_the_offset_and_restarts) {
  config.period = counting_period::daily;
  config.period_utc_offset_minutes = 120;  // midnight at UTC+2 is 22:00 UTC
  const core::millis day = 86'400'000;
  const core::millis midnight = (t0 / day) * day + 22 * 3'600'000;  // 22:00 UTC of t0's day
  apply_at(midnight - 10, connect("a", midnight - 20'000));
  auto s = agg().snapshot();
  EXPECT_EQ(s.all.total_connections, 1);
  EXPECT_EQ(s.counting_since_ms, midnight - day);
  apply_at(midnight + 10, connect("b", midnight + 5));
  s = agg().snapshot();
  EXPECT_EQ(s.counting_since_ms, midnight);
  EXPECT_EQ(s.all.total_connections, 1);  // only b; a is still open but connected yesterday
  EXPECT_EQ(s.all.active_sessions, 2);
}

TEST_F(rules, daily_period_recounts_a_backfill_after_a_restart) {
  config.period = counting_period::daily;
  const core::millis day = 86'400'000;
  const core::millis midnight = (t0 / day + 1) * day;
  clock.set(midnight + 10 * 3'600'000);  // restarted at 10:00
  apply_at(midnight + 10 * 3'600'000, connect("early", midnight + 3'600'000));
  apply_at(midnight + 10 * 3'600'000, disconnect("early", midnight + 2 * 3'600'000));
  apply_at(midnight + 10 * 3'600'000, connect("yesterday", midnight - 1));
  const auto s = agg().snapshot();
  EXPECT_EQ(s.all.total_connections, 1);
  EXPECT_EQ(s.counting_since_ms, midnight);
}

TEST_F(rules, queue_transfer_moves_an_open_session) {
  apply_at(t0, connect("a", t0, "sales"));
  apply_at(t0 + 1, message("a", t0 + 1, direction::inbound, "support"));
  apply_at(t0 + 2, message("a", t0 + 2));
  auto s = agg().snapshot();
  ASSERT_EQ(s.queues.size(), 2u);
  EXPECT_EQ(s.queues[0].queue_id, "sales");
  EXPECT_EQ(s.find_queue("sales")->active_sessions, 0);
  EXPECT_EQ(s.find_queue("sales")->total_connections, 1);  // counted where it connected
  EXPECT_EQ(s.find_queue("support")->active_sessions, 1);
  EXPECT_EQ(s.find_queue("support")->messages_in_window, 2);
  EXPECT_EQ(s.counters.queue_transfers, 1u);
  apply_at(t0 + 3, disconnect("a", t0 + 3));
  s = agg().snapshot();
  EXPECT_EQ(s.find_queue("support")->sessions_ended_in_window, 1);
  EXPECT_EQ(s.find_queue("nowhere"), nullptr);
}

TEST_F(rules, transferred_moves_an_open_session_only) {
  const auto transferred = [](std::string id, core::millis t, std::string q) {
    return session_event{event_kind::transferred, std::move(id), t, std::move(q), direction::unknown};
  };
  apply_at(t0, connect("a", t0, "sales"));
  apply_at(t0 + 1, transferred("a", t0 + 1, "support"));
  apply_at(t0 + 2, transferred("gone", t0 + 2, "support"));  // unknown: nothing to move, nothing counted
  auto s = agg().snapshot();
  EXPECT_EQ(s.find_queue("sales")->active_sessions, 0);
  EXPECT_EQ(s.find_queue("sales")->total_connections, 1);
  EXPECT_EQ(s.find_queue("support")->active_sessions, 1);
  EXPECT_EQ(s.find_queue("support")->total_connections, 0);
  EXPECT_EQ(s.all.active_sessions, 1);
  EXPECT_EQ(s.all.messages_in_window, 0);
  EXPECT_EQ(s.counters.queue_transfers, 1u);
}

// Recovered after a gap, events come late: a transfer first, then messages sent before it. The
// session stays in the queue it was transferred to; each late message counts in its own queue.
TEST_F(rules, an_older_event_delivered_late_does_not_move_a_session_back) {
  const auto transferred = [](std::string id, core::millis t, std::string q) {
    return session_event{event_kind::transferred, std::move(id), t, std::move(q), direction::unknown};
  };
  apply_at(t0, connect("a", t0, "sales"));
  apply_at(t0 + 10, transferred("a", t0 + 10, "support"));
  apply_at(t0 + 11, message("a", t0 + 5, direction::inbound, "sales"));  // sent before the transfer
  apply_at(t0 + 12, transferred("a", t0 + 8, "billing"));              // an older transfer, late
  auto s = agg().snapshot();
  EXPECT_EQ(s.find_queue("sales")->active_sessions, 0);
  EXPECT_EQ(s.find_queue("support")->active_sessions, 1);
  EXPECT_EQ(s.find_queue("sales")->messages_in_window, 1);
  EXPECT_EQ(s.find_queue("support")->messages_in_window, 0);
  EXPECT_EQ(s.find_queue("billing")->active_sessions, 0);
  EXPECT_EQ(s.counters.queue_transfers, 1u);
  // A newer event still moves it, and the end counts where the session was.
  apply_at(t0 + 13, message("a", t0 + 13, direction::outbound, "billing"));
  apply_at(t0 + 14, disconnect("a", t0 + 14));
  s = agg().snapshot();
  EXPECT_EQ(s.find_queue("support")->active_sessions, 0);
  EXPECT_EQ(s.find_queue("billing")->sessions_ended_in_window, 1);
  EXPECT_EQ(s.counters.queue_transfers, 2u);
}

TEST_F(rules, queues_beyond_the_cap_are_folded_into_no_queue) {
  config.max_queues = 1;
  apply_at(t0, message("x", t0, direction::unknown, "q1"));
  apply_at(t0, message("x", t0, direction::unknown, "q2"));
  const auto s = agg().snapshot();
  EXPECT_EQ(s.queues.size(), 1u);
  EXPECT_EQ(s.all.messages_in_window, 2);
  EXPECT_EQ(s.counters.queues_refused, 1u);
}

TEST_F(rules, window_record_cap_refuses_and_counts) {
  config.max_window_records = 2;
  config.window_ms = 1'000;
  for (int i = 0; i < 3; ++i) apply_at(t0, message("x", t0));
  auto s = agg().snapshot();
  EXPECT_EQ(s.all.messages_in_window, 2);
  EXPECT_EQ(s.counters.window_records_refused, 1u);
  apply_at(t0 + 1'000, message("x", t0 + 1'000));  // the first two expired: room again
  EXPECT_EQ(agg().snapshot().all.messages_in_window, 1);
}

TEST_F(rules, batch_apply_equals_one_by_one) {
  std::vector<session_event> batch;
  for (int i = 0; i < 100; ++i) {
    batch.push_back(connect("s" + std::to_string(i % 37), t0 - i));
    batch.push_back(message("s" + std::to_string(i % 41), t0 - i, direction::outbound));
    if (i % 3 == 0) batch.push_back(disconnect("s" + std::to_string(i % 29), t0));
  }
  aggregator one(config, clock), many(config, clock);
  for (const auto& e : batch) one.apply(e);
  many.apply(batch);
  const auto a = one.snapshot(), b = many.snapshot();
  EXPECT_EQ(a.all.active_sessions, b.all.active_sessions);
  EXPECT_EQ(a.all.total_connections, b.all.total_connections);
  EXPECT_EQ(a.all.messages_in_window, b.all.messages_in_window);
  EXPECT_EQ(a.all.sessions_ended_in_window, b.all.sessions_ended_in_window);
  EXPECT_EQ(a.counters.duplicate_connects, b.counters.duplicate_connects);
}

TEST(aggregator_config, invalid_settings_are_refused_with_a_reason) {
  core::manual_clock clock;
  aggregator_config c;
  EXPECT_EQ(c.validate(), "");
  c.window_ms = 0;
  EXPECT_NE(c.validate(), "");
  EXPECT_THROW(aggregator(c, clock), std::invalid_argument);
  c = {};
  c.period_utc_offset_minutes = 15 * 60;
  EXPECT_NE(c.validate(), "");
}

}  // namespace
}  // namespace wmpulse::metrics

// ---- wall clock steps (issue 10) ---------------------------------------------------------------
namespace wmpulse::metrics {
namespace {

constexpr core::millis hour = 3'600'000;

TEST_F(rules, wall_clock_stepping_far_back_rewinds_the_window_instead_of_freezing_it) {
  config.window_ms = 10'000;
  apply_at(t0 + 5'000, message("x", t0 + 5'000));
  clock.step_wall(-hour);  // the host's time is corrected back by an hour
  const core::millis wall = t0 + 5'000 - hour;
  agg().apply(message("y", wall));
  auto s = agg().snapshot();
  EXPECT_EQ(s.taken_at_ms, wall) << "now is held an hour ahead: the window is frozen";
  EXPECT_EQ(s.counters.too_old_events, 0u) << "events stamped at the corrected time count as too old";
  EXPECT_EQ(s.all.messages_in_window, 1) << "only what the window reaches from the new now";
  EXPECT_EQ(s.counters.clock_steps_back, 1u);
  clock.advance(9'999);
  EXPECT_EQ(agg().snapshot().all.messages_in_window, 1);
  clock.advance(1);
  EXPECT_EQ(agg().snapshot().all.messages_in_window, 0);  // and the window moves on again
}

TEST_F(rules, a_wrong_step_forward_then_its_correction_leaves_later_events_counted) {
  config.window_ms = 10'000;
  apply_at(t0, connect("s", t0));
  clock.step_wall(hour);  // wrong: an hour ahead
  agg().apply(message("s", t0 + 1));
  EXPECT_EQ(agg().snapshot().counters.too_old_events, 1u);  // expected while the clock is wrong
  clock.step_wall(-hour);  // corrected
  clock.advance(1'000);
  agg().apply(message("s", t0 + 1'000));
  auto s = agg().snapshot();
  EXPECT_EQ(s.counters.too_old_events, 1u) << "events after the correction must not be too old";
  EXPECT_EQ(s.all.messages_in_window, 1);
  EXPECT_EQ(s.all.active_sessions, 1);
  EXPECT_EQ(s.taken_at_ms, t0 + 1'000);
}

TEST_F(rules, idle_timeout_still_closes_sessions_after_a_step_back) {
  config.idle_timeout_ms = 10'000;
  apply_at(t0, connect("s", t0));
  clock.step_wall(-hour);
  agg().apply(connect("n", t0 - hour));
  clock.advance(12'000);
  auto s = agg().snapshot();
  EXPECT_EQ(s.counters.idle_closed_sessions, 1u);  // "n"; "s" was last seen an hour ahead of now
  EXPECT_EQ(s.all.active_sessions, 1);
}

TEST_F(rules, a_small_step_back_is_still_held) {
  config.clock_step_hold_ms = 5'000;
  apply_at(t0 + 5'000, message("x", t0 + 5'000));
  clock.step_wall(-5'000);
  EXPECT_EQ(agg().snapshot().taken_at_ms, t0 + 5'000);
  EXPECT_EQ(agg().snapshot().counters.clock_steps_back, 0u);
}

// Event clock: one batch spanning several seconds reports each second that ends, with the
// figures as it ended (its last event applied, the next second's first not yet), from inside
// the one apply(batch); the first event and the second still running report nothing.
TEST_F(rules, a_batch_spanning_seconds_reports_each_ended_second_as_it_ended) {
  config.clock = clock_mode::event;
  std::vector<std::shared_ptr<const metrics_snapshot>> ended;
  agg().on_second_ended([&](std::shared_ptr<const metrics_snapshot> s) { ended.push_back(std::move(s)); });
  const std::vector<session_event> batch{connect("a", t0 + 100),  connect("b", t0 + 900),
                                         message("a", t0 + 999),  connect("c", t0 + 1'000),
                                         disconnect("b", t0 + 3'500), connect("d", t0 + 3'600)};
  agg().apply(batch);
  EXPECT_EQ(agg().snapshot().counters.batches_applied, 1u);
  ASSERT_EQ(ended.size(), 2u) << "seconds t0 and t0+1 ended (t0+2 had no event), t0+3 still runs";
  EXPECT_EQ(ended[0]->taken_at_ms, t0 + 999);
  EXPECT_EQ(ended[0]->all.active_sessions, 2);
  EXPECT_EQ(ended[0]->all.messages_per_minute, 1);
  EXPECT_EQ(ended[0]->all.total_connections, 2);
  EXPECT_EQ(ended[1]->taken_at_ms, t0 + 1'000);
  EXPECT_EQ(ended[1]->all.active_sessions, 3);
  EXPECT_EQ(ended[1]->all.total_connections, 3);
  agg().apply(message("d", t0 + 3'700));  // same second: nothing ends
  EXPECT_EQ(ended.size(), 2u);
}

TEST_F(rules, the_second_ended_handler_is_not_called_in_wall_mode) {
  int calls = 0;
  agg().on_second_ended([&](std::shared_ptr<const metrics_snapshot>) { ++calls; });
  apply_at(t0 + 100, connect("a", t0 + 100));
  apply_at(t0 + 5'000, connect("b", t0 + 5'000));
  at(t0 + 9'000);
  EXPECT_EQ(calls, 0) << "the service's ticks record the wall clock's seconds";
}

}  // namespace
}  // namespace wmpulse::metrics
