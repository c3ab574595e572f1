#pragma once
// OAuth2 client-credentials token (facts §2): cached, refreshed ahead of expiry by trusting
// `expires_in`, one request in flight however many callers wait. 429 honours Retry-After,
// other transient failures back off exponentially with full jitter. Rejected credentials
// are a fatal error, never retried. The secret goes only into the Authorization header.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/backoff.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "genesys/delay.hpp"
#include "genesys/http_client.hpp"
#include "net/wake_signal.hpp"

namespace wmpulse::genesys {

struct token_settings {
  std::string login_base;  // https://login.<domain>
  std::string client_id;
  std::string client_secret;
  core::millis refresh_margin_ms = 5 * 60'000;  // at most; capped at a tenth of the lifetime
  core::millis backoff_base_ms = 500;
  core::millis backoff_cap_ms = 30'000;
  int max_attempts = 0;  // per fetch; 0 = until success or a fatal error
};

struct auth_error {
  bool fatal = false;  // the configuration is wrong: print and exit
  std::string message;
};

using token_result = core::result<std::string, auth_error>;

class token_cache {
public:
  token_cache(http_transport& transport, const core::clock& clock, token_settings settings, delay_fn delay);
  ~token_cache();

  // A valid access token, fetching one when there is none or it is due for refresh.
  asio::awaitable<token_result> get();

  // Drops the token when it is still the current one (an API call got 401 with it).
  void invalidate(const std::string& token);
  // Drops whatever token is cached (the service said it was revoked).
  void drop() { token_.clear(); }

  std::uint64_t fetches() const { return fetches_; }         // token requests sent
  std::uint64_t tokens_issued() const { return issued_; }
  // On the clock's steady reading: a wall clock step neither expires a token early nor keeps it late.
  std::optional<core::millis> expires_at() const;
  std::optional<core::millis> refresh_at() const;
  // Why the last token request failed transiently (empty after a success); never a secret.
  const std::string& last_failure() const { return last_failure_; }

private:
  asio::awaitable<token_result> fetch();
  asio::awaitable<std::optional<token_result>> attempt();
  bool fresh() const;

  http_transport& transport_;
  const core::clock& clock_;
  token_settings settings_;
  delay_fn delay_;
  core::backoff backoff_;
  std::string token_;
  core::millis refresh_at_ = 0;
  core::millis expires_at_ = 0;
  std::optional<auth_error> fatal_;
  bool fetching_ = false;
  std::optional<net::wake_signal> fetch_done_;  // notified when a fetch ends: wakes waiters
  std::uint64_t fetches_ = 0;
  std::uint64_t issued_ = 0;
  std::string last_failure_;
};


}  // namespace wmpulse::genesys
