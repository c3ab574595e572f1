#include "server/access.hpp"

#include <crypt.h>
#include <openssl/rand.h>

#include <array>
#include <memory>
#include <set>
#include <stdexcept>

#include "net/http_auth.hpp"
#include "server/graphql_http.hpp"

namespace wmpulse::server {
namespace {

constexpr std::size_t max_cached_logins = 1024;

bool is_sha256_hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string hash_problem(const access_user& u) {
  const int check = crypt_checksalt(u.password_hash.c_str());
  if (check == CRYPT_SALT_OK) return {};
  if (check == CRYPT_SALT_METHOD_LEGACY)
    return "user \"" + u.name + "\": its password hash uses a legacy method (DES or MD5); use bcrypt ($2b$) or yescrypt ($y$)";
  return "user \"" + u.name + "\": its password_hash is not a crypt(3) hash libxcrypt accepts (e.g. $2b$… from `htpasswd -nB` or $y$… from `mkpasswd`)";
}

std::string random_salt() {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) throw std::runtime_error("no random bytes for the login cache");
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

}  // namespace

std::optional<role> role_from_name(std::string_view name) {
  if (name == "viewer") return role::viewer;
  if (name == "metrics") return role::metrics;
  return std::nullopt;
}

std::string access_config_problem(const access_config& config) {
  std::set<std::string> names;
  for (const auto& u : config.users) {
    if (u.name.empty() || u.name.find(':') != std::string::npos) return "a user name is empty or holds ':'";
    if (!names.insert(u.name).second) return "user \"" + u.name + "\" is listed twice";
    if (u.roles == 0) return "user \"" + u.name + "\" has no role (viewer, metrics)";
    if (auto p = hash_problem(u); !p.empty()) return p;
  }
  for (const auto& t : config.tokens) {
    if (t.roles == 0) return "token \"" + t.name + "\" has no role (viewer, metrics)";
    if (!is_sha256_hex(t.sha256))
      return "token \"" + t.name + "\": sha256 must be 64 lowercase hex digits (`printf %s \"$TOKEN\" | sha256sum`)";
  }
  return {};
}

requirement requirement_for(const http_request_view& request, std::string_view ws_path) {
  const std::string_view path = request.path();
  if (path == "/livez" || path == "/readyz" || path == "/healthz") return requirement::open;
  if (path == "/metrics") return requirement::metrics;
  if (path != ws_path) return requirement::open;  // static assets: no data
  const bool upgrade = !request.header("Upgrade").empty();
  return !upgrade && graphql_http_handler::wants_html(request) ? requirement::open : requirement::viewer;
}

access_control::access_control(access_config config, equal_fn equal)
    : config_(std::move(config)), equal_(equal ? std::move(equal) : equal_fn(net::constant_time_equal)),
      cache_salt_(random_salt()) {}

std::optional<role_set> access_control::authenticate(std::string_view authorization) const {
  if (auto token = net::parse_bearer_authorization(authorization)) return by_token(*token);
  if (auto basic = net::parse_basic_authorization(authorization)) return by_password(basic->user, basic->password);
  return std::nullopt;
}

// Every token's digest is compared, so the time does not say which one matched.
std::optional<role_set> access_control::by_token(std::string_view token) const {
  const std::string digest = net::sha256_hex(token);
  std::optional<role_set> found;
  for (const auto& t : config_.tokens)
    if (equal_(digest, t.sha256) && !found) found = t.roles;
  return found;
}

std::optional<role_set> access_control::by_password(std::string_view user, std::string_view password) const {
  if (config_.users.empty()) return std::nullopt;
  std::string key = cache_salt_;
  key.append(user).push_back('\0');
  key.append(password);
  key = net::sha256_hex(key);
  {
    std::lock_guard lock(cache_mutex_);
    if (auto it = verified_.find(key); it != verified_.end()) return it->second;
  }
  const access_user* found = nullptr;
  for (const auto& u : config_.users)
    if (u.name == user) found = &u;
  // An unknown user costs the same hashing as a wrong password: the time does not tell them apart.
  const bool ok = verify_hash(password, found ? found->password_hash : config_.users.front().password_hash) && found;
  if (!ok) return std::nullopt;
  std::lock_guard lock(cache_mutex_);
  if (verified_.size() >= max_cached_logins) verified_.clear();
  verified_.emplace(std::move(key), found->roles);
  return found->roles;
}

bool access_control::verify_hash(std::string_view password, const std::string& hash) const {
  ++password_hashes_;
  auto data = std::make_unique<crypt_data>();
  const std::string pw(password);
  const char* out = crypt_rn(pw.c_str(), hash.c_str(), data.get(), sizeof(crypt_data));
  return out && equal_(out, hash);
}

http_answer access_control::challenge() const {
  auto a = text_answer(401, "401 Unauthorized: this needs a credential (Authorization: Bearer <token> or Basic)\n");
  std::string challenges;
  if (!config_.users.empty()) challenges = R"(Basic realm="wmpulse", charset="UTF-8")";
  if (!config_.tokens.empty()) challenges += std::string(challenges.empty() ? "" : ", ") + R"(Bearer realm="wmpulse")";
  a.headers.emplace_back("WWW-Authenticate", std::move(challenges));
  return a;
}

std::optional<http_answer> access_control::refusal(requirement need, std::string_view authorization) const {
  if (need == requirement::open || open()) return std::nullopt;
  const auto roles = authenticate(authorization);
  if (!roles) {
    ++unauthenticated_;
    if (!authorization.empty()) ++bad_credentials_;
    return challenge();
  }
  const role wanted = need == requirement::metrics ? role::metrics : role::viewer;
  if (*roles & bit(wanted)) return std::nullopt;
  ++forbidden_;
  return text_answer(403, std::string("403 Forbidden: this credential lacks the ") +
                              (wanted == role::metrics ? "metrics" : "viewer") + " role\n");
}

bool access_control::admits_viewer(std::string_view authorization) const {
  if (open()) return true;
  const auto roles = authenticate(authorization);
  if (roles && (*roles & bit(role::viewer))) return true;
  ++(roles ? forbidden_ : unauthenticated_);
  if (!roles && !authorization.empty()) ++bad_credentials_;
  return false;
}

access_stats access_control::stats() const {
  return access_stats{unauthenticated_.load(), forbidden_.load(), bad_credentials_.load(), password_hashes_.load()};
}

}  // namespace wmpulse::server

namespace wmpulse::server {

std::optional<boost::json::object> viewer_gate_backend::accept(const boost::json::object* init_payload) {
  std::string_view authorization;
  if (init_payload) {
    for (const char* key : {"authorization", "Authorization"})
      if (auto* v = init_payload->if_contains(key); v && v->is_string()) authorization = v->get_string();
  }
  if (!gate_->admits_viewer(authorization)) return std::nullopt;
  return inner_.accept(init_payload);
}

}  // namespace wmpulse::server
