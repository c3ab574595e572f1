#include "genesys/api_client.hpp"

namespace wmpulse::genesys {
namespace {
using fail = core::failure<api_error>;
}

api_client::api_client(http_transport& transport, token_cache& tokens, const core::clock& clock,
                       api_settings settings, delay_fn delay)
    : transport_(transport),
      tokens_(tokens),
      clock_(clock),
      settings_(std::move(settings)),
      delay_(std::move(delay)),
      backoff_(settings_.backoff_base_ms, settings_.backoff_cap_ms) {}

asio::awaitable<void> api_client::pace() {
  constexpr core::millis minute = 60'000;
  for (;;) {
    const core::millis now = clock_.steady_ms();
    while (!recent_.empty() && now - recent_.front() >= minute) recent_.pop_front();
    if (static_cast<int>(recent_.size()) < settings_.requests_per_minute) break;
    co_await delay_(minute - (now - recent_.front()));
  }
  recent_.push_back(clock_.steady_ms());
}

asio::awaitable<api_result> api_client::call(http::verb method, const std::string& target, const std::string& json_body) {
  bool refetched = false;
  unsigned last_status = 0;
  std::string last_error;
  for (int attempt = 1; attempt <= settings_.max_attempts; ++attempt) {
    auto token = co_await tokens_.get();
    if (!token) co_return fail{api_error{token.error().fatal, 0, token.error().message}};
    co_await pace();
    http_request req;
    req.method = method;
    req.url = settings_.api_base + target;
    req.headers.emplace_back("Authorization", "Bearer " + token.value());
    if (!json_body.empty() || method == http::verb::post || method == http::verb::put) {
      req.content_type = "application/json";
      req.body = json_body;
    }
    ++counters_.requests;
    auto res = co_await transport_.send(req);
    if (!res) {
      ++counters_.transient_failures;
      last_status = 0;
      last_error = res.error().message;
      co_await delay_(backoff_.next_delay());
      continue;
    }
    const unsigned status = res.value().status;
    last_status = status;
    if (status == 401) {
      ++counters_.unauthorized;
      tokens_.invalidate(token.value());
      if (refetched) co_return fail{api_error{false, 401, "401 again after a new token"}};
      refetched = true;
      --attempt;  // the one refetch does not use up an attempt
      continue;
    }
    if (status == 429) {
      ++counters_.rate_limited;
      const auto wait = retry_after_ms(res.value());
      co_await delay_(wait ? *wait : backoff_.next_delay());
      continue;
    }
    if (status >= 500) {
      ++counters_.transient_failures;
      last_error = "HTTP " + std::to_string(status);
      co_await delay_(backoff_.next_delay());
      continue;
    }
    backoff_.reset();
    co_return std::move(res.value());
  }
  co_return fail{api_error{false, last_status,
                           "gave up after " + std::to_string(settings_.max_attempts) + " attempts" +
                               (last_error.empty() ? "" : " (" + last_error + ")")}};
}

}  // namespace wmpulse::genesys
