// One hand-written case per rule of docs/METRICS.md "Queue figures".
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "metrics/aggregator.hpp"

namespace wmpulse::metrics {
namespace {

using events::direction;
using events::event_kind;
using events::session_event;

constexpr core::millis t0 = 1'700'000'000'000;

session_event ev(event_kind k, core::millis t, std::string q = {}, core::millis start = 0) {
  session_event e{k, "c", t, std::move(q), direction::unknown};
  e.start_ms = start;
  return e;
}

struct queue_figures : ::testing::Test {
  core::manual_clock clock{t0};
  aggregator_config config = [] {
    aggregator_config c;
    c.contact_figures = true;
    c.window_ms = 600'000;
    return c;
  }();
  aggregator& agg() {
    if (!agg_) agg_ = std::make_unique<aggregator>(config, clock);
    return *agg_;
  }
  void apply(const session_event& e) { agg().apply(e); }
  contact_metrics all() { return agg().snapshot().all.contact.value(); }
  contact_metrics queue(const std::string& q) { return agg().snapshot().find_queue(q)->contact.value(); }

private:
  std::unique_ptr<aggregator> agg_;
};

TEST_F(queue_figures, are_null_when_the_source_knows_no_queues_or_agents) {
  config.contact_figures = false;
  apply(ev(event_kind::connected, t0, "a"));
  apply(ev(event_kind::queued, t0, "a"));
  const auto s = agg().snapshot();
  EXPECT_FALSE(s.all.contact.has_value());
  EXPECT_FALSE(s.find_queue("a")->contact.has_value());
}

TEST_F(queue_figures, a_session_waits_from_queue_entry_and_interacts_from_the_agent_connect) {
  apply(ev(event_kind::connected, t0, "a"));
  apply(ev(event_kind::queued, t0 + 1'000, "a"));
  clock.set(t0 + 8'000);
  auto m = queue("a");
  EXPECT_EQ(m.waiting, 1);
  EXPECT_EQ(m.longest_waiting_ms, 7'000);
  EXPECT_EQ(m.offered, 1);
  apply(ev(event_kind::answered, t0 + 6'000, "a", t0 + 1'000));
  m = queue("a");
  EXPECT_EQ(m.waiting, 0);
  EXPECT_EQ(m.interacting, 1);
  EXPECT_FALSE(m.longest_waiting_ms.has_value());
  EXPECT_EQ(m.average_speed_of_answer_ms, 5'000.0);
  apply(ev(event_kind::agent_ended, t0 + 8'000, "a", t0 + 6'000));
  m = all();
  EXPECT_EQ(m.interacting, 0);
  EXPECT_EQ(m.avg_handle_ms, 2'000.0);
}

TEST_F(queue_figures, an_abandon_at_the_short_threshold_is_short_one_ms_later_is_not) {
  config.short_abandon_ms = 10'000;
  config.service_level_target_ms = 20'000;
  // Four conversations: one id's earlier visit reported after a later one would be stale.
  auto of = [](session_event e, const char* id) {
    e.session_id = id;
    return e;
  };
  apply(of(ev(event_kind::abandoned, t0, "a", t0 - 10'000), "c1"));
  apply(of(ev(event_kind::abandoned, t0, "a", t0 - 10'001), "c2"));
  apply(of(ev(event_kind::answered, t0, "a", t0 - 20'000), "c3"));  // in target
  apply(of(ev(event_kind::answered, t0, "a", t0 - 20'001), "c4"));  // missed it
  const auto m = queue("a");
  EXPECT_EQ(m.abandoned, 2);
  EXPECT_EQ(m.short_abandoned, 1);
  EXPECT_EQ(m.abandon_rate, 0.5);
  EXPECT_EQ(m.service_level, 1.0 / 3.0);  // 1 in target / (2 answered + 2 abandoned - 1 short)
  EXPECT_EQ(m.service_level_target_ms, 20'000);
}

TEST_F(queue_figures, a_transfer_offers_the_session_again_in_the_new_queue_and_is_no_abandon) {
  apply(ev(event_kind::connected, t0, "a"));
  apply(ev(event_kind::queued, t0, "a"));
  apply(ev(event_kind::queued, t0 + 3'000, "b"));  // "a"'s acd part ended by transfer: no event
  EXPECT_EQ(queue("a").waiting, 0);
  EXPECT_EQ(queue("b").waiting, 1);
  EXPECT_EQ(queue("a").offered, 1);
  EXPECT_EQ(queue("b").offered, 1);
  EXPECT_FALSE(queue("a").abandon_rate.has_value());
  EXPECT_EQ(agg().snapshot().find_queue("b")->active_sessions, 1);
  apply(ev(event_kind::answered, t0 + 4'000, "b", t0 + 3'000));
  EXPECT_EQ(queue("b").interacting, 1);
  EXPECT_EQ(queue("b").average_speed_of_answer_ms, 1'000.0);  // from the entry into "b"
}

TEST_F(queue_figures, duplicated_and_out_of_order_events_count_once_and_leave_the_same_state) {
  apply(ev(event_kind::connected, t0, "a"));
  apply(ev(event_kind::answered, t0 + 4'000, "a", t0 + 1'000));  // before its queue entry
  apply(ev(event_kind::queued, t0 + 1'000, "a"));
  apply(ev(event_kind::answered, t0 + 4'000, "a", t0 + 1'000));  // a duplicate
  const auto s = agg().snapshot();
  EXPECT_EQ(s.all.contact->interacting, 1);
  EXPECT_EQ(s.all.contact->waiting, 0);
  EXPECT_EQ(s.all.contact->answered, 1);
  EXPECT_EQ(s.all.contact->offered, 1);
  EXPECT_EQ(s.counters.stale_contact_events, 1u);
}

// A stream can hold a session's contact events ahead of its connect (a publish the cluster's
// stream did not acknowledge is sent again after later ones): the state comes out the same.
TEST_F(queue_figures, contact_events_ahead_of_the_connect_are_kept_for_the_session) {
  clock.set(t0 + 5'000);
  apply(ev(event_kind::answered, t0 + 4'000, "a", t0 + 1'000));
  apply(ev(event_kind::connected, t0, "a"));
  apply(ev(event_kind::queued, t0 + 1'000, "a"));
  const auto s = agg().snapshot();
  EXPECT_EQ(s.all.contact->interacting, 1);
  EXPECT_EQ(s.all.contact->waiting, 0);
  EXPECT_EQ(s.find_queue("a")->active_sessions, 1);
  EXPECT_EQ(s.counters.unknown_session_contact_events, 1u);
  EXPECT_EQ(s.counters.stale_contact_events, 0u);
}

TEST_F(queue_figures, a_queue_entry_ahead_of_the_connect_moves_the_session_to_its_queue) {
  apply(ev(event_kind::queued, t0 + 1'000, "b"));
  apply(ev(event_kind::connected, t0, "a"));
  clock.set(t0 + 5'000);
  const auto s = agg().snapshot();
  EXPECT_EQ(s.find_queue("a")->active_sessions, 0);
  EXPECT_EQ(s.find_queue("b")->active_sessions, 1);
  EXPECT_EQ(s.find_queue("b")->contact->waiting, 1);
  EXPECT_EQ(s.find_queue("b")->contact->longest_waiting_ms, 4'000);
  EXPECT_EQ(s.find_queue("a")->total_connections, 1) << "the connect counts where it was made";
}

TEST_F(queue_figures, a_session_ended_before_its_connect_arrived_keeps_no_gauge) {
  clock.set(t0 + 10'000);
  apply(ev(event_kind::queued, t0 + 1'000, "a"));
  apply(ev(event_kind::disconnected, t0 + 9'000, "a"));
  apply(ev(event_kind::connected, t0, "a"));
  const auto s = agg().snapshot();
  EXPECT_EQ(s.all.contact->waiting, 0);
  EXPECT_EQ(s.all.active_sessions, 0);
  EXPECT_EQ(s.all.sessions_ended_in_window, 1);
  EXPECT_EQ(s.all.avg_session_duration_ms, 9'000.0);
  EXPECT_EQ(s.counters.late_connects, 1u);
  EXPECT_EQ(s.counters.duplicate_disconnects, 0u);
}

TEST_F(queue_figures, response_times_are_measured_from_each_customer_message) {
  auto reply = [](core::millis at, core::millis to, bool first) {
    auto e = ev(event_kind::responded, at, "a", to);
    e.first_response = first;
    return e;
  };
  clock.set(t0 + 10'000);
  apply(reply(t0 + 9'000, t0 + 1'000, true));
  apply(reply(t0 + 9'000, t0 + 5'000, false));
  const auto m = all();
  EXPECT_EQ(m.avg_first_response_ms, 8'000.0);
  EXPECT_EQ(m.avg_agent_response_ms, 6'000.0);
}

// A cluster's stream can hold a session's replies out of order (a publish sent again after later
// ones): a reply that arrives after up to two later ones still counts; a repeat never does.
TEST_F(queue_figures, a_reply_arriving_after_up_to_two_later_ones_counts_and_a_repeat_does_not) {
  auto reply = [](core::millis at, core::millis to) { return ev(event_kind::responded, at, "a", to); };
  clock.set(t0 + 100'000);
  apply(ev(event_kind::connected, t0, "a"));
  apply(reply(t0 + 50'000, t0 + 40'000));  // 10 s
  apply(reply(t0 + 40'000, t0 + 30'000));  // 10 s
  apply(reply(t0 + 12'000, t0 + 10'000));  // 2 s, after two later ones: counted
  apply(reply(t0 + 40'000, t0 + 30'000));  // a repeat
  apply(reply(t0 + 12'000, t0 + 10'000));  // a repeat below the two latest
  apply(reply(t0 + 25'000, t0 + 20'000));  // 5 s, below the two latest but above the floor: counted
  apply(reply(t0 + 8'000, t0 + 5'000));    // below the floor (more than two later ones came first)
  const auto s = agg().snapshot();
  EXPECT_EQ(s.all.contact->avg_agent_response_ms, (10'000.0 + 10'000 + 2'000 + 5'000) / 4);
  EXPECT_EQ(s.find_queue("a")->contact->avg_agent_response_ms, (10'000.0 + 10'000 + 2'000 + 5'000) / 4);
  EXPECT_EQ(s.counters.stale_contact_events, 3u);
}

TEST_F(queue_figures, spans_are_the_difference_of_their_own_timestamps_under_skew) {
  config.future_tolerance_ms = 2'000;
  apply(ev(event_kind::answered, t0 + 1'500, "a", t0 - 3'000));  // stamped ahead: placed at t0
  EXPECT_EQ(all().average_speed_of_answer_ms, 4'500.0);
}

TEST_F(queue_figures, each_answer_is_judged_by_its_own_queues_service_level_target) {
  config.service_level_target_ms = 20'000;
  agg().set_service_level_targets({{"fast", 5'000}});
  auto answered = [&](const char* id, const char* q, core::millis wait) {
    auto e = ev(event_kind::answered, t0, q, t0 - wait);
    e.session_id = id;
    apply(e);
  };
  answered("a", "fast", 5'000);   // at its queue's target: in
  answered("b", "fast", 5'001);   // past it, though within the default
  answered("c", "slow", 20'000);  // the default target
  answered("d", "slow", 20'001);
  EXPECT_EQ(queue("fast").service_level, 0.5);
  EXPECT_EQ(queue("fast").service_level_target_ms, 5'000);
  EXPECT_EQ(queue("slow").service_level, 0.5);
  EXPECT_EQ(queue("slow").service_level_target_ms, 20'000);
  EXPECT_EQ(all().service_level, 0.5) << "all queues: each answer counted against its queue's target";
  EXPECT_EQ(all().service_level_target_ms, 20'000);
}

TEST_F(queue_figures, a_changed_target_applies_to_the_answers_counted_after_it) {
  agg().set_service_level_targets({{"q", 5'000}});
  auto first = ev(event_kind::answered, t0, "q", t0 - 10'000);
  apply(first);  // out of a 5 s target
  agg().set_service_level_targets({{"q", 15'000}});
  auto second = ev(event_kind::answered, t0, "q", t0 - 10'000);
  second.session_id = "other";
  apply(second);  // within 15 s
  EXPECT_EQ(queue("q").service_level, 0.5);
  clock.set(t0 + config.window_ms);  // both expire: the counts go back to zero, never negative
  EXPECT_EQ(queue("q").answered, 0);
  EXPECT_FALSE(queue("q").service_level.has_value());
}

TEST_F(queue_figures, the_longest_wait_is_the_oldest_waiting_entry_across_queues) {
  for (const auto* id : {"x", "y", "z"}) {
    auto c = ev(event_kind::connected, t0, "a");
    c.session_id = id;
    apply(c);
  }
  auto queued = [&](const char* id, core::millis t, const char* q) {
    auto e = ev(event_kind::queued, t, q);
    e.session_id = id;
    apply(e);
  };
  queued("x", t0 + 2'000, "a");
  queued("y", t0 + 1'000, "b");
  queued("z", t0 + 3'000, "a");
  clock.set(t0 + 10'000);
  EXPECT_EQ(all().longest_waiting_ms, 9'000);
  EXPECT_EQ(queue("a").longest_waiting_ms, 8'000);
  auto gone = ev(event_kind::disconnected, t0 + 10'000, "b");
  gone.session_id = "y";
  apply(gone);
  EXPECT_EQ(all().longest_waiting_ms, 8'000);
  EXPECT_EQ(all().waiting, 2);
}

}  // namespace
}  // namespace wmpulse::metrics
