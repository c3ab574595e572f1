#include "metrics/history.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace wmpulse::metrics {
namespace {

constexpr core::millis t0 = 1'700'000'000'000;

metrics_snapshot snap(core::millis at, std::int64_t active, std::vector<std::string> queues = {}) {
  metrics_snapshot s;
  s.taken_at_ms = at;
  s.all.active_sessions = active;
  for (auto& q : queues) {
    window_metrics m;
    m.active_sessions = active * 10;
    s.queues.push_back({q, m});
  }
  return s;
}

TEST(history, points_every_step_over_the_last_seconds_oldest_first) {
  history h(3600);
  for (int i = 0; i < 10; ++i) h.record(snap(t0 + i * 1'000 + 250, i));
  auto p = h.query(5, 2);
  ASSERT_EQ(p.size(), 3u);  // seconds 9, 7, 5 (newest is 9), returned oldest first
  EXPECT_EQ(p[0].metrics.active_sessions, 5);
  EXPECT_EQ(p[1].metrics.active_sessions, 7);
  EXPECT_EQ(p[2].metrics.active_sessions, 9);
  EXPECT_EQ(p[2].at_ms, t0 + 9'250);
}

TEST(history, a_later_snapshot_of_the_same_second_replaces_the_earlier) {
  history h;
  h.record(snap(t0 + 100, 1));
  h.record(snap(t0 + 900, 2));
  auto p = h.query(60, 1);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].metrics.active_sessions, 2);
}

TEST(history, seconds_without_a_snapshot_are_skipped) {
  history h;
  h.record(snap(t0, 1));
  h.record(snap(t0 + 3'000, 2));
  EXPECT_EQ(h.query(10, 1).size(), 2u);
}

TEST(history, the_ring_keeps_only_the_capacity) {
  history h(5);
  for (int i = 0; i < 12; ++i) h.record(snap(t0 + i * 1'000, i));
  auto p = h.query(100, 1);  // capped at the capacity
  ASSERT_EQ(p.size(), 5u);
  EXPECT_EQ(p.front().metrics.active_sessions, 7);
  h.record(snap(t0, 99));  // older than the ring holds: ignored
  EXPECT_EQ(h.query(100, 1).front().metrics.active_sessions, 7);
}

TEST(history, per_queue_points_and_the_queue_cap) {
  history h(60, 1);
  h.record(snap(t0, 1, {"a", "b"}));
  h.record(std::make_shared<const metrics_snapshot>(snap(t0 + 1'000, 2, {"a", "b"})));
  auto a = h.query(60, 1, std::string("a"));
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[1].metrics.active_sessions, 20);
  EXPECT_TRUE(h.query(60, 1, std::string("b")).empty());  // beyond the cap of one queue
  EXPECT_TRUE(h.query(60, 1, std::string("nope")).empty());
}

TEST(history, bad_arguments_and_empty_history_answer_nothing) {
  history h;
  EXPECT_TRUE(h.query(60, 1).empty());
  h.record(snap(t0, 1));
  EXPECT_TRUE(h.query(0, 1).empty());
  EXPECT_TRUE(h.query(60, 0).empty());
  EXPECT_TRUE(h.query(-1, 5).empty());
}

TEST(history, readers_and_the_writer_run_concurrently) {
  history h(100);
  std::atomic<bool> done{false};
  std::vector<std::thread> readers;
  std::atomic<int> bad{0};
  for (int r = 0; r < 3; ++r)
    readers.emplace_back([&] {
      while (!done.load()) {
        auto p = h.query(100, 1);
        for (std::size_t i = 1; i < p.size(); ++i)
          if (p[i].at_ms <= p[i - 1].at_ms) ++bad;
      }
    });
  for (int i = 0; i < 5'000; ++i) h.record(snap(t0 + i * 1'000, i));
  done = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_EQ(h.query(100, 1).back().metrics.active_sessions, 4'999);
}

}  // namespace
}  // namespace wmpulse::metrics
