#pragma once
// Access tokens issued by POST /oauth/token, and the per-token rate limit (requests per
// minute, fixed one-minute windows anchored at the first request). Wall time.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"
#include "sim/random.hpp"

namespace wmpulse::sim {

using core::millis;

enum class token_check { ok, missing, unknown, expired, revoked };

struct token_info {
  std::string client_id;
  millis expires_at = 0;
  bool revoked = false;
  millis window_start = 0;
  int used_in_window = 0;
};

class token_store {
public:
  token_store(const core::clock& wall, std::uint64_t seed, millis lifetime_ms, int per_minute)
      : wall_(wall), rng_(derive_seed(seed, 7, 0)), lifetime_ms_(lifetime_ms), per_minute_(per_minute) {}

  // A new token for the client; its lifetime in seconds is lifetime_seconds().
  std::string issue(const std::string& client_id);
  long long lifetime_seconds() const { return lifetime_ms_ / 1000; }

  // Checks an "Authorization" header value ("Bearer <token>"); sets `token` to the bare token.
  token_check check(std::string_view authorization, std::string& token) const;
  token_check check_token(const std::string& token) const;
  const token_info* find(const std::string& token) const;

  // Counts one request; when over the limit returns the seconds to wait (Retry-After).
  std::optional<long long> consume(const std::string& token);

  void revoke_all();
  void revoke(const std::string& token);
  std::size_t size() const { return tokens_.size(); }

private:
  const core::clock& wall_;
  rng rng_;
  millis lifetime_ms_;
  int per_minute_;
  std::unordered_map<std::string, token_info> tokens_;
};

}  // namespace wmpulse::sim
