#include "metrics/snapshot_publisher.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "metrics/aggregator.hpp"

namespace wmpulse::metrics {
namespace {

TEST(snapshot_publisher, starts_with_an_empty_snapshot_and_counts_versions) {
  snapshot_publisher p;
  ASSERT_NE(p.load(), nullptr);
  EXPECT_EQ(p.version(), 0u);
  p.publish(std::make_shared<const metrics_snapshot>());
  p.publish(nullptr);  // ignored
  EXPECT_EQ(p.version(), 1u);
  EXPECT_NE(p.load(), nullptr);
}

// Readers check that every snapshot they see is whole: each event below connects a session
// and sends one message, so a whole snapshot always has as many messages as connections.
TEST(snapshot_publisher, readers_never_see_a_half_applied_event) {
  core::manual_clock clock(1'700'000'000'000);
  aggregator agg(aggregator_config{}, clock);
  snapshot_publisher pub;
  std::atomic<bool> done{false};
  std::atomic<int> torn{0}, seen{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r)
    readers.emplace_back([&] {
      while (!done.load(std::memory_order_acquire)) {
        const auto s = pub.load();
        if (s->all.messages_in_window != s->all.total_connections) ++torn;
        ++seen;
      }
    });
  for (int i = 0; i < 2'000; ++i) {
    const auto id = "s" + std::to_string(i);
    agg.apply({events::event_kind::connected, id, clock.now_ms(), {}, events::direction::unknown});
    agg.apply({events::event_kind::message, id, clock.now_ms(), {}, events::direction::inbound});
    pub.publish(agg.shared_snapshot());
  }
  done.store(true, std::memory_order_release);
  for (auto& t : readers) t.join();
  EXPECT_EQ(torn.load(), 0);
  EXPECT_EQ(pub.load()->all.total_connections, 2'000);
  EXPECT_EQ(pub.version(), 2'000u);
}

}  // namespace
}  // namespace wmpulse::metrics
