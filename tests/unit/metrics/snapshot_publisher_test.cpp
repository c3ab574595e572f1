#include "metrics/snapshot_publisher.hpp"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "metrics/aggregator.hpp"

namespace wmpulse::metrics {
namespace {

constexpr core::millis t0 = 1'700'000'000'000;

TEST(snapshot_publisher, starts_with_an_empty_snapshot_and_counts_versions) {
  snapshot_publisher p;
  ASSERT_NE(p.load(), nullptr);
  EXPECT_EQ(p.version(), 0u);
  auto first = std::make_shared<const metrics_snapshot>();
  p.publish(first);
  p.publish(nullptr);  // ignored
  EXPECT_EQ(p.version(), 1u);
  EXPECT_EQ(p.load(), first);  // the published object itself, not a copy
}

// The workload of the concurrent test: publish k (from 1) follows k sessions, each connected
// 1 ms after the previous one in queue "q<i % 3>" and sending one message. Every field of a
// whole snapshot therefore follows from its total_connections.
constexpr int publishes = 2'000;
constexpr int checkpoint_every = 100;  // the writer waits here until every reader has caught up
constexpr int reader_count = 3;

std::string whole_snapshot_problem(const metrics_snapshot& s) {
  const auto n = s.all.total_connections;
  if (n == 0) return s.queues.empty() && s.counters.events_applied == 0 ? "" : "empty snapshot with content";
  std::int64_t queue_sum = 0;
  for (std::size_t q = 0; q < s.queues.size(); ++q) {
    const auto want = n / 3 + (static_cast<std::int64_t>(q) < n % 3 ? 1 : 0);
    if (s.queues[q].queue_id != "q" + std::to_string(q) || s.queues[q].metrics.total_connections != want)
      return "queue " + s.queues[q].queue_id + " does not match total " + std::to_string(n);
    queue_sum += s.queues[q].metrics.total_connections;
  }
  if (s.all.active_sessions != n || s.all.messages_in_window != n || queue_sum != n ||
      s.queues.size() != static_cast<std::size_t>(std::min<std::int64_t>(n, 3)) ||
      s.counters.events_applied != static_cast<std::uint64_t>(2 * n) || s.taken_at_ms != t0 + n)
    return "fields disagree with total_connections " + std::to_string(n);
  return "";
}

struct reader_state {
  std::atomic<std::int64_t> caught_up{0};  // total_connections of the newest snapshot seen
  int seen = 0;                            // snapshots loaded
  int distinct = 0;                        // of which newer than the one before
  int problems = 0;
  std::string first_problem;

  void note(std::string problem) {
    if (problem.empty()) return;
    if (problems++ == 0) first_problem = std::move(problem);
  }
};

void read_until_done(const snapshot_publisher& pub, const std::atomic<bool>& done, reader_state& me) {
  std::uint64_t last_version = 0;
  std::int64_t last_total = 0;
  for (bool finished = false; !finished;) {
    finished = done.load(std::memory_order_acquire);
    const auto version = pub.version();
    const auto s = pub.load();
    const auto total = s->all.total_connections;
    ++me.seen;
    if (total > last_total) ++me.distinct;
    if (version < last_version) me.note("version went back");
    if (total < last_total) me.note("snapshot went back");
    // publish() makes the snapshot visible before counting it: a poller that sees a new
    // version and then loads must get that snapshot or a newer one.
    if (total < static_cast<std::int64_t>(version)) me.note("version counted before its snapshot was visible");
    me.note(whole_snapshot_problem(*s));
    last_version = version;
    last_total = total;
    me.caught_up.store(total, std::memory_order_release);
  }
}

// Bounded: the readers spin, so they catch up within microseconds unless the machine stalls.
bool wait_for_readers(const std::array<reader_state, reader_count>& states, std::int64_t total) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (const auto& st : states)
    while (st.caught_up.load(std::memory_order_acquire) < total) {
      if (std::chrono::steady_clock::now() > until) return false;
      std::this_thread::yield();
    }
  return true;
}

// Readers load concurrently with the writer (the writer waits at every checkpoint until each
// reader has seen it, so they provably overlap) and check what the publisher promises: every
// snapshot whole and self-consistent, versions and snapshots only going forward, and a new
// version never visible before its snapshot.
TEST(snapshot_publisher, concurrent_readers_see_whole_snapshots_that_only_go_forward) {
  core::manual_clock clock(t0);
  aggregator agg(aggregator_config{}, clock);
  snapshot_publisher pub;
  std::atomic<bool> done{false};
  std::array<reader_state, reader_count> states;
  std::vector<std::thread> readers;
  for (auto& st : states) readers.emplace_back([&] { read_until_done(pub, done, st); });
  bool readers_kept_up = true;
  std::shared_ptr<const metrics_snapshot> last;
  for (int i = 0; i < publishes; ++i) {
    clock.advance(1);
    const auto id = "s" + std::to_string(i), queue = "q" + std::to_string(i % 3);
    agg.apply({events::event_kind::connected, id, clock.now_ms(), queue, events::direction::unknown});
    agg.apply({events::event_kind::message, id, clock.now_ms(), queue, events::direction::inbound});
    last = agg.shared_snapshot();
    pub.publish(last);
    if ((i + 1) % checkpoint_every == 0 && readers_kept_up) readers_kept_up = wait_for_readers(states, i + 1);
  }
  done.store(true, std::memory_order_release);
  for (auto& t : readers) t.join();

  ASSERT_TRUE(readers_kept_up) << "a reader did not reach a checkpoint within 30 s";
  for (const auto& st : states) {
    EXPECT_EQ(st.problems, 0) << st.first_problem;
    EXPECT_GE(st.seen, publishes / checkpoint_every);
    EXPECT_GE(st.distinct, publishes / checkpoint_every);  // one per checkpoint at least
    EXPECT_EQ(st.caught_up.load(), publishes);
  }
  EXPECT_EQ(pub.version(), static_cast<std::uint64_t>(publishes));
  EXPECT_EQ(pub.load(), last);
  EXPECT_EQ(whole_snapshot_problem(*pub.load()), "");
}

}  // namespace
}  // namespace wmpulse::metrics
