#include "genesys/token_cache.hpp"

#include <algorithm>
#include <chrono>

#include <boost/beast/core/detail/base64.hpp>
#include <boost/json.hpp>

#include "core/log.hpp"
#include "genesys/json_number.hpp"

namespace wmpulse::genesys {
namespace json = boost::json;
namespace {

using fail = core::failure<auth_error>;

// A longer `expires_in` is taken as this (a year), which keeps every sum with it far from overflow.
constexpr std::int64_t max_token_lifetime_s = 366LL * 24 * 3600;

std::string error_code_of(const std::string& body) {
  boost::system::error_code ec;
  auto v = json::parse(body, ec);
  if (ec || !v.is_object()) return {};
  auto it = v.get_object().find("error");
  if (it == v.get_object().end() || !it->value().is_string()) return {};
  std::string code(it->value().get_string());
  // Only a short token-like code goes into messages, never free text from the peer.
  if (code.size() > 64 || code.find_first_not_of("abcdefghijklmnopqrstuvwxyz_.-") != std::string::npos) return {};
  return code;
}

}  // namespace

delay_fn timer_delay() {
  return [](core::millis ms) -> asio::awaitable<void> {
    asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::milliseconds(std::max<core::millis>(ms, 0)));
    co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
  };
}

std::string basic_authorization(const std::string& id, const std::string& secret) {
  namespace b64 = boost::beast::detail::base64;
  const std::string plain = id + ":" + secret;
  std::string out(b64::encoded_size(plain.size()), '\0');
  out.resize(b64::encode(out.data(), plain.data(), plain.size()));
  return "Basic " + out;
}

token_cache::token_cache(http_transport& transport, const core::clock& clock, token_settings settings, delay_fn delay)
    : transport_(transport),
      clock_(clock),
      settings_(std::move(settings)),
      delay_(std::move(delay)),
      backoff_(settings_.backoff_base_ms, settings_.backoff_cap_ms) {}

token_cache::~token_cache() {
  if (fetch_done_) fetch_done_->notify();
}

bool token_cache::fresh() const { return !token_.empty() && clock_.steady_ms() < refresh_at_; }

std::optional<core::millis> token_cache::expires_at() const {
  if (token_.empty()) return std::nullopt;
  return expires_at_;
}

std::optional<core::millis> token_cache::refresh_at() const {
  if (token_.empty()) return std::nullopt;
  return refresh_at_;
}

void token_cache::invalidate(const std::string& token) {
  if (token == token_) token_.clear();
}

asio::awaitable<token_result> token_cache::get() {
  for (;;) {
    if (fatal_) co_return fail{*fatal_};
    if (fresh()) co_return token_;
    if (!fetching_) {
      auto fetched = co_await fetch();
      co_return fetched;
    }
    co_await fetch_done_->wait();
  }
}

asio::awaitable<token_result> token_cache::fetch() {
  fetching_ = true;
  if (!fetch_done_) fetch_done_.emplace(co_await asio::this_coro::executor);
  token_result result = fail{auth_error{false, "no token"}};
  for (int attempt_no = 1;; ++attempt_no) {
    auto r = co_await attempt();
    if (r) {
      result = std::move(*r);
      break;
    }
    if (settings_.max_attempts > 0 && attempt_no >= settings_.max_attempts) {
      result = fail{auth_error{false, "token request failed " + std::to_string(attempt_no) + " times"}};
      break;
    }
  }
  fetching_ = false;
  fetch_done_->notify();
  co_return result;
}

// One token request. nullopt: transient failure, already waited; retry.
asio::awaitable<std::optional<token_result>> token_cache::attempt() {
  http_request req;
  req.method = http::verb::post;
  req.url = settings_.login_base + "/oauth/token";
  req.headers.emplace_back("Authorization", basic_authorization(settings_.client_id, settings_.client_secret));
  req.content_type = "application/x-www-form-urlencoded";
  req.body = "grant_type=client_credentials";
  ++fetches_;
  const core::millis sent_at = clock_.steady_ms();
  auto res = co_await transport_.send(req);
  if (res && res.value().status == 200) {
    boost::system::error_code ec;
    auto v = json::parse(res.value().body, ec);
    const json::object* o = !ec && v.is_object() ? &v.get_object() : nullptr;
    auto tok = o ? o->find("access_token") : nullptr;
    auto exp = o ? o->find("expires_in") : nullptr;
    const auto expires_in_s = o && exp != o->end() ? clamped_integer(exp->value(), 0, max_token_lifetime_s) : std::nullopt;
    if (o && tok != o->end() && tok->value().is_string() && expires_in_s) {
      const core::millis lifetime = *expires_in_s * 1000;
      token_ = std::string(tok->value().get_string());
      core::add_log_secret(token_, core::secret_lifetime::rotating);
      expires_at_ = sent_at + lifetime;
      refresh_at_ = expires_at_ - std::min(settings_.refresh_margin_ms, lifetime / 10);
      backoff_.reset();
      ++issued_;
      last_failure_.clear();
      co_return token_result{token_};
    }
  }
  if (res && (res.value().status == 400 || res.value().status == 401 || res.value().status == 403)) {
    const std::string code = error_code_of(res.value().body);
    fatal_ = auth_error{true, "Genesys Cloud login refused the client credentials (HTTP " +
                                  std::to_string(res.value().status) + (code.empty() ? "" : ", " + code) +
                                  "): check the client id and secret and that the region matches the OAuth client"};
    co_return token_result{fail{*fatal_}};
  }
  last_failure_ = res ? "HTTP " + std::to_string(res.value().status) : res.error().message;
  core::millis wait = backoff_.next_delay();
  if (res && res.value().status == 429)
    if (auto ra = retry_after_ms(res.value())) wait = *ra;
  co_await delay_(wait);
  co_return std::nullopt;
}

}  // namespace wmpulse::genesys
