#include "server/graphql_ws_connection.hpp"

#include <gtest/gtest.h>

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
