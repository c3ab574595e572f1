#pragma once
// Authenticated calls to https://api.<domain>/api/v2/…: Bearer token from the cache, 401 drops
// the token and retries once with a new one, 429 waits Retry-After, transport errors and 5xx
// back off with jitter; requests are paced below the per-token rate limit.
#include <cstdint>
#include <deque>
#include <string>

#include "core/backoff.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "genesys/delay.hpp"
#include "genesys/http_client.hpp"
#include "genesys/token_cache.hpp"

namespace wmpulse::genesys {

struct api_settings {
  std::string api_base;  // https://api.<domain>
  int requests_per_minute = 240;
  core::millis backoff_base_ms = 500;
  core::millis backoff_cap_ms = 30'000;
  int max_attempts = 8;  // per call, for 429 / 5xx / transport failures
};

struct api_error {
  bool fatal = false;   // credentials refused: stop the connector
  unsigned status = 0;  // last HTTP status, 0 for transport failures
  std::string message;
};

using api_result = core::result<http_response, api_error>;

struct api_counters {
  std::uint64_t requests = 0;
  std::uint64_t rate_limited = 0;      // 429 answers
  std::uint64_t unauthorized = 0;      // 401 answers (token dropped and refetched)
  std::uint64_t transient_failures = 0;
};

class api_client {
public:
  api_client(http_transport& transport, token_cache& tokens, const core::clock& clock, api_settings settings,
             delay_fn delay);

  // Returns the response for 2xx and for 4xx other than 401/429 (the caller judges those).
  // Arguments by reference (see http_transport::send); temporaries live until the call ends.
  asio::awaitable<api_result> call(http::verb method, const std::string& target, const std::string& json_body = {});

  const api_counters& counters() const { return counters_; }

private:
  asio::awaitable<void> pace();

  http_transport& transport_;
  token_cache& tokens_;
  const core::clock& clock_;
  api_settings settings_;
  delay_fn delay_;
  core::backoff backoff_;
  std::deque<core::millis> recent_;  // send times within the last minute
  api_counters counters_;
};

}  // namespace wmpulse::genesys
