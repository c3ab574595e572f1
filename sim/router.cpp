// simulator::handle: role check, bearer auth, faults and the rate limit, then the area routes.
#include "sim/routes.hpp"
#include "sim/simulator.hpp"

#include <boost/json/object.hpp>

#include "core/log.hpp"

namespace wmpulse::sim {
namespace json = boost::json;
namespace {

answer not_found() { return genesys_error(404, "not.found", "The requested resource was not found."); }

answer too_many(long long retry_after) {
  auto a = genesys_error(429, "too.many.requests.retry.after",
                         "Rate limit exceeded the maximum. Retry the request in [" + std::to_string(retry_after) +
                             "] seconds");
  a.headers.emplace_back("Retry-After", std::to_string(retry_after));
  return a;
}

answer unauthorized(token_check check) {
  if (check == token_check::missing)
    return genesys_error(401, "authentication.required", "No authentication bearer token specified in authorization header.");
  return genesys_error(401, "bad.credentials", "Invalid login credentials.");
}

answer tokens_me(simulator& sim, const net::http_request_view& r, const std::string& token) {
  if (r.method == "DELETE") {
    sim.tokens().revoke(token);
    return empty_answer(204);
  }
  if (r.method != "GET") return genesys_error(405, "method.not.allowed", "Method not allowed");
  const auto* info = sim.tokens().find(token);
  return json_answer(200, json::object{{"organization", json::object{{"id", "00000000-0000-4000-8000-0000000000a1"}}},
                                       {"OAuthClient", json::object{{"id", info->client_id}}}});
}

}  // namespace

answer simulator::handle(const net::http_request_view& r, unsigned roles) {
  ++stats_.requests;
  answer a = dispatch(r, roles);
  // Method, path and status only: tokens, query strings and bodies may hold secrets.
  if (core::current_log_level() <= core::log_level::debug)
    core::log_debug("sim", std::string(r.method) + " " + std::string(r.path()) + " -> " + std::to_string(a.status) + " (" +
                               std::to_string(a.body.size()) + " bytes)");
  return a;
}

answer simulator::dispatch(const net::http_request_view& r, unsigned roles) {
  if (r.path() == "/oauth/token") return roles & role_login ? route_login(*this, r) : not_found();
  if (r.path().starts_with("/sim/")) return roles & role_api ? route_sim(*this, r) : not_found();
  if (!r.path().starts_with("/api/v2/") || !(roles & role_api)) return not_found();
  std::string token;
  if (const auto check = tokens_.check(r.header("authorization"), token); check != token_check::ok)
    return unauthorized(check);
  if (burst_429_left_ > 0) {
    --burst_429_left_;
    ++stats_.throttled;
    return too_many(burst_retry_after_);
  }
  if (const auto wait = tokens_.consume(token)) {
    ++stats_.throttled;
    return too_many(*wait);
  }
  answer a;
  if (r.path().starts_with("/api/v2/routing/queues")) a = route_queues(*this, r);
  else if (r.path().starts_with("/api/v2/notifications/")) a = route_notifications(*this, r, token);
  else if (details_held_ && r.path() == "/api/v2/analytics/conversations/details/query") {
    ++stats_.details_refused;
    a = genesys_error(503, "service.unavailable", "The service is currently unavailable.");
  } else if (r.path().starts_with("/api/v2/analytics/")) a = route_analytics(*this, r);
  else if (r.path().starts_with("/api/v2/conversations/messages/")) {
    a = route_conversations(*this, r);
    if (a.status == 200) ++stats_.message_conversations;
  }
  else if (r.path() == "/api/v2/tokens/me") a = tokens_me(*this, r, token);
  else a = not_found();
  if (slow_left_ > 0) {
    --slow_left_;
    a.delay_ms = slow_once_ms_;
  } else {
    a.delay_ms = options_.rates.slow_ms;
  }
  return a;
}

}  // namespace wmpulse::sim
