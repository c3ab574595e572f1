#include "metrics/history.hpp"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <chrono>
#include <string>
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

// What a reader may see while the writer records second i with active_sessions i: the last
// min(capacity, newest + 1) seconds, every one present (the writer skips none), oldest first,
// each point the snapshot of its own second. Empty string when the answer is such a cut.
std::string history_cut_problem(const std::vector<history_point>& p, std::int64_t capacity) {
  if (p.empty()) return "empty answer after the first record";
  const auto newest = p.back().metrics.active_sessions;
  if (static_cast<std::int64_t>(p.size()) != std::min(capacity, newest + 1))
    return std::to_string(p.size()) + " points with newest second " + std::to_string(newest);
  for (std::size_t i = 0; i < p.size(); ++i) {
    const auto second = newest - static_cast<std::int64_t>(p.size() - 1 - i);
    if (p[i].metrics.active_sessions != second || p[i].at_ms != t0 + second * 1'000)
      return "point " + std::to_string(i) + " is not second " + std::to_string(second);
  }
  return "";
}

TEST(history, readers_see_whole_contiguous_answers_while_the_writer_records) {
  constexpr std::int64_t capacity = 100;
  constexpr int seconds = 5'000, checkpoint_every = 250, reader_count = 3;
  history h(capacity);
  h.record(snap(t0, 0));
  std::atomic<bool> done{false};
  struct reader_state {
    std::atomic<std::int64_t> newest{0};
    int seen = 0, distinct = 0, problems = 0;
    std::string first_problem;
  };
  std::array<reader_state, reader_count> states;
  std::vector<std::thread> readers;
  for (auto& st : states)
    readers.emplace_back([&] {
      for (bool finished = false; !finished;) {
        finished = done.load(std::memory_order_acquire);
        const auto p = h.query(capacity, 1);
        auto problem = history_cut_problem(p, capacity);
        const auto newest = p.empty() ? -1 : p.back().metrics.active_sessions;
        if (problem.empty() && newest < st.newest.load()) problem = "the newest second went back";
        if (!problem.empty() && st.problems++ == 0) st.first_problem = problem;
        ++st.seen;
        if (newest > st.newest.load()) ++st.distinct;
        st.newest.store(std::max(newest, st.newest.load()), std::memory_order_release);
      }
    });
  // At every checkpoint the writer waits (bounded) until each reader has seen it, so the readers
  // provably query while the writer records.
  const auto readers_reach = [&](std::int64_t second) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (auto& st : states)
      while (st.newest.load(std::memory_order_acquire) < second) {
        if (std::chrono::steady_clock::now() > until) return false;
        std::this_thread::yield();
      }
    return true;
  };
  bool kept_up = true;
  for (int i = 1; i < seconds; ++i) {
    h.record(snap(t0 + i * 1'000, i));
    if (i % checkpoint_every == 0 && kept_up) kept_up = readers_reach(i);
  }
  done.store(true, std::memory_order_release);
  for (auto& t : readers) t.join();
  ASSERT_TRUE(kept_up) << "a reader did not reach a checkpoint within 30 s";
  for (const auto& st : states) {
    EXPECT_EQ(st.problems, 0) << st.first_problem;
    EXPECT_GE(st.seen, seconds / checkpoint_every);
    EXPECT_GE(st.distinct, seconds / checkpoint_every - 1);
    EXPECT_EQ(st.newest.load(), seconds - 1);
  }
  EXPECT_EQ(history_cut_problem(h.query(capacity, 1), capacity), "");
}

}  // namespace
}  // namespace wmpulse::metrics
