#include "genesys/token_cache.hpp"

#include <gtest/gtest.h>

#include "fake_transport.hpp"
#include "genesys/api_client.hpp"
#include "genesys/platform_api.hpp"

namespace wmpulse::genesys {
namespace {

using testing::fake_transport;
using testing::header;

const std::string secret = "very-secret-value";

struct token_fixture : ::testing::Test {
  asio::io_context ioc;
  core::manual_clock clock{1'000'000};
  fake_transport transport{ioc};
  std::vector<core::millis> waits;
  delay_fn delay = [this](core::millis ms) -> asio::awaitable<void> {
    waits.push_back(ms);
    clock.advance(ms);  // time passes instead of sleeping
    co_return;
  };
  token_settings settings() {
    token_settings s;
    s.login_base = "https://login.example.test";
    s.client_id = "client";
    s.client_secret = secret;
    s.refresh_margin_ms = 300'000;
    return s;
  }
  token_cache cache{transport, clock, settings(), delay};

  template <class T>
  T run(asio::awaitable<T> task) {
    std::optional<T> out;
    asio::co_spawn(
        ioc, [&]() -> asio::awaitable<void> { out.emplace(co_await std::move(task)); },
        [](std::exception_ptr e) {
          if (e) std::rethrow_exception(e);
        });
    ioc.run();
    ioc.restart();
    EXPECT_TRUE(out.has_value());
    return std::move(*out);
  }
};

std::string token_body(const std::string& token, int expires_in) {
  return R"({"access_token":")" + token + R"(","token_type":"bearer","expires_in":)" + std::to_string(expires_in) + "}";
}

TEST_F(token_fixture, fetches_with_basic_auth_and_form_body_and_caches) {
  transport.answer(200, token_body("t1", 86400));
  auto t = run(cache.get());
  ASSERT_TRUE(t);
  EXPECT_EQ(t.value(), "t1");
  ASSERT_EQ(transport.requests.size(), 1u);
  const auto& req = transport.requests[0];
  EXPECT_EQ(req.url, "https://login.example.test/oauth/token");
  EXPECT_EQ(req.method, http::verb::post);
  EXPECT_EQ(req.body, "grant_type=client_credentials");
  EXPECT_EQ(req.content_type, "application/x-www-form-urlencoded");
  EXPECT_EQ(header(req, "Authorization"), basic_authorization("client", secret));
  EXPECT_EQ(req.url.find(secret), std::string::npos);
  // Cached: no second request.
  EXPECT_EQ(run(cache.get()).value(), "t1");
  EXPECT_EQ(transport.requests.size(), 1u);
}

TEST_F(token_fixture, basic_authorization_is_base64_of_id_colon_secret) {
  EXPECT_EQ(basic_authorization("Aladdin", "open sesame"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
}

TEST_F(token_fixture, refreshes_ahead_of_expiry_trusting_expires_in) {
  transport.answer(200, token_body("t1", 600));  // 10 min: margin capped at a tenth = 60 s
  ASSERT_TRUE(run(cache.get()));
  EXPECT_EQ(cache.expires_at(), 1'000'000 + 600'000);
  EXPECT_EQ(cache.refresh_at(), 1'000'000 + 540'000);
  clock.advance(539'999);
  EXPECT_EQ(run(cache.get()).value(), "t1");
  clock.advance(1);
  transport.answer(200, token_body("t2", 86400));
  EXPECT_EQ(run(cache.get()).value(), "t2");
  EXPECT_EQ(cache.fetches(), 2u);
  // A day-long token refreshes 5 minutes (the configured margin) ahead.
  EXPECT_EQ(*cache.expires_at() - *cache.refresh_at(), 300'000);
}

TEST_F(token_fixture, concurrent_callers_share_one_request) {
  transport.hold(true);
  transport.answer(200, token_body("shared", 86400));
  int done = 0;
  for (int i = 0; i < 5; ++i)
    asio::co_spawn(
        ioc,
        [&]() -> asio::awaitable<void> {
          auto r = co_await cache.get();
          EXPECT_TRUE(r);
          if (r) {
            EXPECT_EQ(r.value(), "shared");
          }
          ++done;
        },
        asio::detached);
  ioc.poll();
  EXPECT_EQ(transport.requests.size(), 1u);
  EXPECT_EQ(done, 0);
  transport.hold(false);
  ioc.run();
  EXPECT_EQ(done, 5);
  EXPECT_EQ(cache.fetches(), 1u);
}

TEST_F(token_fixture, rate_limited_login_waits_retry_after) {
  transport.answer(429, R"({"message":"Rate limit exceeded","code":"too.many.requests.retry.after","status":429})", "7");
  transport.answer(200, token_body("t1", 86400));
  EXPECT_EQ(run(cache.get()).value(), "t1");
  ASSERT_EQ(waits.size(), 1u);
  EXPECT_EQ(waits[0], 7'000);
}

TEST_F(token_fixture, transient_failures_back_off_exponentially_with_jitter) {
  transport.fail_transport("connection refused");
  transport.answer(503, "{}");
  transport.fail_transport("timeout");
  transport.answer(200, token_body("t1", 86400));
  EXPECT_EQ(run(cache.get()).value(), "t1");
  ASSERT_EQ(waits.size(), 3u);
  // Full jitter: each wait lies in [0, base * 2^n].
  EXPECT_LE(waits[0], 500);
  EXPECT_LE(waits[1], 1000);
  EXPECT_LE(waits[2], 2000);
}

TEST_F(token_fixture, refused_credentials_are_fatal_and_never_retried) {
  transport.answer(400, R"({"error":"invalid_client","description":"authentication failed","error_description":"authentication failed"})");
  auto r = run(cache.get());
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().fatal);
  EXPECT_NE(r.error().message.find("invalid_client"), std::string::npos);
  EXPECT_EQ(r.error().message.find(secret), std::string::npos);
  // Asking again does not hit the login endpoint again.
  EXPECT_FALSE(run(cache.get()));
  EXPECT_EQ(transport.requests.size(), 1u);
  EXPECT_TRUE(waits.empty());
}

struct api_fixture : token_fixture {
  api_settings api_cfg() {
    api_settings a;
    a.api_base = "https://api.example.test";
    a.requests_per_minute = 3;
    return a;
  }
  api_client api{transport, cache, clock, api_cfg(), delay};
};

TEST_F(api_fixture, unauthorized_drops_the_token_and_refetches_once) {
  transport.answer(200, token_body("old", 86400));
  transport.answer(401, R"({"message":"token expired","status":401})");
  transport.answer(200, token_body("new", 86400));
  transport.answer(200, R"({"entities":[]})");
  auto r = run(api.call(http::verb::get, "/api/v2/routing/queues"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().status, 200u);
  ASSERT_EQ(transport.requests.size(), 4u);
  EXPECT_EQ(header(transport.requests[1], "Authorization"), "Bearer old");
  EXPECT_EQ(header(transport.requests[3], "Authorization"), "Bearer new");
  EXPECT_EQ(api.counters().unauthorized, 1u);
}

TEST_F(api_fixture, a_second_unauthorized_is_returned_not_looped) {
  transport.answer(200, token_body("a", 86400));
  transport.answer(401, "{}");
  transport.answer(200, token_body("b", 86400));
  transport.answer(401, "{}");
  auto r = run(api.call(http::verb::get, "/api/v2/routing/queues"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, 401u);
  EXPECT_FALSE(r.error().fatal);
  EXPECT_EQ(transport.requests.size(), 4u);
}

TEST_F(api_fixture, rate_limited_calls_wait_retry_after_then_succeed) {
  transport.answer(200, token_body("t", 86400));
  transport.answer(429, "{}", "3");
  transport.answer(200, "{}");
  auto r = run(api.call(http::verb::post, "/api/v2/notifications/channels"));
  ASSERT_TRUE(r);
  EXPECT_EQ(api.counters().rate_limited, 1u);
  ASSERT_FALSE(waits.empty());
  EXPECT_EQ(waits[0], 3'000);
}

TEST_F(api_fixture, requests_are_paced_below_the_per_minute_limit) {
  transport.answer(200, token_body("t", 86400));
  for (int i = 0; i < 4; ++i) transport.answer(200, "{}");
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(run(api.call(http::verb::get, "/x")));
  // The fourth call within the same minute had to wait for the first to age out.
  ASSERT_EQ(waits.size(), 1u);
  EXPECT_EQ(waits[0], 60'000);
}

TEST_F(api_fixture, fatal_login_failure_surfaces_as_fatal_api_error) {
  transport.answer(401, R"({"error":"invalid_client"})");
  auto r = run(api.call(http::verb::get, "/x"));
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().fatal);
}

// ---- numbers in any JSON form, capped waits (issue 10) ---------------------------------------

std::string token_body_raw(const std::string& expires_in) {
  return R"({"access_token":"t","token_type":"bearer","expires_in":)" + expires_in + "}";
}

TEST_F(token_fixture, expires_in_is_read_whatever_the_number_form) {
  transport.answer(200, token_body_raw("3599.5"));
  ASSERT_TRUE(run(cache.get()));
  EXPECT_EQ(cache.expires_at(), 1'000'000 + 3'599'000);
  cache.drop();
  transport.answer(200, token_body_raw("1e3"));
  ASSERT_TRUE(run(cache.get()));
  EXPECT_EQ(cache.expires_at(), 1'000'000 + 1'000'000);
}

TEST_F(token_fixture, an_absurd_expires_in_is_capped_not_overflowed) {
  for (const char* huge : {"1e300", "99999999999999999999999", "18446744073709551615"}) {
    transport.answer(200, token_body_raw(huge));
    ASSERT_TRUE(run(cache.get())) << huge;
    ASSERT_TRUE(cache.expires_at());
    EXPECT_EQ(*cache.expires_at(), 1'000'000 + 366LL * 24 * 3'600'000) << huge;
    EXPECT_GT(*cache.refresh_at(), 1'000'000) << huge;
    cache.drop();
  }
}

TEST_F(token_fixture, retry_after_is_capped_at_ten_minutes) {
  transport.answer(429, "{}", "86400");
  transport.answer(429, "{}", "99999999999999999999999999");
  transport.answer(200, token_body("t1", 86400));
  EXPECT_EQ(run(cache.get()).value(), "t1");
  ASSERT_EQ(waits.size(), 2u);
  EXPECT_EQ(waits[0], max_retry_after_s * 1000);
  EXPECT_EQ(waits[1], max_retry_after_s * 1000);
}

TEST_F(api_fixture, paging_counts_in_any_number_form_do_not_end_the_listing) {
  transport.answer(200, token_body("t", 86400));
  transport.answer(200, R"({"entities":[{"id":"q1"}],"pageCount":1.5})");
  auto ids = run(list_queues(api, 1));
  ASSERT_TRUE(ids);
  ASSERT_EQ(ids.value().size(), 1u);
  EXPECT_EQ(ids.value()[0].id, "q1");
}

TEST_F(api_fixture, the_queue_list_carries_names_and_comes_sorted_by_id) {
  transport.answer(200, token_body("t", 86400));
  transport.answer(200, R"({"entities":[{"id":"q2","name":"Sales"},{"id":"q1","name":"Billing"},{"id":"q3"}],"pageCount":1})");
  auto queues = run(list_queues(api, 3));
  ASSERT_TRUE(queues);
  EXPECT_EQ(queues.value(), (std::vector<events::queue_label>{{"q1", "Billing"}, {"q2", "Sales"}, {"q3", ""}}));
}

TEST_F(api_fixture, details_total_hits_as_a_fraction_is_read) {
  transport.answer(200, token_body("t", 86400));
  transport.answer(200, R"({"conversations":[],"totalHits":12.5})");
  auto r = run(query_details(api, details_query{0, 1000, false, 100}));
  ASSERT_TRUE(r);
  EXPECT_EQ(r.value().pages, 1);
}

// ---- steady clock for timing (issue 10) -------------------------------------------------------

TEST_F(token_fixture, a_wall_clock_step_does_not_refresh_the_token) {
  transport.answer(200, token_body("t1", 600));
  ASSERT_TRUE(run(cache.get()));
  clock.step_wall(24 * 3'600'000LL);  // the host's time jumps a day ahead
  transport.answer(200, token_body("t2", 600));
  EXPECT_EQ(run(cache.get()).value(), "t1");
  EXPECT_EQ(cache.fetches(), 1u);
}

TEST_F(api_fixture, pacing_is_not_thrown_off_by_a_wall_clock_step_back) {
  transport.answer(200, token_body("t", 86400));
  for (int i = 0; i < 4; ++i) transport.answer(200, "{}");
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(run(api.call(http::verb::get, "/x")));
  clock.advance(60'000);
  clock.step_wall(-3'600'000);  // the host's time is set back an hour
  ASSERT_TRUE(run(api.call(http::verb::get, "/x")));
  EXPECT_TRUE(waits.empty()) << "waited " << (waits.empty() ? 0 : waits[0]) << " ms";
}

}  // namespace
}  // namespace wmpulse::genesys
