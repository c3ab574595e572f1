// Login, bearer auth, the rate limit, queue paging and the notification REST rules.
#include <gtest/gtest.h>

#include "sim_fixture.hpp"

namespace wmpulse::sim::testing {
namespace {
namespace json = boost::json;

std::string header(const answer& a, std::string_view name) {
  for (const auto& [k, v] : a.headers)
    if (k == name) return v;
  return {};
}

TEST(login, issues_bearer_tokens_for_the_configured_client) {
  sim_fixture f;
  const auto a = f.call("POST", "/oauth/token", "grant_type=client_credentials",
                        "Basic d21wdWxzZS1zaW0tY2xpZW50OndtcHVsc2Utc2ltLXNlY3JldA==");
  ASSERT_EQ(a.status, 200u);
  const auto body = json::parse(a.body).as_object();
  EXPECT_EQ(body.at("token_type"), "bearer");
  EXPECT_EQ(body.at("expires_in").as_int64(), 86400);
  EXPECT_FALSE(body.at("access_token").as_string().empty());
}

TEST(login, rejects_bad_credentials_with_invalid_client) {
  sim_fixture f;
  const auto a = f.call("POST", "/oauth/token", "grant_type=client_credentials", "Basic d3Jvbmc6d3Jvbmc=");
  EXPECT_EQ(a.status, 401u);
  EXPECT_EQ(json::parse(a.body).at("error"), "invalid_client");
  EXPECT_EQ(f.call("POST", "/oauth/token", "grant_type=password").status, 400u);
}

TEST(auth, missing_unknown_expired_and_revoked_tokens_get_401) {
  sim_options o = small_options();
  o.token_lifetime_ms = 60'000;
  sim_fixture f(o);
  EXPECT_EQ(f.call("GET", "/api/v2/routing/queues").status, 401u);
  EXPECT_EQ(json::parse(f.call("GET", "/api/v2/routing/queues").body).at("code"), "authentication.required");
  EXPECT_EQ(f.call("GET", "/api/v2/routing/queues", "", "Bearer nope").status, 401u);
  EXPECT_EQ(f.api("GET", "/api/v2/routing/queues").status, 200u);
  f.wall.advance(60'000);
  EXPECT_EQ(f.api("GET", "/api/v2/routing/queues").status, 401u);
  f.token.clear();
  EXPECT_EQ(f.api("GET", "/api/v2/routing/queues").status, 200u);
  std::string error;
  ASSERT_TRUE(f.sim.apply_fault({"revoke_tokens", {}}, error));
  EXPECT_EQ(f.api("GET", "/api/v2/routing/queues").status, 401u);
}

TEST(rate_limit, the_301st_request_in_a_minute_gets_429_with_retry_after) {
  sim_fixture f;
  for (int i = 0; i < 300; ++i) ASSERT_EQ(f.api("GET", "/api/v2/routing/queues").status, 200u) << i;
  f.wall.advance(20'000);
  const auto a = f.api("GET", "/api/v2/routing/queues");
  EXPECT_EQ(a.status, 429u);
  EXPECT_EQ(header(a, "Retry-After"), "40");
  EXPECT_EQ(json::parse(a.body).at("code"), "too.many.requests.retry.after");
  f.wall.advance(40'000);
  EXPECT_EQ(f.api("GET", "/api/v2/routing/queues").status, 200u);
}

TEST(rate_limit, burst_fault_throttles_the_next_requests) {
  sim_fixture f;
  std::string error;
  ASSERT_TRUE(f.sim.apply_fault({"burst_429", {{"count", "2"}, {"retryAfter", "3"}}}, error));
  EXPECT_EQ(f.api("GET", "/api/v2/routing/queues").status, 429u);
  const auto a = f.api("GET", "/api/v2/routing/queues");
  EXPECT_EQ(header(a, "Retry-After"), "3");
  EXPECT_EQ(f.api("GET", "/api/v2/routing/queues").status, 200u);
}

TEST(slow, slow_fault_delays_the_next_answer) {
  sim_fixture f;
  std::string error;
  ASSERT_TRUE(f.sim.apply_fault({"slow", {{"ms", "1500"}}}, error));
  EXPECT_EQ(f.api("GET", "/api/v2/routing/queues").delay_ms, 1500u);
  EXPECT_EQ(f.api("GET", "/api/v2/routing/queues").delay_ms, 0u);
}

TEST(queues, paging_walks_every_queue_once) {
  sim_options o = small_options();
  o.workload.queues = 7;
  sim_fixture f(o);
  std::set<std::string> seen;
  for (int page = 1; page <= 3; ++page) {
    const auto body = json::parse(f.api("GET", "/api/v2/routing/queues?pageSize=3&pageNumber=" + std::to_string(page)).body);
    EXPECT_EQ(body.at("total").as_int64(), 7);
    EXPECT_EQ(body.at("pageCount").as_int64(), 3);
    EXPECT_EQ(body.at("pageNumber").as_int64(), page);
    for (const auto& q : body.at("entities").as_array()) seen.insert(std::string(q.at("id").as_string()));
    EXPECT_EQ(body.as_object().contains("nextUri"), page < 3);
  }
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_EQ(f.api("GET", "/api/v2/routing/queues?pageSize=0").status, 400u);
}

TEST(channels, create_returns_connect_uri_and_expiry) {
  sim_fixture f;
  const auto body = json::parse(f.api("POST", "/api/v2/notifications/channels").body);
  const std::string id(body.at("id").as_string());
  EXPECT_TRUE(id.starts_with("streaming-0-"));
  EXPECT_EQ(std::string(body.at("connectUri").as_string()), "ws://127.0.0.1:1/channels/" + id);
  EXPECT_TRUE(body.as_object().contains("expires"));
  EXPECT_EQ(f.api("HEAD", "/api/v2/notifications/channels/" + id).status, 200u);
  EXPECT_EQ(f.api("HEAD", "/api/v2/notifications/channels/streaming-0-nope").status, 404u);
}

TEST(channels, the_21st_channel_evicts_the_least_recently_used) {
  sim_fixture f;
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i) {
    ids.push_back(f.create_channel());
    f.wall.advance(1);
  }
  auto live = f.connect(ids[0]);  // the oldest, but with a socket: kept in preference
  f.create_channel();
  EXPECT_EQ(f.api("HEAD", "/api/v2/notifications/channels/" + ids[0]).status, 200u);
  EXPECT_EQ(f.api("HEAD", "/api/v2/notifications/channels/" + ids[1]).status, 404u);
  EXPECT_EQ(json::parse(f.api("GET", "/api/v2/notifications/channels").body).at("entities").as_array().size(), 20u);
}

TEST(channels, expire_after_the_ttl_unless_resubscribed) {
  sim_options o = small_options();
  o.workload.web_per_minute = 0;  // a day of wall time: no traffic needed
  o.token_lifetime_ms = 48 * 3600'000LL;
  sim_fixture f(o);
  const auto a = f.create_channel(), b = f.create_channel();
  auto peer = f.connect(a);
  f.wall.advance(23 * 3600'000LL);
  ASSERT_EQ(f.api("PUT", "/api/v2/notifications/channels/" + b + "/subscriptions", subscription_body({f.topic()})).status, 200u);
  f.wall.advance(3600'000LL);
  f.sim.tick();
  EXPECT_TRUE(peer->closed);
  EXPECT_EQ(f.api("HEAD", "/api/v2/notifications/channels/" + a).status, 404u);
  EXPECT_EQ(f.api("HEAD", "/api/v2/notifications/channels/" + b).status, 200u);
}

TEST(subscriptions, put_replaces_post_adds_get_lists_delete_clears) {
  sim_fixture f;
  const auto id = f.create_channel();
  const auto base = "/api/v2/notifications/channels/" + id + "/subscriptions";
  auto put = json::parse(f.api("PUT", base, subscription_body({f.topic(0)})).body);
  ASSERT_EQ(put.at("entities").as_array().size(), 1u);
  EXPECT_EQ(put.at("entities").at(0).at("state"), "Permitted");
  f.api("POST", base, subscription_body({f.topic(1)}));
  EXPECT_EQ(json::parse(f.api("GET", base).body).at("entities").as_array().size(), 2u);
  f.api("PUT", base, subscription_body({f.topic(2)}));
  const auto listed = json::parse(f.api("GET", base).body).at("entities").as_array();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(std::string(listed.at(0).at("id").as_string()), f.topic(2));
  EXPECT_EQ(f.api("DELETE", base).status, 204u);
  EXPECT_TRUE(json::parse(f.api("GET", base).body).at("entities").as_array().empty());
}

TEST(subscriptions, a_rejected_topic_fails_the_request_unless_ignore_errors) {
  sim_fixture f;
  const auto id = f.create_channel();
  const auto base = "/api/v2/notifications/channels/" + id + "/subscriptions";
  const auto body = subscription_body({f.topic(0), "v2.users.someone.presence"});
  EXPECT_EQ(f.api("PUT", base, body).status, 403u);
  EXPECT_TRUE(json::parse(f.api("GET", base).body).at("entities").as_array().empty());
  const auto ok = json::parse(f.api("PUT", base + "?ignoreErrors=true", body).body).at("entities").as_array();
  ASSERT_EQ(ok.size(), 2u);
  EXPECT_EQ(ok.at(0).at("state"), "Permitted");
  EXPECT_EQ(ok.at(1).at("state"), "Rejected");
  EXPECT_EQ(ok.at(1).at("id"), "v2.users.someone.presence");
}

TEST(subscriptions, more_than_1000_topics_on_a_channel_is_400) {
  sim_options o = small_options();
  o.workload.queues = 1001;
  sim_fixture f(o);
  const auto id = f.create_channel();
  const auto base = "/api/v2/notifications/channels/" + id + "/subscriptions";
  std::vector<std::string> topics;
  for (std::size_t q = 0; q < 1000; ++q) topics.push_back(f.topic(q));
  ASSERT_EQ(f.api("PUT", base, subscription_body(topics)).status, 200u);
  const auto over = f.api("POST", base, subscription_body({f.topic(1000)}));
  EXPECT_EQ(over.status, 400u);
  EXPECT_EQ(json::parse(over.body).at("status").as_int64(), 400);
  EXPECT_EQ(json::parse(f.api("GET", base).body).at("entities").as_array().size(), 1000u);
}

}  // namespace
}  // namespace wmpulse::sim::testing
