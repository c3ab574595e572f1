// The counts kept since the start (Prometheus counters and histograms): never windowed, never
// reset by the daily period, by queue as well as overall, one bucket per observation.
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

session_event ev(event_kind k, std::string id, core::millis t, std::string q = {}, core::millis start = 0,
                 direction d = direction::unknown) {
  session_event e{k, std::move(id), t, std::move(q), d};
  e.start_ms = start;
  return e;
}

struct since_start : ::testing::Test {
  core::manual_clock clock{t0};
  aggregator_config config = [] {
    aggregator_config c;
    c.contact_figures = true;
    c.clock = clock_mode::event;
    c.window_ms = 60'000;
    return c;
  }();
  aggregator& agg() {
    if (!agg_) agg_ = std::make_unique<aggregator>(config, clock);
    return *agg_;
  }
  void apply(const session_event& e) { agg().apply(e); }

private:
  std::unique_ptr<aggregator> agg_;
};

TEST(duration_histogram, a_bound_belongs_to_its_own_bucket_and_the_rest_to_inf) {
  answer_wait_histogram h;
  h.observe(0);
  h.observe(20'000);
  h.observe(20'001);
  h.observe(4 * 3'600'000);
  EXPECT_EQ(h.cumulative(0), 1u);  // le 5 s
  EXPECT_EQ(h.cumulative(3), 2u);  // le 20 s: the bound itself is in
  EXPECT_EQ(h.cumulative(4), 3u);  // le 30 s
  EXPECT_EQ(h.cumulative(answer_wait_bounds_ms.size() - 1), 3u);
  EXPECT_EQ(h.cumulative(answer_wait_bounds_ms.size()), 4u);  // +Inf
  EXPECT_EQ(h.count, 4u);
  EXPECT_EQ(h.sum_ms, 40'001 + 4 * 3'600'000);
}

TEST_F(since_start, counters_outlive_the_window) {
  apply(ev(event_kind::connected, "a", t0, "q1"));
  apply(ev(event_kind::message, "a", t0 + 1'000, "q1", 0, direction::inbound));
  apply(ev(event_kind::message, "a", t0 + 2'000, "q1", 0, direction::outbound));
  apply(ev(event_kind::disconnected, "a", t0 + 45'000, "q1"));
  apply(ev(event_kind::connected, "b", t0 + 10 * 60'000));  // no queue; the window has moved past "a"
  const auto s = agg().snapshot();
  EXPECT_EQ(s.all.sessions_ended_in_window, 0);
  EXPECT_EQ(s.all.since_start.connections, 2u);
  EXPECT_EQ(s.all.since_start.messages[1], 1u);
  EXPECT_EQ(s.all.since_start.messages[2], 1u);
  EXPECT_EQ(s.all.since_start.session_durations.count, 1u);
  EXPECT_EQ(s.all.since_start.session_durations.sum_ms, 45'000);
  EXPECT_EQ(s.all.since_start.session_durations.cumulative(1), 1u);  // le 60 s
  EXPECT_EQ(s.all.since_start.session_durations.cumulative(0), 0u);  // le 30 s
  const auto* q1 = s.find_queue("q1");
  ASSERT_NE(q1, nullptr);
  EXPECT_EQ(q1->since_start.connections, 1u);
  EXPECT_EQ(q1->since_start.messages[1], 1u);
  EXPECT_EQ(q1->since_start.session_durations.count, 1u);
}

TEST_F(since_start, the_daily_period_resets_period_connections_but_not_the_counter) {
  config.clock = clock_mode::wall;
  config.period = counting_period::daily;
  clock.set(86'400'000LL * 20000 - 1'000);  // one second before a UTC midnight
  apply(ev(event_kind::connected, "a", clock.now_ms()));
  clock.set(86'400'000LL * 20000 + 1'000);
  apply(ev(event_kind::connected, "b", clock.now_ms()));
  const auto s = agg().snapshot();
  EXPECT_EQ(s.all.total_connections, 1);
  EXPECT_EQ(s.all.since_start.connections, 2u);
}

TEST_F(since_start, queue_outcomes_and_answer_waits_count_where_they_happened) {
  apply(ev(event_kind::connected, "a", t0, "q1"));
  apply(ev(event_kind::queued, "a", t0 + 1'000, "q1"));
  apply(ev(event_kind::answered, "a", t0 + 16'000, "q1", t0 + 1'000));  // waited 15 s
  apply(ev(event_kind::connected, "b", t0 + 2'000, "q2"));
  apply(ev(event_kind::queued, "b", t0 + 2'000, "q2"));
  apply(ev(event_kind::abandoned, "b", t0 + 9'000, "q2", t0 + 2'000));
  const auto s = agg().snapshot();
  EXPECT_EQ(s.all.since_start.offered, 2u);
  EXPECT_EQ(s.all.since_start.answered, 1u);
  EXPECT_EQ(s.all.since_start.abandoned, 1u);
  EXPECT_EQ(s.all.since_start.answer_waits.count, 1u);
  EXPECT_EQ(s.all.since_start.answer_waits.cumulative(1), 0u);  // le 10 s
  EXPECT_EQ(s.all.since_start.answer_waits.cumulative(2), 1u);  // le 15 s
  EXPECT_EQ(s.find_queue("q1")->since_start.answered, 1u);
  EXPECT_EQ(s.find_queue("q1")->since_start.abandoned, 0u);
  EXPECT_EQ(s.find_queue("q2")->since_start.abandoned, 1u);
  EXPECT_EQ(s.find_queue("q2")->since_start.answer_waits.count, 0u);
}

TEST_F(since_start, a_stale_span_is_not_counted_twice) {
  apply(ev(event_kind::connected, "a", t0, "q1"));
  apply(ev(event_kind::answered, "a", t0 + 16'000, "q1", t0 + 1'000));
  apply(ev(event_kind::answered, "a", t0 + 16'000, "q1", t0 + 1'000));  // the same span again
  EXPECT_EQ(agg().snapshot().all.since_start.answered, 1u);
}

}  // namespace
}  // namespace wmpulse::metrics
