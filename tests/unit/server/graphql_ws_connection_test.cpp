#include "server/graphql_ws_connection.hpp"

#include <gtest/gtest.h>

#include <deque>

#include "unit/server/fake_backend.hpp"

namespace wmpulse::server {
namespace {
namespace json = boost::json;
using testing::fake_backend;
using testing::fake_socket;

class graphql_ws_connection_test : public ::testing::Test {
protected:
  core::manual_clock clock{1'000'000};
  fake_backend backend;
  subscription_hub hub{clock, {}};
  std::shared_ptr<fake_socket> socket = std::make_shared<fake_socket>();
  graphql_ws_connection conn{backend, hub, clock, *socket, socket, {.init_timeout_ms = 3000, .max_operations = 3}};

  void init() {
    conn.on_message(R"({"type":"connection_init"})");
    ASSERT_TRUE(conn.acknowledged());
  }
  void expect_closed(ws_close code) {
    ASSERT_TRUE(socket->closed_with.has_value()) << "not closed";
    EXPECT_EQ(static_cast<int>(*socket->closed_with), static_cast<int>(code)) << socket->close_reason;
  }
};

TEST_F(graphql_ws_connection_test, init_is_acknowledged_without_payload) {
  conn.on_message(R"({"type":"connection_init","payload":{"client":"x"}})");
  ASSERT_EQ(socket->frames.size(), 1u);
  EXPECT_EQ(socket->frames[0], R"({"type":"connection_ack"})");
}

TEST_F(graphql_ws_connection_test, ack_carries_the_backend_payload) {
  conn.on_message(R"({"type":"connection_init","payload":{"greet":1}})");
  EXPECT_EQ(socket->frame(0).at("payload").at("hello"), "client");
}

TEST_F(graphql_ws_connection_test, init_with_null_payload_is_accepted) {
  conn.on_message(R"({"type":"connection_init","payload":null})");
  EXPECT_TRUE(conn.acknowledged());
}

TEST_F(graphql_ws_connection_test, refused_init_closes_4403) {
  conn.on_message(R"({"type":"connection_init","payload":{"deny":true}})");
  expect_closed(ws_close::forbidden);
}

TEST_F(graphql_ws_connection_test, ping_before_init_gets_pong) {
  conn.on_message(R"({"type":"ping"})");
  ASSERT_EQ(socket->frames.size(), 1u);
  EXPECT_EQ(socket->frames[0], R"({"type":"pong"})");
  EXPECT_FALSE(socket->closed_with);
}

TEST_F(graphql_ws_connection_test, unsolicited_pong_is_ignored) {
  init();
  conn.on_message(R"({"type":"pong","payload":{"t":1}})");
  EXPECT_EQ(socket->frames.size(), 1u);
  EXPECT_FALSE(socket->closed_with);
}

TEST_F(graphql_ws_connection_test, no_init_before_deadline_closes_4408) {
  clock.advance(2999);
  conn.check_timeouts();
  EXPECT_FALSE(socket->closed_with);
  clock.advance(1);
  conn.check_timeouts();
  expect_closed(ws_close::init_timeout);
}

TEST_F(graphql_ws_connection_test, init_in_time_disarms_the_timeout) {
  init();
  clock.advance(10'000);
  conn.check_timeouts();
  EXPECT_FALSE(socket->closed_with);
}

TEST_F(graphql_ws_connection_test, second_init_closes_4429) {
  init();
  conn.on_message(R"({"type":"connection_init"})");
  expect_closed(ws_close::too_many_init);
}

TEST_F(graphql_ws_connection_test, subscribe_before_ack_closes_4401) {
  conn.on_message(R"({"id":"1","type":"subscribe","payload":{"query":"subscription { v }"}})");
  expect_closed(ws_close::unauthorized);
}

TEST_F(graphql_ws_connection_test, duplicate_active_id_closes_4409) {
  init();
  conn.on_message(R"({"id":"dup","type":"subscribe","payload":{"query":"subscription { v }"}})");
  EXPECT_FALSE(socket->closed_with);
  conn.on_message(R"({"id":"dup","type":"subscribe","payload":{"query":"subscription { v }"}})");
  expect_closed(ws_close::subscriber_exists);
  EXPECT_EQ(hub.subscriber_count(), 0u) << "closing leaves the hub";
}

class invalid_message_test : public graphql_ws_connection_test, public ::testing::WithParamInterface<const char*> {};

TEST_P(invalid_message_test, closes_4400) {
  init();
  conn.on_message(GetParam());
  expect_closed(ws_close::bad_request);
  EXPECT_EQ(conn.stats().invalid, 1u);
}

INSTANTIATE_TEST_SUITE_P(
    graphql_ws_connection, invalid_message_test,
    ::testing::Values("hello, server", "[]", "null", R"({"id":"1","payload":{}})", R"({"type":42})",
                      R"({"type":"bogus"})", R"({"type":"subscribe","payload":{"query":"subscription { v }"}})",
                      R"({"id":"","type":"subscribe","payload":{"query":"subscription { v }"}})",
                      R"({"id":7,"type":"subscribe","payload":{"query":"subscription { v }"}})",
                      R"({"id":"x","type":"subscribe","payload":{"variables":{}}})",
                      R"({"id":"x","type":"subscribe"})",
                      R"({"id":"x","type":"subscribe","payload":{"query":"{ v }","variables":"oops"}})",
                      R"({"id":"x","type":"subscribe","payload":{"query":"{ v }","operationName":3}})",
                      R"({"id":"x","type":"subscribe","payload":{"query":"{ v }","extensions":[]}})",
                      R"({"id":"x","type":"next","payload":{"data":{}}})",
                      R"({"id":"x","type":"error","payload":[]})", R"({"type":"connection_ack"})",
                      R"({"type":"complete"})", R"({"type":"ping","payload":"text"})"));

TEST_F(graphql_ws_connection_test, query_gets_one_next_then_complete) {
  init();
  conn.on_message(R"({"id":"q1","type":"subscribe","payload":{"query":"{ v }"}})");
  ASSERT_EQ(socket->frames.size(), 3u);
  auto next = socket->frame(1);
  EXPECT_EQ(next.at("id"), "q1");
  EXPECT_EQ(next.at("type"), "next");
  EXPECT_EQ(next.at("payload").at("data").at("value"), 1);
  EXPECT_EQ(socket->frame(2), (json::object{{"id", "q1"}, {"type", "complete"}}));
  EXPECT_EQ(conn.active_operations(), 0u);
}

TEST_F(graphql_ws_connection_test, invalid_document_gets_error_message_and_socket_stays_open) {
  init();
  conn.on_message(R"({"id":"bad","type":"subscribe","payload":{"query":"subscription SYNTAX"}})");
  ASSERT_EQ(socket->frames.size(), 2u);
  auto error = socket->frame(1);
  EXPECT_EQ(error.at("type"), "error");
  EXPECT_EQ(error.at("id"), "bad");
  EXPECT_EQ(error.at("payload").at(0).at("locations").at(0).at("column"), 34);
  EXPECT_FALSE(socket->closed_with);
  EXPECT_FALSE(conn.active("bad"));
}

TEST_F(graphql_ws_connection_test, subscription_offers_first_result_and_joins_hub) {
  init();
  conn.on_message(R"({"id":"s1","type":"subscribe","payload":{"query":"subscription { v }"}})");
  ASSERT_EQ(socket->offers.size(), 1u);
  EXPECT_EQ(socket->offers[0].first, "s1");
  EXPECT_EQ(*socket->offers[0].second, R"({"data":{"value":1}})");
  EXPECT_TRUE(conn.active("s1"));
  EXPECT_EQ(hub.subscriber_count(), 1u);
}

TEST_F(graphql_ws_connection_test, complete_leaves_hub_and_id_is_reusable) {
  init();
  conn.on_message(R"({"id":"s1","type":"subscribe","payload":{"query":"subscription { v }"}})");
  conn.on_message(R"({"id":"s1","type":"complete"})");
  EXPECT_EQ(hub.subscriber_count(), 0u);
  ASSERT_EQ(socket->forgotten.size(), 1u);
  conn.on_message(R"({"id":"s1","type":"subscribe","payload":{"query":"subscription { v }"}})");
  EXPECT_FALSE(socket->closed_with);
  EXPECT_EQ(hub.subscriber_count(), 1u);
  ASSERT_EQ(socket->serials.size(), 2u);
  EXPECT_FALSE(conn.active("s1", socket->serials[0])) << "a late value of the first s1 is not the second's";
  EXPECT_TRUE(conn.active("s1", socket->serials[1]));
}

TEST_F(graphql_ws_connection_test, complete_for_unknown_id_is_ignored) {
  init();
  conn.on_message(R"({"id":"never-started","type":"complete"})");
  EXPECT_FALSE(socket->closed_with);
}

TEST_F(graphql_ws_connection_test, subscription_with_request_error_sends_next_then_complete) {
  init();
  conn.on_message(R"({"id":"s","type":"subscribe","payload":{"query":"subscription { v }","variables":{"bad":true}}})");
  ASSERT_EQ(socket->frames.size(), 3u);
  EXPECT_EQ(socket->frame(1).at("type"), "next");
  EXPECT_TRUE(socket->frame(1).at("payload").as_object().contains("errors"));
  EXPECT_EQ(socket->frame(2).at("type"), "complete");
  EXPECT_EQ(hub.subscriber_count(), 0u);
  EXPECT_EQ(hub.key_count(), 0u);
}

TEST_F(graphql_ws_connection_test, operations_over_the_limit_get_an_error) {
  init();
  for (int i = 0; i < 4; ++i)
    conn.on_message(R"({"id":")" + std::to_string(i) + R"(","type":"subscribe","payload":{"query":"subscription { v }"}})");
  EXPECT_EQ(conn.active_operations(), 3u);
  auto last = socket->frame(socket->frames.size() - 1);
  EXPECT_EQ(last.at("type"), "error");
  EXPECT_EQ(last.at("id"), "3");
  EXPECT_FALSE(socket->closed_with);
}

TEST_F(graphql_ws_connection_test, destruction_leaves_hub) {
  {
    auto s2 = std::make_shared<fake_socket>();
    graphql_ws_connection c2{backend, hub, clock, *s2, s2, {}};
    c2.on_message(R"({"type":"connection_init"})");
    c2.on_message(R"({"id":"a","type":"subscribe","payload":{"query":"subscription { v }"}})");
    EXPECT_EQ(hub.subscriber_count(), 1u);
  }
  EXPECT_EQ(hub.subscriber_count(), 0u);
}

}  // namespace
}  // namespace wmpulse::server

namespace wmpulse::server {
namespace {

std::string subscribe(const std::string& id, const std::string& query) {
  return R"({"id":")" + id + R"(","type":"subscribe","payload":{"query":")" + query + R"("}})";
}

TEST_F(graphql_ws_connection_test, init_timeout_runs_on_the_steady_clock) {
  clock.step_wall(3'600'000);  // the wall clock jumps an hour forward
  conn.check_timeouts();
  EXPECT_FALSE(socket->closed_with) << "a wall step is not time passing";
  clock.advance(3000);
  conn.check_timeouts();
  expect_closed(ws_close::init_timeout);
}

class ws_bounds_test : public ::testing::Test {
protected:
  core::manual_clock clock{1'000'000};
  fake_backend backend;
  subscription_hub hub{clock, {.min_interval_ms = 100, .max_keys = 3}};
  std::shared_ptr<fake_socket> socket = std::make_shared<fake_socket>();
  graphql_ws_connection conn{backend, hub, clock, *socket, socket,
                             {.init_timeout_ms = 3000, .max_operations = 10, .max_distinct_subscriptions = 2,
                              .max_result_bytes = 200}};

  void SetUp() override { conn.on_message(R"({"type":"connection_init"})"); }
  json::object last() const { return socket->frame(socket->frames.size() - 1); }
};

TEST_F(ws_bounds_test, distinct_subscriptions_over_the_bound_get_an_error_and_the_socket_stays) {
  conn.on_message(subscribe("1", "subscription { a }"));
  conn.on_message(subscribe("2", "subscription { b }"));
  conn.on_message(subscribe("3", "subscription { a }"));  // a key it already has: fine
  EXPECT_EQ(conn.active_operations(), 3u);
  conn.on_message(subscribe("4", "subscription { c }"));
  EXPECT_FALSE(socket->closed_with);
  EXPECT_EQ(last().at("type"), "error");
  EXPECT_EQ(last().at("id"), "4");
  EXPECT_NE(json::serialize(last()).find("ws-max-distinct-subscriptions"), std::string::npos);
  EXPECT_EQ(conn.active_operations(), 3u);
  conn.on_message(R"({"id":"2","type":"complete"})");
  conn.on_message(subscribe("5", "subscription { c }"));
  EXPECT_TRUE(conn.active("5")) << "completing one frees its key";
}

TEST_F(ws_bounds_test, keys_over_the_server_total_get_an_error_naming_the_limit) {
  auto other = std::make_shared<fake_socket>();
  graphql_ws_connection second{backend, hub, clock, *other, other, {.max_distinct_subscriptions = 16}};
  second.on_message(R"({"type":"connection_init"})");
  for (const char* q : {"subscription { x }", "subscription { y }", "subscription { z }"})
    second.on_message(subscribe(q, q));
  EXPECT_EQ(hub.key_count(), 3u);
  conn.on_message(subscribe("1", "subscription { w }"));
  EXPECT_FALSE(socket->closed_with);
  EXPECT_EQ(last().at("type"), "error");
  EXPECT_NE(json::serialize(last()).find("max-subscription-keys"), std::string::npos);
  EXPECT_FALSE(conn.active("1"));
}

TEST_F(ws_bounds_test, a_query_result_over_the_cap_is_an_error_for_that_operation) {
  backend.payload_padding = std::string(300, 'p');
  conn.on_message(subscribe("q", "{ v }"));
  EXPECT_FALSE(socket->closed_with);
  EXPECT_EQ(last().at("type"), "error");
  EXPECT_EQ(last().at("id"), "q");
  EXPECT_NE(json::serialize(last()).find("limit of 200 bytes"), std::string::npos);
}

TEST_F(ws_bounds_test, a_subscription_value_over_the_cap_ends_it_with_an_error) {
  conn.on_message(subscribe("s", "subscription { v }"));
  ASSERT_TRUE(conn.active("s"));
  conn.on_oversized("s", 5000);
  EXPECT_FALSE(conn.active("s"));
  EXPECT_EQ(hub.key_count(), 0u);
  EXPECT_EQ(last().at("type"), "error");
  EXPECT_NE(json::serialize(last()).find("limit of 200 bytes"), std::string::npos);
  backend.payload_padding = std::string(300, 'p');
  conn.on_message(subscribe("t", "subscription { v }"));
  EXPECT_FALSE(conn.active("t")) << "a first value over the cap: not registered";
  EXPECT_EQ(last().at("type"), "error");
}

}  // namespace
}  // namespace wmpulse::server

namespace wmpulse::server {
namespace {

// Keeps each operation's work to run when the test says: first the worker's part (prepare,
// execute), then the continuation (back on the strand), or refuses it like a full lane.
class deferred_runner final : public ws_work_runner {
public:
  std::deque<std::function<continuation()>> jobs;
  std::vector<std::string> messages;
  std::optional<std::string> refusal;

  std::optional<std::string> start_work(std::string_view message, std::function<continuation()> work) override {
    if (refusal) return refusal;
    messages.emplace_back(message);
    jobs.push_back(std::move(work));
    return std::nullopt;
  }
  continuation work_one() {
    auto work = std::move(jobs.front());
    jobs.pop_front();
    return work();
  }
  void run_all() {
    while (!jobs.empty()) work_one()();
  }
};

std::string op(const std::string& id, const std::string& query) {
  return R"({"id":")" + id + R"(","type":"subscribe","payload":{"query":")" + query + R"("}})";
}

class ws_deferred_test : public ::testing::Test {
protected:
  core::manual_clock clock{1'000'000};
  fake_backend backend;
  subscription_hub hub{clock, {}};
  deferred_runner runner;
  std::shared_ptr<fake_socket> socket = std::make_shared<fake_socket>();
  std::unique_ptr<graphql_ws_connection> conn = std::make_unique<graphql_ws_connection>(
      backend, hub, clock, *socket, socket, graphql_ws_connection::options{.max_operations = 3}, runner);

  void SetUp() override { conn->on_message(R"({"type":"connection_init"})"); }
  std::vector<std::string> types() const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < socket->frames.size(); ++i) out.emplace_back(socket->frame(i).at("type").as_string());
    return out;
  }
};

TEST_F(ws_deferred_test, a_query_runs_elsewhere_and_its_next_comes_before_its_complete) {
  const std::string message = op("q", "{ v }");
  conn->on_message(message);
  EXPECT_EQ(backend.executions, 0) << "nothing runs on the reading thread";
  EXPECT_EQ(conn->operations_in_flight(), 1u);
  ASSERT_EQ(runner.messages, std::vector<std::string>{message}) << "the lane is chosen by the message";
  EXPECT_EQ(types(), std::vector<std::string>{"connection_ack"});
  runner.run_all();
  EXPECT_EQ(types(), (std::vector<std::string>{"connection_ack", "next", "complete"}));
  EXPECT_EQ(socket->frame(1).at("id"), "q");
  EXPECT_EQ(conn->operations_in_flight(), 0u);
}

TEST_F(ws_deferred_test, complete_while_a_query_runs_cancels_its_delivery) {
  conn->on_message(op("q", "{ v }"));
  conn->on_message(R"({"id":"q","type":"complete"})");
  EXPECT_EQ(conn->operations_in_flight(), 0u);
  runner.run_all();
  EXPECT_EQ(types(), std::vector<std::string>{"connection_ack"}) << "no next, no complete after the client's complete";
  EXPECT_FALSE(socket->closed_with);
}

TEST_F(ws_deferred_test, complete_while_a_subscription_starts_leaves_the_hub) {
  conn->on_message(op("s", "subscription { v }"));
  auto back = runner.work_one();
  EXPECT_EQ(hub.subscriber_count(), 1u) << "the worker registered it";
  conn->on_message(R"({"id":"s","type":"complete"})");
  back();
  EXPECT_EQ(hub.subscriber_count(), 0u);
  EXPECT_EQ(hub.key_count(), 0u);
  EXPECT_TRUE(socket->offers.empty());
  EXPECT_FALSE(conn->active("s"));
}

TEST_F(ws_deferred_test, an_id_reused_while_its_cancelled_start_is_in_flight_keeps_the_new_subscription) {
  conn->on_message(op("s", "subscription { v }"));
  auto old_back = runner.work_one();
  conn->on_message(R"({"id":"s","type":"complete"})");
  conn->on_message(op("s", "subscription { v }"));
  runner.work_one()();
  ASSERT_TRUE(conn->active("s"));
  old_back();  // the cancelled one comes back last
  ASSERT_TRUE(conn->active("s")) << "the late cancelled start must not remove the new subscription";
  ASSERT_EQ(socket->serials.size(), 1u);
  EXPECT_TRUE(conn->active("s", socket->serials[0]));
  conn->on_message(R"({"id":"s","type":"complete"})");
  EXPECT_EQ(hub.subscriber_count(), 0u) << "both registrations leave with the id";
}

TEST_F(ws_deferred_test, a_cancelled_start_under_another_key_leaves_the_hub_when_the_id_ends) {
  conn->on_message(op("s", "subscription { a }"));
  auto old_back = runner.work_one();
  conn->on_message(R"({"id":"s","type":"complete"})");
  conn->on_message(op("s", "subscription { b }"));
  runner.work_one()();
  old_back();
  EXPECT_TRUE(conn->active("s"));
  conn->on_message(R"({"id":"s","type":"complete"})");
  EXPECT_EQ(hub.subscriber_count(), 0u);
  EXPECT_EQ(hub.key_count(), 0u);
}

TEST_F(ws_deferred_test, a_connection_destroyed_with_work_in_flight_is_safe_and_leaves_the_hub) {
  conn->on_message(op("s1", "subscription { a }"));
  conn->on_message(op("s2", "subscription { b }"));
  conn->on_message(op("q", "{ v }"));
  auto back = runner.work_one();  // s1 registered by its worker; s2 and q not started
  conn.reset();
  back();
  runner.run_all();
  EXPECT_EQ(hub.subscriber_count(), 0u);
  EXPECT_EQ(hub.key_count(), 0u);
  EXPECT_EQ(socket->frames.size(), 1u) << "nothing sent for a connection that has gone";
}

TEST_F(ws_deferred_test, a_socket_closed_with_work_in_flight_sends_nothing_more) {
  conn->on_message(op("s", "subscription { v }"));
  conn->on_message(op("q", "{ v }"));
  auto back = runner.work_one();
  conn->on_closed();
  back();
  runner.run_all();
  EXPECT_EQ(hub.subscriber_count(), 0u);
  EXPECT_EQ(socket->frames.size(), 1u);
  EXPECT_TRUE(socket->offers.empty());
}

TEST_F(ws_deferred_test, operations_in_flight_count_toward_the_per_socket_limit) {
  for (const char* id : {"1", "2", "3"}) conn->on_message(op(id, "{ v }"));
  conn->on_message(op("4", "{ v }"));
  ASSERT_EQ(socket->frames.size(), 2u);
  EXPECT_EQ(socket->frame(1).at("type"), "error");
  EXPECT_EQ(socket->frame(1).at("id"), "4");
  EXPECT_NE(json::serialize(socket->frame(1)).find("limit is 3"), std::string::npos);
  EXPECT_EQ(runner.jobs.size(), 3u);
  runner.run_all();
  conn->on_message(op("4", "{ v }"));
  EXPECT_EQ(runner.jobs.size(), 1u) << "room again once they are back";
}

TEST_F(ws_deferred_test, an_id_still_in_flight_cannot_be_subscribed_again) {
  conn->on_message(op("q", "{ v }"));
  conn->on_message(op("q", "{ v }"));
  ASSERT_TRUE(socket->closed_with);
  EXPECT_EQ(*socket->closed_with, ws_close::subscriber_exists);
}

TEST_F(ws_deferred_test, a_full_lane_is_an_error_for_that_id_and_the_socket_stays_open) {
  runner.refusal = "The server is busy (its heavy worker queue of 32 is full); try again later.";
  conn->on_message(op("q", "{ v }"));
  ASSERT_EQ(socket->frames.size(), 2u);
  EXPECT_EQ(socket->frame(1).at("type"), "error");
  EXPECT_EQ(socket->frame(1).at("id"), "q");
  EXPECT_NE(json::serialize(socket->frame(1)).find("queue of 32 is full"), std::string::npos);
  EXPECT_FALSE(socket->closed_with);
  EXPECT_EQ(conn->operations_in_flight(), 0u);
  runner.refusal.reset();
  conn->on_message(op("q", "{ v }"));  // the id is free again
  runner.run_all();
  EXPECT_EQ(socket->frame(socket->frames.size() - 1).at("type"), "complete");
}

TEST_F(ws_deferred_test, a_value_published_while_the_first_is_on_its_way_replaces_it) {
  conn->on_message(op("s", "subscription { v }"));
  auto back = runner.work_one();  // the first result: value 1
  backend.value = 2;
  hub.publish();  // the session would hand this to offer_early: the subscription is not active yet
  ASSERT_EQ(socket->offers.size(), 1u);
  EXPECT_FALSE(conn->active("s"));
  conn->offer_early("s", socket->serials[0], socket->offers[0].second);
  back();
  ASSERT_EQ(socket->offers.size(), 2u);
  EXPECT_EQ(*socket->offers[1].second, R"({"data":{"value":2}})") << "not the older first result";
  EXPECT_TRUE(conn->active("s", socket->serials[1]));
}

}  // namespace
}  // namespace wmpulse::server
