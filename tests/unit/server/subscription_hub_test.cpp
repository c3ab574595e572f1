#include "server/subscription_hub.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <utility>

#include "unit/server/fake_backend.hpp"

namespace wmpulse::server {
namespace {
using testing::fake_backend;
using testing::fake_socket;

ws_operation subscription(fake_backend& backend, std::string query = "subscription { v }") {
  auto op = backend.prepare(ws_request{std::move(query), std::nullopt, {}});
  return std::move(op).value();
}

TEST(publish_pacer, first_notify_publishes_at_once) {
  publish_pacer p(100);
  EXPECT_EQ(p.on_notify(5), 5);
}

TEST(publish_pacer, notifies_within_the_interval_coalesce_into_one) {
  publish_pacer p(100);
  ASSERT_EQ(p.on_notify(0), 0);
  p.on_published(0);
  EXPECT_EQ(p.on_notify(10), 100);
  EXPECT_EQ(p.on_notify(20), std::nullopt);
  EXPECT_EQ(p.on_notify(99), std::nullopt);
  p.on_published(100);
  EXPECT_EQ(p.on_notify(250), 250) << "an interval has passed: at once";
}

TEST(publish_pacer, rate_never_exceeds_one_per_interval) {
  publish_pacer p(100);
  int publications = 0;
  constexpr core::millis none = -1;
  core::millis due = none;
  for (core::millis t = 0; t <= 1000; ++t) {  // a snapshot every millisecond for 1 s
    if (due != none && due <= t) {
      p.on_published(t);
      ++publications;
      due = none;
    }
    if (auto at = p.on_notify(t)) due = *at;
  }
  EXPECT_EQ(publications, 10);
}

TEST(publish_pacer, a_publication_that_pushed_nothing_does_not_hold_back_the_next_change) {
  publish_pacer p(100);
  ASSERT_EQ(p.on_notify(0), 0);
  p.on_published(0);                        // a change pushed at 0
  ASSERT_EQ(p.on_notify(200), 200);
  p.on_published(200);                      // a tick: nothing changed
  p.on_nothing_pushed(200);
  EXPECT_EQ(p.on_notify(250), 250) << "the last push was at 0: the change goes out at once";
  p.on_published(250);
  EXPECT_EQ(p.on_notify(260), 350) << "after a push, the interval holds";
}

class subscription_hub_test : public ::testing::Test {
protected:
  core::manual_clock clock{0};
  fake_backend backend;
  subscription_hub hub{clock, {.min_interval_ms = 100}};
};

TEST_F(subscription_hub_test, first_result_is_executed_once_per_key) {
  auto a = std::make_shared<fake_socket>();
  auto b = std::make_shared<fake_socket>();
  auto op = subscription(backend);
  auto first_a = hub.add(op, a, a.get(), "1");
  auto first_b = hub.add(op, b, b.get(), "2");
  EXPECT_EQ(backend.executions, 1);
  EXPECT_EQ(first_a.payload, first_b.payload) << "the same shared payload";
  EXPECT_EQ(hub.key_count(), 1u);
  EXPECT_EQ(hub.subscriber_count(), 2u);
}

TEST_F(subscription_hub_test, publish_executes_each_key_once_and_shares_the_payload) {
  std::vector<std::shared_ptr<fake_socket>> subs;
  auto op = subscription(backend);
  auto other = subscription(backend, "subscription Other { v }");
  for (int i = 0; i < 50; ++i) {
    subs.push_back(std::make_shared<fake_socket>());
    hub.add(i % 2 ? op : other, subs.back(), subs.back().get(), "id" + std::to_string(i));
  }
  backend.executions = 0;
  backend.value = 2;
  auto stats = hub.publish();
  EXPECT_EQ(backend.executions, 2);
  EXPECT_EQ(stats.keys, 2u);
  EXPECT_EQ(stats.changed, 2u);
  EXPECT_EQ(stats.deliveries, 50u);
  EXPECT_EQ(subs[1]->offers.at(0).second, subs[3]->offers.at(0).second) << "one serialization per key";
  EXPECT_EQ(*subs[1]->offers.at(0).second, R"({"data":{"value":2}})");
  EXPECT_EQ(subs[1]->offers.at(0).first, "id1");
}

TEST_F(subscription_hub_test, unchanged_result_is_not_sent) {
  auto s = std::make_shared<fake_socket>();
  hub.add(subscription(backend), s, s.get(), "1");
  auto stats = hub.publish();
  EXPECT_EQ(stats.changed, 0u);
  EXPECT_TRUE(s->offers.empty());
  backend.value = 7;
  hub.publish();
  ASSERT_EQ(s->offers.size(), 1u);
  hub.publish();
  EXPECT_EQ(s->offers.size(), 1u);
}

TEST_F(subscription_hub_test, notifications_are_coalesced_by_the_clock) {
  auto s = std::make_shared<fake_socket>();
  hub.add(subscription(backend), s, s.get(), "1");
  int publications = 0;
  constexpr core::millis none = -1;
  core::millis due = none;
  // An ingest thread publishing a new snapshot every 5 ms for one second.
  for (int step = 0; step < 200; ++step) {
    if (auto at = hub.on_notify(testing::value_root(step + 2))) due = *at;
    if (due != none && due <= clock.now_ms()) {
      hub.publish();
      ++publications;
      due = none;
    }
    clock.advance(5);
  }
  EXPECT_EQ(publications, 10);
  EXPECT_EQ(s->offers.size(), 10u);
  EXPECT_EQ(*s->offers.back().second, R"({"data":{"value":182}})") << "the latest value at that tick";
}

// Unchanged snapshots every 50 ms (an idle service's ticks) leave the subscriber quiet; the
// first change after them is published at once, not an interval later.
TEST_F(subscription_hub_test, a_change_after_unchanged_ticks_is_published_at_once) {
  auto s = std::make_shared<fake_socket>();
  hub.add(subscription(backend), s, s.get(), "1");
  for (int tick = 0; tick < 5; ++tick) {
    auto at = hub.on_notify(testing::value_root(1));
    if (at && *at <= clock.steady_ms()) hub.publish();
    clock.advance(50);
  }
  ASSERT_TRUE(s->offers.empty()) << "nothing changed";
  auto at = hub.on_notify(testing::value_root(2));
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(*at, clock.steady_ms()) << "the leading edge: at once";
}

TEST_F(subscription_hub_test, remove_and_expired_sinks_leave_the_group) {
  auto a = std::make_shared<fake_socket>();
  auto b = std::make_shared<fake_socket>();
  auto op = subscription(backend);
  hub.add(op, a, a.get(), "1");
  hub.add(op, b, b.get(), "1");
  hub.remove(op.key, a.get(), "1");
  EXPECT_EQ(hub.subscriber_count(), 1u);
  b.reset();
  backend.value = 3;
  auto stats = hub.publish();
  EXPECT_EQ(stats.deliveries, 0u);
  EXPECT_EQ(hub.subscriber_count(), 0u);
}

TEST_F(subscription_hub_test, group_is_dropped_when_its_last_subscriber_leaves) {
  auto a = std::make_shared<fake_socket>();
  auto op = subscription(backend);
  hub.add(op, a, a.get(), "1");
  hub.remove(op.key, a.get(), "1");
  EXPECT_EQ(hub.key_count(), 0u);
  backend.executions = 0;
  hub.publish();
  EXPECT_EQ(backend.executions, 0);
}

TEST_F(subscription_hub_test, a_new_subscriber_gets_the_latest_published_value) {
  auto a = std::make_shared<fake_socket>();
  auto op = subscription(backend);
  hub.add(op, a, a.get(), "1");
  backend.value = 9;
  hub.publish();
  auto b = std::make_shared<fake_socket>();
  auto first = hub.add(op, b, b.get(), "2");
  EXPECT_EQ(*first.payload, R"({"data":{"value":9}})");
}

}  // namespace
}  // namespace wmpulse::server

namespace wmpulse::server {
namespace {

TEST_F(subscription_hub_test, pacing_follows_the_steady_clock_across_a_wall_step_back) {
  auto a = std::make_shared<fake_socket>();
  hub.add(subscription(backend), a, a.get(), "1");
  ASSERT_EQ(hub.on_notify(nullptr), clock.steady_ms());
  hub.publish();
  clock.step_wall(-3'600'000);  // the host's time is set back an hour
  clock.advance(150);
  auto at = hub.on_notify(nullptr);
  ASSERT_TRUE(at);
  EXPECT_EQ(*at, clock.steady_ms()) << "the next notify publishes at once, not in an hour";
}

TEST_F(subscription_hub_test, a_wall_step_forward_does_not_shorten_the_interval) {
  auto a = std::make_shared<fake_socket>();
  hub.add(subscription(backend), a, a.get(), "1");
  ASSERT_TRUE(hub.on_notify(nullptr));
  backend.value = 2;  // a change is pushed: the interval after it holds
  hub.publish();
  clock.step_wall(3'600'000);
  auto at = hub.on_notify(nullptr);
  ASSERT_TRUE(at);
  EXPECT_EQ(*at - clock.steady_ms(), 100) << "still paced";
}

TEST(subscription_hub_keys, a_new_key_over_max_keys_is_refused_and_known_keys_still_join) {
  core::manual_clock clock{0};
  fake_backend backend;
  subscription_hub hub{clock, {.min_interval_ms = 100, .max_keys = 2}};
  auto a = std::make_shared<fake_socket>();
  EXPECT_FALSE(hub.add(subscription(backend, "subscription { a }"), a, a.get(), "1").refused);
  EXPECT_FALSE(hub.add(subscription(backend, "subscription { b }"), a, a.get(), "2").refused);
  auto third = hub.add(subscription(backend, "subscription { c }"), a, a.get(), "3");
  EXPECT_TRUE(third.refused);
  EXPECT_EQ(hub.key_count(), 2u);
  EXPECT_FALSE(hub.add(subscription(backend, "subscription { a }"), a, a.get(), "4").refused);
  EXPECT_EQ(hub.subscriber_count(), 3u);
}

}  // namespace
}  // namespace wmpulse::server

// One tick, one root; first results executed outside the hub's locks.
namespace wmpulse::server {
namespace {
using testing::value_root;
using namespace std::chrono_literals;

std::string value_payload(long v) { return R"({"data":{"value":)" + std::to_string(v) + "}}"; }

// Holds the threads that pass() until open(). Every wait is bounded: a test that goes wrong
// fails instead of hanging.
class gate {
public:
  void pass() {
    std::unique_lock lock(mutex_);
    arrived_ = true;
    changed_.notify_all();
    changed_.wait_for(lock, 30s, [&] { return open_; });
  }
  bool wait_arrived() {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, 10s, [&] { return arrived_; });
  }
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }

private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool arrived_ = false;
  bool open_ = false;
};

TEST_F(subscription_hub_test, subscriptions_served_in_one_tick_see_its_root_though_another_is_published_meanwhile) {
  auto a = std::make_shared<fake_socket>();
  auto b = std::make_shared<fake_socket>();
  hub.add(subscription(backend, "subscription A { v }"), a, a.get(), "1");
  hub.add(subscription(backend, "subscription B { v }"), b, b.get(), "1");
  ASSERT_TRUE(hub.on_notify(value_root(2)));
  // The ingest thread publishes again while the tick's first key runs (whichever that is).
  bool published_meanwhile = false;
  backend.on_execute = [&](const std::string&, long) {
    if (!std::exchange(published_meanwhile, true)) (void)hub.on_notify(value_root(3));
  };
  auto stats = hub.publish();
  ASSERT_TRUE(published_meanwhile);
  EXPECT_EQ(stats.changed, 2u);
  ASSERT_EQ(a->offers.size(), 1u);
  ASSERT_EQ(b->offers.size(), 1u);
  EXPECT_EQ(*a->offers[0].second, value_payload(2));
  EXPECT_EQ(*b->offers[0].second, value_payload(2)) << "one tick, one snapshot";
  hub.publish();
  EXPECT_EQ(*a->offers.back().second, value_payload(3)) << "the next tick runs against the newer root";
  EXPECT_EQ(*b->offers.back().second, value_payload(3));
}

TEST_F(subscription_hub_test, a_first_result_and_a_query_run_against_the_newest_root) {
  (void)hub.on_notify(value_root(4));
  auto a = std::make_shared<fake_socket>();
  EXPECT_EQ(*hub.add(subscription(backend), a, a.get(), "1").payload, value_payload(4));
  ASSERT_NE(hub.root(), nullptr);
  EXPECT_EQ(std::any_cast<long>(*hub.root()), 4);
}

TEST_F(subscription_hub_test, a_slow_first_execution_does_not_hold_up_removing_another_subscription) {
  auto a = std::make_shared<fake_socket>();
  auto fast = subscription(backend, "subscription Fast { v }");
  hub.add(fast, a, a.get(), "1");
  gate held;
  backend.on_execute = [&](const std::string& query, long) {
    if (query.find("Slow") != std::string::npos) held.pass();
  };
  auto slow = subscription(backend, "subscription Slow { v }");
  auto b = std::make_shared<fake_socket>();
  auto adding = std::async(std::launch::async, [&] { return hub.add(slow, b, b.get(), "2"); });
  ASSERT_TRUE(held.wait_arrived());
  auto removing = std::async(std::launch::async, [&] { hub.remove(fast.key, a.get(), "1"); });
  const bool removed_while_held = removing.wait_for(10s) == std::future_status::ready;
  held.open();
  removing.get();
  auto first = adding.get();
  EXPECT_TRUE(removed_while_held) << "remove() waited for another key's first execution";
  EXPECT_EQ(*first.payload, value_payload(1));
  EXPECT_EQ(hub.key_count(), 1u);
  EXPECT_EQ(hub.subscriber_count(), 1u);
}

TEST_F(subscription_hub_test, a_publication_during_a_slow_first_execution_wins_over_its_older_result) {
  (void)hub.on_notify(value_root(1));
  hub.publish();
  gate held;
  backend.on_execute = [&](const std::string&, long v) {
    if (v == 1) held.pass();  // the add's execution, against root 1
  };
  auto s = std::make_shared<fake_socket>();
  auto op = subscription(backend);
  auto adding = std::async(std::launch::async, [&] { return hub.add(op, s, s.get(), "1"); });
  ASSERT_TRUE(held.wait_arrived());
  ASSERT_TRUE(hub.on_notify(value_root(2)));
  auto stats = hub.publish();
  held.open();
  auto first = adding.get();
  EXPECT_EQ(stats.deliveries, 1u) << "the subscriber is counted while its first result is on its way";
  ASSERT_EQ(s->offers.size(), 1u);
  EXPECT_EQ(*s->offers[0].second, value_payload(2));
  EXPECT_EQ(*first.payload, value_payload(2)) << "never older than what was offered";
}

TEST_F(subscription_hub_test, of_two_first_executions_of_a_key_the_newer_root_wins_and_reaches_both) {
  gate held_1, held_2;
  backend.on_execute = [&](const std::string&, long v) { (v == 1 ? held_1 : held_2).pass(); };
  auto op = subscription(backend);
  auto a = std::make_shared<fake_socket>();
  auto b = std::make_shared<fake_socket>();
  (void)hub.on_notify(value_root(1));
  auto adding_a = std::async(std::launch::async, [&] { return hub.add(op, a, a.get(), "1"); });
  ASSERT_TRUE(held_1.wait_arrived());
  (void)hub.on_notify(value_root(2));
  auto adding_b = std::async(std::launch::async, [&] { return hub.add(op, b, b.get(), "1"); });
  ASSERT_TRUE(held_2.wait_arrived());
  held_1.open();
  EXPECT_EQ(*adding_a.get().payload, value_payload(1));
  held_2.open();
  EXPECT_EQ(*adding_b.get().payload, value_payload(2));
  ASSERT_EQ(a->offers.size(), 1u) << "the subscriber that got the older result is offered the newer";
  EXPECT_EQ(*a->offers[0].second, value_payload(2));
  EXPECT_TRUE(b->offers.empty());
  hub.publish();
  EXPECT_EQ(a->offers.size(), 1u) << "the group holds the newer result: nothing changed";
}

TEST_F(subscription_hub_test, a_new_keys_request_error_is_left_to_its_add_by_a_publication_meanwhile) {
  gate held;
  std::atomic<int> executions{0};
  backend.on_execute = [&](const std::string&, long) {
    if (executions++ == 0) held.pass();  // the add's; the publication's runs through
  };
  auto bad = std::move(backend.prepare(ws_request{"subscription { v }", std::nullopt, {{"bad", true}}})).value();
  auto s = std::make_shared<fake_socket>();
  auto adding = std::async(std::launch::async, [&] { return hub.add(bad, s, s.get(), "1"); });
  ASSERT_TRUE(held.wait_arrived());
  auto stats = hub.publish();
  held.open();
  auto first = adding.get();
  EXPECT_EQ(stats.changed, 0u);
  EXPECT_TRUE(s->offers.empty());
  EXPECT_TRUE(first.request_error);
  EXPECT_EQ(hub.key_count(), 0u);
  EXPECT_EQ(hub.subscriber_count(), 0u);
}

}  // namespace
}  // namespace wmpulse::server
