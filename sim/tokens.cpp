#include "sim/tokens.hpp"

namespace wmpulse::sim {

std::string token_store::issue(const std::string& client_id) {
  std::string token;
  for (int i = 0; i < 3; ++i) {
    const auto part = rng_.uuid();
    for (char c : part)
      if (c != '-') token += c;
  }
  tokens_[token] = token_info{client_id, wall_.now_ms() + lifetime_ms_, false, 0, 0};
  return token;
}

token_check token_store::check(std::string_view authorization, std::string& token) const {
  constexpr std::string_view prefix = "bearer ";
  if (authorization.size() <= prefix.size()) return token_check::missing;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != prefix[i]) return token_check::missing;
  token = std::string(authorization.substr(prefix.size()));
  return check_token(token);
}

token_check token_store::check_token(const std::string& token) const {
  if (token.empty()) return token_check::missing;
  const auto it = tokens_.find(token);
  if (it == tokens_.end()) return token_check::unknown;
  if (it->second.revoked) return token_check::revoked;
  if (wall_.now_ms() >= it->second.expires_at) return token_check::expired;
  return token_check::ok;
}

const token_info* token_store::find(const std::string& token) const {
  const auto it = tokens_.find(token);
  return it == tokens_.end() ? nullptr : &it->second;
}

std::optional<long long> token_store::consume(const std::string& token) {
  auto& t = tokens_.at(token);
  const millis now = wall_.now_ms();
  if (t.used_in_window == 0 || now - t.window_start >= 60'000) {
    t.window_start = now;
    t.used_in_window = 0;
  }
  if (t.used_in_window >= per_minute_) return (t.window_start + 60'000 - now + 999) / 1000;
  ++t.used_in_window;
  return std::nullopt;
}

void token_store::revoke_all() {
  for (auto& [_, t] : tokens_) t.revoked = true;
}

void token_store::revoke(const std::string& token) {
  if (auto it = tokens_.find(token); it != tokens_.end()) it->second.revoked = true;
}

}  // namespace wmpulse::sim
