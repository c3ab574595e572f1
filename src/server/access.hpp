#pragma once
// Who may read what: bearer tokens and HTTP Basic users with hashed passwords, each holding
// roles, checked once per request before routing (docs/ACCESS.md).
//
//   viewer   GraphQL over HTTP and WebSocket (queries, subscriptions, GraphiQL's requests)
//   metrics  /metrics
//   open     /livez, /readyz, /healthz, and the static assets (dashboard and GraphiQL pages:
//            code without data; the data they show is asked for with a credential)
//
// Passwords are crypt(3) hashes (libxcrypt: bcrypt `$2b$`/`$2y$`, yescrypt `$y$`, …), the
// hashes `htpasswd -B` and `mkpasswd` write and exporter-toolkit's web config holds. Tokens are
// stored as their SHA-256 (they are random, so a fast hash suffices and a request costs no
// key stretching). Every comparison of secrets is constant-time.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "server/http_exchange.hpp"

namespace wmpulse::server {

enum class role : unsigned { viewer = 1, metrics = 2 };
using role_set = unsigned;  // bits of role
constexpr role_set bit(role r) { return static_cast<role_set>(r); }
// "viewer" or "metrics"; nullopt for another name.
std::optional<role> role_from_name(std::string_view name);

struct access_user {
  std::string name;
  std::string password_hash;  // crypt(3) string
  role_set roles = 0;
};
struct access_token {
  std::string name;  // for the operator; never compared
  std::string sha256;  // 64 hex digits of the token's SHA-256
  role_set roles = 0;
};
struct access_config {
  std::vector<access_user> users;
  std::vector<access_token> tokens;
  bool open() const { return users.empty() && tokens.empty(); }
};

// Why an access_config cannot be used (a hash libxcrypt does not take, a bad token digest,
// no role, a duplicate user), naming the entry; empty when it can.
std::string access_config_problem(const access_config& config);

// What a request needs.
enum class requirement { open, viewer, metrics };
requirement requirement_for(const http_request_view& request, std::string_view ws_path);

struct access_stats {
  std::uint64_t unauthenticated = 0;  // 401: no credential, a malformed one, or a wrong one
  std::uint64_t forbidden = 0;        // 403: a good credential without the role
  std::uint64_t bad_credentials = 0;  // of the 401s: a credential that did not verify
  std::uint64_t password_hashes = 0;  // crypt(3) runs (cache misses, unknown users included)
};

class access_control {
public:
  // Compares secrets; constant_time_equal unless a test counts the calls.
  using equal_fn = std::function<bool(std::string_view, std::string_view)>;
  // `config` must have no access_config_problem.
  explicit access_control(access_config config, equal_fn equal = {});

  bool open() const { return config_.open(); }
  const access_config& config() const { return config_; }
  // The roles an Authorization header value proves; nullopt when it proves nothing (absent,
  // malformed, unknown user, wrong password, unknown token). Thread-safe.
  std::optional<role_set> authenticate(std::string_view authorization) const;
  // The refusal for a request that `need`s a role and does not prove it (401 with
  // WWW-Authenticate, or 403); nullopt when it may pass. Counted.
  std::optional<http_answer> refusal(requirement need, std::string_view authorization) const;
  // graphql-ws: whether connection_init's `authorization` value proves viewer. Counted.
  bool admits_viewer(std::string_view authorization) const;

  access_stats stats() const;

private:
  std::optional<role_set> by_token(std::string_view token) const;
  std::optional<role_set> by_password(std::string_view user, std::string_view password) const;
  bool verify_hash(std::string_view password, const std::string& hash) const;
  http_answer challenge() const;

  access_config config_;
  equal_fn equal_;
  std::string cache_salt_;  // random per process: cache keys say nothing outside it
  mutable std::mutex cache_mutex_;
  mutable std::unordered_map<std::string, role_set> verified_;  // SHA-256(salt, user, password) → roles
  mutable std::atomic<std::uint64_t> unauthenticated_{0}, forbidden_{0}, bad_credentials_{0}, password_hashes_{0};
};

}  // namespace wmpulse::server

#include "server/graphql_ws_backend.hpp"

namespace wmpulse::server {

// graphql-ws for a socket whose upgrade carried no credential: connection_init's payload must
// hold one (`{"authorization": "Bearer …"}` or "Basic …") proving viewer, else the socket is
// closed with 4403 Forbidden. Everything else goes to `inner`.
class viewer_gate_backend final : public graphql_ws_backend {
public:
  viewer_gate_backend(graphql_ws_backend& inner, std::shared_ptr<const access_control> gate)
      : inner_(inner), gate_(std::move(gate)) {}
  std::optional<boost::json::object> accept(const boost::json::object* init_payload) override;
  core::result<ws_operation, boost::json::array> prepare(const ws_request& request) override {
    return inner_.prepare(request);
  }

private:
  graphql_ws_backend& inner_;
  std::shared_ptr<const access_control> gate_;
};

}  // namespace wmpulse::server
